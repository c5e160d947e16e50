// The benchmark entries: S3, edge cache hits and streaming, signed access,
// each a list of variants on different servers measured in the same rotation so their ratios compare like with like.

import { type BenchContext, need } from './bench-context.ts';
import type { BenchEntry, BenchVariant, PreparedVariant } from './bench-types.ts';
import { FIXTURE_SIZES, type FixtureName } from './lib/fixtures.ts';
import { probe, putFile } from './lib/presign-s3.ts';
import type { S3Endpoint } from './lib/presign-s3.ts';
import { isEdgeCacheHit } from './sides/frontgate-edge.ts';

/** Connections per entry: 64 for small bodies (docs/benchmarks.md), few for large ones so requests finish in a short run. */
const SMALL_CONNECTIONS = 64;
const PUT_CONNECTIONS = 16;
const LARGE_CONNECTIONS = 4;

async function expectBody(url: string, headers: Record<string, string>, fixture: FixtureName, what: string) {
  const r = await probe(url, headers);
  if (r.status !== 200 || r.bytes !== FIXTURE_SIZES[fixture]) {
    const body = r.status === 200 ? '' : `: ${r.head.replace(/\s+/g, ' ').slice(0, 200)}`;
    throw new Error(
      `${what}: expected 200 with ${FIXTURE_SIZES[fixture]} bytes, got ${r.status} with ${r.bytes}${body}`,
    );
  }
  return r;
}

type S3Server = { readonly pid: number; readonly endpoint: S3Endpoint; readonly bucket: string };

function s3Get(label: 'frontgate' | 's3rver', fixture: FixtureName, connections: number): BenchVariant {
  return {
    label,
    server: label,
    prepare: async (ctx: BenchContext): Promise<PreparedVariant> => {
      const server: S3Server = label === 'frontgate' ? need(ctx.frontgate) : need(ctx.s3rver);
      const key = `get/${fixture}`;
      await ctx.seed(server.endpoint, server.bucket, key, fixture);
      const url = await ctx.presigner(server.endpoint).presign('GET', server.bucket, key);
      await expectBody(url, {}, fixture, `${label} presigned GET ${key}`);
      return { url, method: 'GET', connections, serverPid: server.pid };
    },
  };
}

/** Diagnostic: the same GET without SigV4 (public-read object, no auth), to show what authentication costs. */
function frontgateAnonymousGet(fixture: FixtureName, connections: number): BenchVariant {
  return {
    label: 'frontgate anonymous',
    server: 'frontgate',
    prepare: async (ctx: BenchContext): Promise<PreparedVariant> => {
      const frontgate = need(ctx.frontgate);
      const key = `get/${fixture}`;
      await ctx.seed(frontgate.endpoint, frontgate.publicBucket, key, fixture);
      await ctx.presigner(frontgate.endpoint).makePublicRead(frontgate.publicBucket, key);
      const url = `${frontgate.endpoint.url}/${frontgate.publicBucket}/${key}`;
      await expectBody(url, {}, fixture, `frontgate anonymous GET ${key}`);
      return { url, method: 'GET', connections, serverPid: frontgate.pid };
    },
  };
}

function s3Put(label: 'frontgate' | 's3rver', fixture: FixtureName): BenchVariant {
  return {
    label,
    server: label,
    prepare: async (ctx: BenchContext): Promise<PreparedVariant> => {
      const server: S3Server = label === 'frontgate' ? need(ctx.frontgate) : need(ctx.s3rver);
      const key = `put/${fixture}`;
      const url = await ctx.presigner(server.endpoint).presign('PUT', server.bucket, key);
      await putFile(url, ctx.fixture(fixture));
      const check = await ctx.presigner(server.endpoint).presign('GET', server.bucket, key);
      await expectBody(check, {}, fixture, `${label} GET after presigned PUT ${key}`);
      return {
        url,
        method: 'PUT',
        bodyFile: ctx.fixture(fixture),
        connections: PUT_CONNECTIONS,
        serverPid: server.pid,
      };
    },
  };
}

