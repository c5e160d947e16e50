// Conformance: cache key and origin request rules through a real listener (AWS: "Cache behavior settings", "Understand the cache key", "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)",
// AWS: "Request and response behavior for Amazon S3 origins", "How CloudFront processes partial requests for an object (range GETs)"): legacy ForwardedValues end to end, HEAD/GET sharing, OPTIONS keyed by method only when cached,
// the Accept-Encoding table row by row, ranges on chunked origins, origin 416 and 304 revalidation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import {
  type OriginRequestRecord,
  type ScriptedResponse,
  startScriptedOrigin,
} from '../support/scripted-origin.ts';
import { Readable } from 'node:stream';

const HOST = 'key.example.test';

async function setup(
  t: import('node:test').TestContext,
  script: (req: OriginRequestRecord) => ScriptedResponse,
  overrides: Parameters<typeof distributionConfig>[0] = {},
  customPolicies?: Parameters<typeof compileTestDistribution>[0]['customPolicies'],
) {
  const origin = await startScriptedOrigin(script);
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1KEY',
    config: distributionConfig({ aliases: [HOST], ...overrides }),
    originUrls: { 'origin.example.com': origin.url, 'media.s3.us-east-1.amazonaws.com': origin.url },
    customPolicies,
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const send = (target: string, headers: Record<string, string> = {}, method = 'GET') =>
    sendRaw(harness.url, target, { method, headers: { host: HOST, ...headers } });
  return { origin, harness, send };
}

const legacy = (forwarded: Record<string, unknown>, ttl = { MinTTL: 0, DefaultTTL: 60, MaxTTL: 600 }) => ({
  CachePolicyId: undefined,
  ForwardedValues: {
    QueryString: false,
    Cookies: { Forward: 'none' },
    Headers: { Quantity: 0 },
    QueryStringCacheKeys: { Quantity: 0 },
    ...forwarded,
  },
  ...ttl,
});

test('legacy QueryString=true forwards every query string in viewer order and keys on all of them', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'q' }), {
    defaultBehavior: legacy({ QueryString: true }),
  });
  const results: string[] = [];
  for (const target of ['/q?b=2&a=1', '/q?b=2&a=1', '/q?a=1&b=2', '/q?b=2&a=3', '/q'])
    results.push((await send(target)).header('x-cache') ?? '');
  assert.deepEqual(
    results,
    ['Miss', 'Hit', 'Miss', 'Miss', 'Miss'].map((r) => `${r} from cloudfront`),
  );
  assert.deepEqual(
    origin.requests.map((r) => r.rawTarget),
    ['/q?b=2&a=1', '/q?a=1&b=2', '/q?b=2&a=3', '/q'],
  );
});

test('legacy QueryStringCacheKeys: all query strings reach the origin, only the listed ones are in the key', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'q' }), {
    defaultBehavior: legacy({ QueryString: true, QueryStringCacheKeys: { Quantity: 1, Items: ['size'] } }),
  });
  assert.equal((await send('/img?size=large&track=1')).header('x-cache'), 'Miss from cloudfront');
  assert.equal((await send('/img?track=2&size=large')).header('x-cache'), 'Hit from cloudfront');
  assert.equal((await send('/img?size=small&track=1')).header('x-cache'), 'Miss from cloudfront');
  assert.deepEqual(
    origin.requests.map((r) => r.rawTarget),
    ['/img?size=large&track=1', '/img?size=small&track=1'],
  );
});

test('legacy QueryString=false: the origin sees the path only and every query variant shares one entry', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'q' }), { defaultBehavior: legacy({}) });
  await send('/p?x=1');
  assert.equal((await send('/p?x=2')).header('x-cache'), 'Hit from cloudfront');
  assert.deepEqual(
    origin.requests.map((r) => r.rawTarget),
    ['/p'],
  );
});

test('legacy cookie whitelist: listed cookies are sorted by name, forwarded and keyed; Set-Cookie is kept', async (t) => {
  const { origin, send } = await setup(
    t,
    () => ({ headers: { 'set-cookie': 'seen=1; Path=/' }, body: 'c' }),
    {
      defaultBehavior: legacy({
        Cookies: { Forward: 'whitelist', WhitelistedNames: { Quantity: 2, Items: ['b', 'a'] } },
      }),
    },
  );
  const first = await send('/c', { cookie: 'z=9; b=2; a=1' });
  assert.equal(first.header('set-cookie'), 'seen=1; Path=/');
  assert.equal(origin.requests[0].headers.cookie, 'a=1; b=2');
  const hit = await send('/c', { cookie: 'a=1; b=2; z=0' });
  assert.equal(hit.header('x-cache'), 'Hit from cloudfront');
  assert.equal(
    hit.header('set-cookie'),
    'seen=1; Path=/',
    'Set-Cookie is cached with the object and replayed',
  );
  assert.equal((await send('/c', { cookie: 'a=1; b=3' })).header('x-cache'), 'Miss from cloudfront');
  assert.equal((await send('/c', { cookie: 'A=1; b=2' })).header('x-cache'), 'Miss from cloudfront');
});

