// The founding story at HTTP level (`examples/junlog/` (the founding story)), on the real stack: the embedded S3
// store with the junlog bucket CORS behind the edge with origin access control, signed cookies for the
// key group, the scenario's distribution files loaded verbatim, HTTPS with a certificate made at test time.

import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type TestContext, test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { startFrontgate } from '../../src/server/start-frontgate.ts';
import { generateKeyPair, getSignedCookies } from '../../src/signer/index.ts';
import { createCertificateAuthority, issueServerCertificate } from '../../src/tls/index.ts';

const scenario = join(import.meta.dirname, '../../examples/junlog');
const CDN_HOST = 'dev.cloudfront.junlog.dev';
const PAGE_ORIGIN = 'https://local.junlog.dev:3000';
const OBJECT = '/videos/course-1/intro.mp4';

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function httpsGet(url: string, ca: string, headers: Record<string, string>): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: u.port,
        path: u.pathname + u.search,
        servername: CDN_HOST,
        ca,
        headers: { host: u.host, ...headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function startJunlog(t: TestContext, options: { distributionFile: string; bucketCors?: unknown }) {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-junlog-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cookiesSpec = JSON.parse(await readFile(join(scenario, 'cookies.json'), 'utf8'));
  const keys = await generateKeyPair({ type: 'rsa' });
  const ca = createCertificateAuthority();
  const server = issueServerCertificate(ca, [CDN_HOST]);
  await writeFile(join(dir, 'server.pem'), server.cert);
  await writeFile(join(dir, 'server.key'), server.key);
  await writeFile(join(dir, 'public.pem'), keys.publicKeyPem);
  if (options.bucketCors === undefined)
    await copyFile(join(scenario, 'bucket-cors.json'), join(dir, 'bucket-cors.json'));
  else await writeFile(join(dir, 'bucket-cors.json'), JSON.stringify(options.bucketCors));
  await copyFile(join(scenario, options.distributionFile), join(dir, 'distribution.json'));
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({
      dataDir: 'data',
      s3: {
        listen: '127.0.0.1:0',
        region: 'ap-northeast-2',
        buckets: [{ name: 'junlog-media', cors: 'bucket-cors.json', allowedDistributions: ['E1JUNLOGDEV'] }],
      },
      edge: {
        listen: '127.0.0.1:0',
        tls: { listen: '127.0.0.1:0', cert: 'server.pem', key: 'server.key' },
        admin: { listen: '127.0.0.1:0' },
        distributions: [{ id: 'E1JUNLOGDEV', config: 'distribution.json' }],
        origins: { 'junlog-media.s3.ap-northeast-2.amazonaws.com': 'embedded' },
        publicKeys: [
          {
            Id: cookiesSpec.keyPairId,
            PublicKeyConfig: { CallerReference: 'test', Name: 'junlog-test', EncodedKey: 'public.pem' },
          },
        ],
        keyGroups: [
          { Id: cookiesSpec.keyGroupId, KeyGroupConfig: { Name: 'junlog', Items: [cookiesSpec.keyPairId] } },
        ],
      },
    }),
  );
  const running = await startFrontgate(loadConfigFile(join(dir, 'frontgate.json')), {
    logger: silentLogger,
    seed: async (store) => {
      await store.putObject(
        'junlog-media',
        OBJECT.slice(1),
        Readable.from([Buffer.from('not really a video')]),
        {
          contentType: 'video/mp4',
          userMetadata: {},
        },
      );
    },
  });
  t.after(() => running.close());
  const edgeUrl = running.edgeUrls.find((u) => u.startsWith('https://'));
  assert.ok(edgeUrl);
  const port = new URL(edgeUrl).port;
  const cdn = `https://${CDN_HOST}:${port}`;
  // The backend's cookies (cookies.json): custom policy, wildcard resource under the base path.
  const signed = getSignedCookies({
    keyPairId: cookiesSpec.keyPairId,
    privateKey: keys.privateKeyPem,
    policy: JSON.stringify({
      Statement: [
        {
          Resource: `${cdn}/${cookiesSpec.basePath}/*`,
          Condition: {
            DateLessThan: { 'AWS:EpochTime': Math.floor(Date.now() / 1000) + cookiesSpec.expiresInMs / 1000 },
          },
        },
      ],
    }),
  });
  const cookie = Object.entries(signed)
    .map(([n, v]) => `${n}=${v}`)
    .join('; ');
  const fetchMedia = (headers: Record<string, string>) => httpsGet(`${cdn}${OBJECT}`, ca.cert, headers);

  return { dir, running, cookie, fetchMedia };
}