function nginxHit(fixture: FixtureName, connections: number): BenchVariant {
  return {
    label: 'nginx',
    server: 'nginx',
    prepare: async (ctx: BenchContext) => {
      const nginx = need(ctx.nginx);
      const url = `${nginx.cacheUrl}/${fixture}`;
      await expectBody(url, {}, fixture, 'nginx proxy_cache fill');
      const second = await expectBody(url, {}, fixture, 'nginx proxy_cache hit');
      if (second.headers.get('x-cache-status') !== 'HIT') {
        throw new Error(
          `nginx second GET is not a cache hit (X-Cache-Status: ${second.headers.get('x-cache-status')})`,
        );
      }
      return { url, method: 'GET', connections, serverPid: nginx.pid };
    },
  };
}

/**
 * A GET through Frontgate's edge; `cookie` adds the signed cookies, `prefix` picks the behavior, and
 * `signatureCache: 'off'` uses the second Frontgate, started with `edge.signatureCacheEntries: 0`.
 */
function frontgateEdgeHit(input: {
  label: string;
  fixture: FixtureName;
  connections: number;
  prefix?: 'signed' | 'function';
  cookie?: boolean;
  signatureCache?: 'default' | 'off';
}): BenchVariant {
  return {
    label: input.label,
    server: 'frontgate',
    prepare: async (ctx: BenchContext) => {
      const off = input.signatureCache === 'off';
      const frontgate = need(off ? ctx.frontgateNoSignatureCache : ctx.frontgate);
      const edge = need(off ? ctx.frontgateEdgeNoSignatureCache : ctx.frontgateEdge);
      const prefix =
        input.prefix === 'signed'
          ? edge.signedPrefix
          : input.prefix === 'function'
            ? edge.functionPrefix
            : '';
      const key = `${prefix}${input.fixture}`;
      await ctx.seed(frontgate.endpoint, edge.originBucket, key, input.fixture);
      const url = `${edge.url}/${key}`;
      const headers: Record<string, string> = { ...edge.headers };
      if (input.prefix === 'signed') {
        const denied = await probe(url, headers);
        if (denied.status !== 403)
          throw new Error(`signed behavior answered ${denied.status} without cookies (want 403)`);
      }
      if (input.cookie) headers.cookie = edge.cookieHeader;
      await expectBody(url, headers, input.fixture, `frontgate edge fill ${key}`);
      const second = await expectBody(url, headers, input.fixture, `frontgate edge hit ${key}`);
      if (!isEdgeCacheHit(second.headers)) {
        throw new Error(
          `frontgate edge second GET is not a cache hit (X-Cache: ${second.headers.get('x-cache')})`,
        );
      }
      return { url, method: 'GET', headers, connections: input.connections, serverPid: frontgate.pid };
    },
  };
}