test('legacy Cookies.Forward=all forwards every cookie, sorted, and keys on them', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'c' }), {
    defaultBehavior: legacy({ Cookies: { Forward: 'all' } }),
  });
  await send('/c', { cookie: 'zeta=1; alpha=2; Mid=3' });
  assert.equal(origin.requests[0].headers.cookie, 'Mid=3; alpha=2; zeta=1');
  assert.equal(
    (await send('/c', { cookie: 'alpha=2; zeta=1; Mid=3' })).header('x-cache'),
    'Hit from cloudfront',
  );
  assert.equal((await send('/c', { cookie: 'alpha=2; zeta=1' })).header('x-cache'), 'Miss from cloudfront');
});

test('legacy Cookies.Forward=none drops Cookie toward the origin and strips Set-Cookie from responses', async (t) => {
  const { origin, send } = await setup(t, () => ({ headers: { 'set-cookie': 'x=1' }, body: 'c' }), {
    defaultBehavior: legacy({}),
  });
  const res = await send('/c', { cookie: 'a=1' });
  assert.equal(res.header('set-cookie'), undefined);
  assert.equal(origin.requests[0].headers.cookie, undefined);
});

test('legacy header whitelist: listed headers are forwarded and keyed (names case-insensitive, values case-sensitive)', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'h' }), {
    defaultBehavior: legacy({ Headers: { Quantity: 1, Items: ['X-Device'] } }),
  });
  await send('/h', { 'x-device': 'mobile', 'x-other': 'o' });
  assert.equal(origin.requests[0].headers['x-device'], 'mobile');
  assert.equal(origin.requests[0].headers['x-other'], undefined);
  assert.equal((await send('/h', { 'X-DEVICE': 'mobile' })).header('x-cache'), 'Hit from cloudfront');
  assert.equal((await send('/h', { 'x-device': 'Mobile' })).header('x-cache'), 'Miss from cloudfront');
  assert.equal((await send('/h')).header('x-cache'), 'Miss from cloudfront');
});

test('legacy Headers "*" forwards every viewer header including Host (custom origin)', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'h' }), {
    defaultBehavior: legacy({ Headers: { Quantity: 1, Items: ['*'] } }),
  });
  await send('/h', { 'x-anything': '1', 'user-agent': 'probe/1' });
  assert.equal(origin.requests[0].headers['x-anything'], '1');
  assert.equal(origin.requests[0].headers['user-agent'], 'probe/1');
  assert.equal(origin.requests[0].headers.host, HOST);
});

test('GET fills the cache and HEAD is a Hit on that entry, with the GET headers and no body', async (t) => {
  const { origin, send } = await setup(t, () => ({
    headers: { 'content-type': 'text/plain', etag: '"g"', 'cache-control': 'max-age=60' },
    body: 'hello',
  }));
  await send('/s');
  const head = await send('/s', {}, 'HEAD');
  assert.equal(head.header('x-cache'), 'Hit from cloudfront');
  assert.equal(head.header('content-length'), '5');
  assert.equal(head.header('etag'), '"g"');
  assert.equal(head.text, '');
  assert.equal(origin.count(), 1);
});

test('OPTIONS is cached, separately from GET, only when it is a cached method', async (t) => {
  const script = (req: OriginRequestRecord): ScriptedResponse => ({
    headers: { 'cache-control': 'max-age=60', 'x-method': req.method },
    body: req.method === 'OPTIONS' ? '' : 'get-body',
  });
  const cachedOptions = {
    AllowedMethods: {
      Quantity: 3,
      Items: ['GET', 'HEAD', 'OPTIONS'],
      CachedMethods: { Quantity: 3, Items: ['GET', 'HEAD', 'OPTIONS'] },
    },
  };
  const { origin, send } = await setup(t, script, { defaultBehavior: cachedOptions });
  await send('/o');
  const o1 = await send('/o', {}, 'OPTIONS');
  assert.equal(o1.header('x-cache'), 'Miss from cloudfront', 'OPTIONS must not be served the GET entry');
  assert.equal(o1.header('x-method'), 'OPTIONS');
  const o2 = await send('/o', {}, 'OPTIONS');
  assert.equal(o2.header('x-cache'), 'Hit from cloudfront');
  assert.equal((await send('/o')).header('x-method'), 'GET');
  assert.equal(origin.count(), 2);

  const notCached = await setup(t, script, {
    defaultBehavior: {
      AllowedMethods: {
        Quantity: 3,
        Items: ['GET', 'HEAD', 'OPTIONS'],
        CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
      },
    },
  });
  await notCached.send('/o');
  const n1 = await notCached.send('/o', {}, 'OPTIONS');
  const n2 = await notCached.send('/o', {}, 'OPTIONS');
  assert.equal(n1.header('x-method'), 'OPTIONS');
  assert.equal(n2.header('x-cache'), 'Miss from cloudfront');
  assert.equal(notCached.origin.count(), 3);
});