test('junlog: wildcard CORS before the fix, still cached after the fix, echoed with credentials after invalidating /*', async (t) => {
  const { dir, running, cookie, fetchMedia } = await startJunlog(t, {
    distributionFile: 'distribution.before-fix.json',
  });
  // Step 1: no cookies (the browser refused them) → CloudFront's 403 MissingKey, no CORS headers.
  const denied = await fetchMedia({ origin: PAGE_ORIGIN });
  assert.equal(denied.status, 403);
  assert.equal(denied.headers['content-type'], 'text/xml');
  assert.match(denied.body, /<Code>MissingKey<\/Code>/);
  assert.equal(denied.headers['access-control-allow-origin'], undefined);

  // Step 2: cookies sent, distribution before the fix: S3 never saw Origin; the policy adds `*`.
  const before = await fetchMedia({ origin: PAGE_ORIGIN, cookie });
  assert.equal(before.status, 200, before.body);
  assert.equal(before.body, 'not really a video');
  assert.equal(before.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(before.headers['access-control-allow-origin'], '*');
  assert.equal(before.headers['access-control-allow-credentials'], undefined);

  // Step 3: the fixed distribution (ORP CORS-S3Origin) without an invalidation: the cached answer wins.
  await copyFile(join(scenario, 'distribution.after-fix.json'), join(dir, 'distribution.json'));
  await running.reload();
  const stillCached = await fetchMedia({ origin: PAGE_ORIGIN, cookie });
  assert.equal(stillCached.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(stillCached.headers['access-control-allow-origin'], '*');
  assert.equal(stillCached.headers['access-control-allow-credentials'], undefined);

  // Step 4: invalidate /* → the origin sees Origin and echoes it with credentials; the policy keeps them.
  const adminUrl = running.adminUrl;
  assert.ok(adminUrl);
  const created = await fetch(`${adminUrl}/invalidations`, {
    method: 'POST',
    body: JSON.stringify({ distributionId: 'E1JUNLOGDEV', paths: ['/*'] }),
  });
  assert.equal(created.status, 201);
  const fixed = await fetchMedia({ origin: PAGE_ORIGIN, cookie });
  assert.equal(fixed.status, 200);
  assert.equal(fixed.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(fixed.headers['access-control-allow-origin'], PAGE_ORIGIN);
  assert.equal(fixed.headers['access-control-allow-credentials'], 'true');
  assert.match(String(fixed.headers.vary), /Origin/);
});

test('junlog multi-origin trap: Origin forwarded by the ORP but not in the cache key serves the first origin header to the second', async (t) => {
  const otherOrigin = 'https://admin.junlog.dev:3000';
  const rules = JSON.parse(await readFile(join(scenario, 'bucket-cors.json'), 'utf8'));
  rules[0].AllowedOrigins = [PAGE_ORIGIN, otherOrigin];
  const { cookie, fetchMedia } = await startJunlog(t, {
    distributionFile: 'distribution.after-fix.json',
    bucketCors: rules,
  });
  const first = await fetchMedia({ origin: PAGE_ORIGIN, cookie });
  assert.equal(first.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(first.headers['access-control-allow-origin'], PAGE_ORIGIN);
  const second = await fetchMedia({ origin: otherOrigin, cookie });
  assert.equal(second.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(
    second.headers['access-control-allow-origin'],
    PAGE_ORIGIN,
    'the cached variant wins for every origin',
  );
});