export function createEntries(): BenchEntry[] {
  const s3Ratios = [['frontgate', 's3rver']] as const;
  const edgeRatios = [['frontgate', 'nginx']] as const;
  return [
    {
      name: 's3-get-1k',
      group: 's3',
      title: 'S3 GET 1 KiB (presigned)',
      metric: 'rps',
      fixtures: ['1k.bin'],
      servers: ['frontgate', 's3rver'],
      ratios: [...s3Ratios, ['frontgate', 'frontgate anonymous']],
      variants: [
        s3Get('frontgate', '1k.bin', SMALL_CONNECTIONS),
        s3Get('s3rver', '1k.bin', SMALL_CONNECTIONS),
        frontgateAnonymousGet('1k.bin', SMALL_CONNECTIONS),
      ],
    },
    {
      name: 's3-get-64m',
      group: 's3',
      title: 'S3 GET 64 MiB (presigned)',
      metric: 'MBps',
      fixtures: ['64m.bin'],
      servers: ['frontgate', 's3rver'],
      ratios: s3Ratios,
      memoryGrowthLimit: 2,
      variants: [
        s3Get('frontgate', '64m.bin', LARGE_CONNECTIONS),
        s3Get('s3rver', '64m.bin', LARGE_CONNECTIONS),
      ],
    },
    {
      name: 's3-put-1m',
      group: 's3',
      title: 'S3 PUT 1 MiB (presigned)',
      metric: 'MBps',
      fixtures: ['1m.bin'],
      servers: ['frontgate', 's3rver'],
      ratios: s3Ratios,
      variants: [s3Put('frontgate', '1m.bin'), s3Put('s3rver', '1m.bin')],
    },
    {
      name: 'edge-hit-1k',
      group: 'edge',
      title: 'Edge cache hit 1 KiB',
      metric: 'rps',
      fixtures: ['1k.bin'],
      servers: ['frontgate', 'nginx'],
      ratios: edgeRatios,
      variants: [
        frontgateEdgeHit({ label: 'frontgate', fixture: '1k.bin', connections: SMALL_CONNECTIONS }),
        nginxHit('1k.bin', SMALL_CONNECTIONS),
      ],
    },
    {
      name: 'edge-hit-64k',
      group: 'edge',
      title: 'Edge cache hit 64 KiB',
      metric: 'rps',
      fixtures: ['64k.bin'],
      servers: ['frontgate', 'nginx'],
      ratios: edgeRatios,
      variants: [
        frontgateEdgeHit({ label: 'frontgate', fixture: '64k.bin', connections: SMALL_CONNECTIONS }),
        nginxHit('64k.bin', SMALL_CONNECTIONS),
      ],
    },
    {
      name: 'edge-stream-100m',
      group: 'edge',
      title: 'Edge 100 MiB object streamed (cached)',
      metric: 'MBps',
      fixtures: ['100m.bin'],
      servers: ['frontgate', 'nginx'],
      ratios: edgeRatios,
      memoryGrowthLimit: 2,
      variants: [
        frontgateEdgeHit({ label: 'frontgate', fixture: '100m.bin', connections: LARGE_CONNECTIONS }),
        nginxHit('100m.bin', LARGE_CONNECTIONS),
      ],
    },
    {
      name: 'signed-hit-1k',
      group: 'signed',
      title: 'Edge cache hit 1 KiB, signed cookies',
      metric: 'rps',
      fixtures: ['1k.bin'],
      servers: ['frontgate'],
      ratios: [
        ['signed, cache off', 'public'],
        ['signed, cache on', 'public'],
        ['signed, cache on', 'signed, cache off'],
      ],
      variants: [
        frontgateEdgeHit({ label: 'public', fixture: '1k.bin', connections: SMALL_CONNECTIONS }),
        // Every request carries the same three CloudFront-* cookies, as one viewer's browser would.
        frontgateEdgeHit({
          label: 'signed, cache off',
          fixture: '1k.bin',
          connections: SMALL_CONNECTIONS,
          prefix: 'signed',
          cookie: true,
          signatureCache: 'off',
        }),
        frontgateEdgeHit({
          label: 'signed, cache on',
          fixture: '1k.bin',
          connections: SMALL_CONNECTIONS,
          prefix: 'signed',
          cookie: true,
        }),
      ],
    },
    {
      name: 'function-hit-1k',
      group: 'functions',
      title: 'Edge cache hit 1 KiB, viewer-request CloudFront function',
      metric: 'rps',
      fixtures: ['1k.bin'],
      servers: ['frontgate'],
      ratios: [['viewer-request function', 'no function']],
      variants: [
        frontgateEdgeHit({ label: 'no function', fixture: '1k.bin', connections: SMALL_CONNECTIONS }),
        frontgateEdgeHit({
          label: 'viewer-request function',
          fixture: '1k.bin',
          connections: SMALL_CONNECTIONS,
          prefix: 'function',
        }),
      ],
    },
    {
      name: 'signed-verify-1k',
      group: 'signed',
      title:
        'Signed cookie with a signature never seen before, against one RSA-2048 SHA-1 verify in bare Node',
      metric: 'rps',
      fixtures: ['1k.bin'],
      servers: ['frontgate'],
      ratios: [['frontgate, every request verifies', 'bare node verify']],
      variants: [
        // The Frontgate started with the signature cache off: every request pays the RSA verify, which is
        // what a request with a new signature costs (with the cache on, a miss adds one LRU insert).
        frontgateEdgeHit({
          label: 'frontgate, every request verifies',
          fixture: '1k.bin',
          connections: SMALL_CONNECTIONS,
          prefix: 'signed',
          cookie: true,
          signatureCache: 'off',
        }),
        {
          label: 'bare node verify',
          server: 'node',
          prepare: async () => ({ verifyLoop: true, url: 'node:crypto.verify (RSA-2048, SHA-1)' }),
        },
      ],
    },
  ];
}