// AWS: "Serve compressed files", row by row: both flags on (CachingOptimized), one flag on (custom policy).
const AE_ROWS: readonly {
  policy: 'both' | 'gzip-only';
  viewer: string | undefined;
  origin: string | undefined;
}[] = [
  { policy: 'both', viewer: 'gzip, deflate, br', origin: 'br,gzip' },
  { policy: 'both', viewer: 'br;q=0.5, gzip;q=1.0', origin: 'br,gzip' },
  { policy: 'both', viewer: 'gzip', origin: 'gzip' },
  { policy: 'both', viewer: 'br', origin: 'br' },
  { policy: 'both', viewer: 'deflate, zstd', origin: 'identity' },
  { policy: 'both', viewer: 'identity', origin: 'identity' },
  { policy: 'both', viewer: undefined, origin: undefined },
  { policy: 'gzip-only', viewer: 'gzip, br', origin: 'gzip' },
  { policy: 'gzip-only', viewer: 'br', origin: 'identity' },
];

test('Accept-Encoding normalisation reaches the origin as the table of AWS: "Serve compressed files" says', async (t) => {
  const gzipOnly = {
    cachePolicies: [
      {
        Id: 'gzip-only',
        CachePolicyConfig: {
          Name: 'gzip-only',
          MinTTL: 0,
          DefaultTTL: 60,
          MaxTTL: 600,
          ParametersInCacheKeyAndForwardedToOrigin: {
            EnableAcceptEncodingGzip: true,
            EnableAcceptEncodingBrotli: false,
            HeadersConfig: { HeaderBehavior: 'none' },
            CookiesConfig: { CookieBehavior: 'none' },
            QueryStringsConfig: { QueryStringBehavior: 'none' },
          },
        },
      },
    ],
  };
  const both = await setup(t, () => ({ body: 'ae' }));
  const one = await setup(
    t,
    () => ({ body: 'ae' }),
    { defaultBehavior: { CachePolicyId: 'gzip-only' } },
    gzipOnly,
  );
  for (const [index, row] of AE_ROWS.entries()) {
    const target = row.policy === 'both' ? both : one;
    const before = target.origin.count();
    await target.send(`/ae-${index}`, row.viewer === undefined ? {} : { 'accept-encoding': row.viewer });
    assert.equal(target.origin.count(), before + 1);
    const seen = target.origin.requests.at(-1)?.headers['accept-encoding'];
    assert.equal(seen, row.origin, `row ${index}: viewer ${row.viewer} under ${row.policy}`);
  }
  // identity (nothing accepted) shares the key with a request without Accept-Encoding.
  await both.send('/shared');
  assert.equal(
    (await both.send('/shared', { 'accept-encoding': 'deflate' })).header('x-cache'),
    'Hit from cloudfront',
  );
  assert.equal(
    (await both.send('/shared', { 'accept-encoding': 'gzip' })).header('x-cache'),
    'Miss from cloudfront',
  );
  assert.equal(
    (await both.send('/shared', { 'accept-encoding': 'br, gzip' })).header('x-cache'),
    'Miss from cloudfront',
  );
  assert.equal(
    (await both.send('/shared', { 'accept-encoding': 'gzip, br' })).header('x-cache'),
    'Hit from cloudfront',
  );
});

test('HTTP/1.0 viewers: Accept-Encoding is dropped (key and origin) and nothing is compressed', async (t) => {
  const body = 'a'.repeat(5000);
  const { origin, harness } = await setup(t, () => ({ headers: { 'content-type': 'text/plain' }, body }), {
    defaultBehavior: { Compress: true },
  });
  const res = await rawHttp10(
    harness.url,
    `GET /ten HTTP/1.0\r\nHost: ${HOST}\r\nAccept-Encoding: gzip\r\n\r\n`,
  );
  assert.match(res.head, /^HTTP\/1\.[01] 200/);
  assert.doesNotMatch(res.head, /content-encoding/i);
  assert.equal(res.body.length, 5000);
  assert.equal(origin.requests[0].headers['accept-encoding'], undefined);
  assert.match(res.head, /\r\nVia: 1\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)\r\n/);
  assert.match(String(origin.requests[0].headers.via), /^1\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
});

async function rawHttp10(baseUrl: string, request: string): Promise<{ head: string; body: Buffer }> {
  const { connect } = await import('node:net');
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      resolve({ head: all.subarray(0, split).toString('latin1'), body: all.subarray(split + 4) });
    });
  });
}

test('a chunked origin answer without Content-Length ignores Range on the miss (200 full), then the cache serves 206', async (t) => {
  const { origin, send } = await setup(t, () => ({
    headers: { 'content-type': 'application/octet-stream', 'cache-control': 'max-age=60' },
    body: () => Readable.from([Buffer.from('0123456789'), Buffer.from('abcdef')]),
  }));
  const miss = await send('/chunked', { range: 'bytes=2-5' });
  assert.equal(miss.status, 200);
  assert.equal(miss.text, '0123456789abcdef');
  assert.equal(origin.requests[0].headers.range, undefined);
  const hit = await send('/chunked', { range: 'bytes=2-5' });
  assert.equal(hit.status, 206);
  assert.equal(hit.text, '2345');
  assert.equal(hit.header('content-range'), 'bytes 2-5/16');
  assert.equal(origin.count(), 1);
});

test('Range edge cases from cache: descending or overlapping multi-ranges and invalid specs give 200 full', async (t) => {
  const { send } = await setup(t, () => ({ headers: { 'cache-control': 'max-age=60' }, body: '0123456789' }));
  await send('/r');
  for (const range of ['bytes=5-6,1-2', 'bytes=1-4,3-6', 'bytes=a-b', 'bytes=-', 'items=1-2']) {
    const res = await send('/r', { range });
    assert.equal(res.status, 200, range);
    assert.equal(res.text, '0123456789', range);
  }
  const suffix = await send('/r', { range: 'bytes=-3' });
  assert.equal(suffix.status, 206);
  assert.equal(suffix.text, '789');
  const open = await send('/r', { range: 'bytes=7-' });
  assert.equal(open.text, '789');
  const beyond = await send('/r', { range: 'bytes=20-30' });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.header('content-range'), 'bytes */10');
});

test('an origin 416 is passed through and never cached', async (t) => {
  const { origin, send } = await setup(t, () => ({
    status: 416,
    headers: { 'content-range': 'bytes */0', 'cache-control': 'max-age=300' },
    body: '',
  }));
  const first = await send('/empty', { range: 'bytes=0-10' });
  assert.equal(first.status, 416);
  assert.equal(first.header('x-cache'), 'Error from cloudfront');
  await send('/empty', { range: 'bytes=0-10' });
  assert.equal(origin.count(), 2);
});

test('revalidation: a 304 from the origin refreshes the TTL and keeps the stored headers and body (RefreshHit)', async (t) => {
  const { origin, harness, send } = await setup(
    t,
    (req): ScriptedResponse =>
      req.headers['if-none-match'] === '"v1"'
        ? { status: 304, headers: { etag: '"v1"', 'cache-control': 'max-age=30' } }
        : {
            headers: {
              etag: '"v1"',
              'last-modified': 'Tue, 13 Jan 2026 10:00:00 GMT',
              'cache-control': 'max-age=10',
              'content-type': 'text/css',
              'x-stored': 'kept',
            },
            body: 'body{}',
          },
  );
  await send('/style.css');
  harness.clock.advance(11);
  const refreshed = await send('/style.css');
  assert.equal(refreshed.header('x-cache'), 'RefreshHit from cloudfront');
  assert.equal(refreshed.header('x-stored'), 'kept');
  assert.equal(refreshed.header('content-type'), 'text/css');
  assert.equal(refreshed.header('cache-control'), 'max-age=30');
  assert.equal(refreshed.text, 'body{}');
  assert.equal(origin.requests[1].headers['if-none-match'], '"v1"');
  assert.equal(origin.requests[1].headers['if-modified-since'], 'Tue, 13 Jan 2026 10:00:00 GMT');
  harness.clock.advance(29);
  assert.equal((await send('/style.css')).header('x-cache'), 'Hit from cloudfront');
  assert.equal(origin.count(), 2);
});

test('viewer Cache-Control: no-cache and Pragma: no-cache do not force a refetch', async (t) => {
  const { origin, send } = await setup(t, () => ({ headers: { 'cache-control': 'max-age=60' }, body: 'x' }));
  await send('/nc');
  assert.equal(
    (await send('/nc', { 'cache-control': 'no-cache', pragma: 'no-cache' })).header('x-cache'),
    'Hit from cloudfront',
  );
  assert.equal(origin.count(), 1);
});
