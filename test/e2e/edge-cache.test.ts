// The edge cache end to end: X-Cache results, what enters the cache key, TTL rules, error caching and
// request collapsing, against a scripted origin that counts requests (AWS: "Cache behavior settings", "Understand cache policies", "How CloudFront processes HTTP 4xx and 5xx status codes from your origin", "Request and response behavior for Amazon S3 origins").

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';

async function setup(
  t: import('node:test').TestContext,
  script: Parameters<typeof startScriptedOrigin>[0],
  overrides: Parameters<typeof distributionConfig>[0] = {},
) {
  const origin = await startScriptedOrigin(script);
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1TEST',
    config: distributionConfig({ aliases: [HOST], ...overrides }),
    originUrls: { 'origin.example.com': origin.url, 'media.s3.us-east-1.amazonaws.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const get = (target: string, headers: Record<string, string> = {}, method = 'GET') =>
    sendRaw(harness.url, target, { method, headers: { host: HOST, ...headers } });
  return { origin, harness, get };
}

test('a first request is a Miss and the second a Hit with Age, both with CloudFront headers', async (t) => {
  const { origin, harness, get } = await setup(t, () => ({
    headers: { 'content-type': 'text/plain', etag: '"v1"' },
    body: 'hello',
  }));
  const first = await get('/a.txt');
  assert.equal(first.status, 200);
  assert.equal(first.text, 'hello');
  assert.equal(first.header('x-cache'), 'Miss from cloudfront');
  assert.match(first.header('via') ?? '', /^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
  assert.equal(first.header('x-amz-cf-pop'), 'IAD89-C1');
  assert.match(first.header('x-amz-cf-id') ?? '', /^[A-Za-z0-9_-]{54}==$/);
  assert.equal(first.header('age'), undefined);
  harness.clock.advance(7);
  const second = await get('/a.txt');
  assert.equal(second.text, 'hello');
  assert.equal(second.header('x-cache'), 'Hit from cloudfront');
  assert.equal(second.header('age'), '7');
  assert.equal(origin.count(), 1);
  assert.equal(origin.requests[0].headers['user-agent'], 'Amazon CloudFront');
  assert.equal(origin.requests[0].headers['x-amz-cf-id'], first.header('x-amz-cf-id'));
  assert.match(String(origin.requests[0].headers['x-forwarded-for']), /^127\.0\.0\.1$/);
  assert.equal(origin.requests[0].headers.host, 'origin.example.com');
});

test('an unknown Host gets CloudFront 403 HTML page', async (t) => {
  const { get } = await setup(t, () => ({ body: 'x' }));
  const res = await get('/a.txt', { host: 'nobody.example.test' });
  assert.equal(res.status, 403);
  assert.equal(res.header('x-cache'), 'Error from cloudfront');
  assert.equal(res.header('server'), 'CloudFront');
  assert.equal(res.header('content-type'), 'text/html');
  assert.match(res.text, /<H1>403 ERROR<\/H1>/);
  assert.ok(res.text.includes(`Request ID: ${res.header('x-amz-cf-id')}\n`));
});

test('with CachingOptimized the query string, cookies and other headers stay out of the key and away from the origin', async (t) => {
  const { origin, get } = await setup(t, () => ({ body: 'same' }));
  await get('/q.txt?a=1', { cookie: 'session=1', origin: 'https://a.example', 'accept-language': 'fr' });
  const second = await get('/q.txt?a=2', { cookie: 'session=2', origin: 'https://b.example' });
  assert.equal(second.header('x-cache'), 'Hit from cloudfront');
  assert.equal(origin.count(), 1);
  const seen = origin.requests[0];
  assert.equal(seen.rawTarget, '/q.txt');
  assert.equal(seen.headers.cookie, undefined);
  assert.equal(seen.headers.origin, undefined);
  assert.equal(seen.headers['accept-language'], undefined);
});

test('Accept-Encoding is normalised into the key: br,gzip and gzip are different entries, deflate-only is identity', async (t) => {
  const { origin, get } = await setup(t, () => ({ body: 'enc' }));
  await get('/e.txt', { 'accept-encoding': 'gzip, deflate, br' });
  await get('/e.txt', { 'accept-encoding': 'br;q=1.0, gzip;q=0.8' });
  await get('/e.txt', { 'accept-encoding': 'gzip' });
  await get('/e.txt', { 'accept-encoding': 'deflate' });
  assert.equal(origin.count(), 3);
  assert.deepEqual(
    origin.requests.map((r) => r.headers['accept-encoding']),
    ['br,gzip', 'gzip', 'identity'],
  );
});

test('a custom cache policy puts the selected query strings, headers and cookies into the key, in viewer order', async (t) => {
  const origin = await startScriptedOrigin(() => ({ body: 'v' }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1KEYS',
    config: distributionConfig({ aliases: [HOST], defaultBehavior: { CachePolicyId: 'keys-policy' } }),
    originUrls: { 'origin.example.com': origin.url },
    customPolicies: {
      cachePolicies: [
        {
          Id: 'keys-policy',
          CachePolicyConfig: {
            Name: 'keys',
            MinTTL: 0,
            DefaultTTL: 60,
            MaxTTL: 3600,
            ParametersInCacheKeyAndForwardedToOrigin: {
              EnableAcceptEncodingGzip: false,
              EnableAcceptEncodingBrotli: false,
              HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['X-Variant'] } },
              CookiesConfig: { CookieBehavior: 'whitelist', Cookies: { Quantity: 1, Items: ['lang'] } },
              QueryStringsConfig: {
                QueryStringBehavior: 'whitelist',
                QueryStrings: { Quantity: 2, Items: ['a', 'b'] },
              },
            },
          },
        },
      ],
    },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const get = (target: string, headers: Record<string, string> = {}) =>
    sendRaw(harness.url, target, { headers: { host: HOST, ...headers } });
  const results: string[] = [];
  for (const [target, headers] of [
    ['/k?a=1&b=2&c=3', { 'x-variant': 'one', cookie: 'lang=en; other=1' }],
    ['/k?a=1&b=2&c=9', { 'X-VARIANT': 'one', cookie: 'other=2; lang=en' }], // c and other are not in the key
    ['/k?b=2&a=1', { 'x-variant': 'one', cookie: 'lang=en' }], // order matters
    ['/k?a=1&b=2', { 'x-variant': 'ONE', cookie: 'lang=en' }], // header values are case-sensitive
    ['/k?a=1&b=2', { 'x-variant': 'one', cookie: 'lang=fr' }],
  ] as const) {
    const res = await get(target, headers);
    results.push(res.header('x-cache') ?? '');
  }
  assert.deepEqual(results, [
    'Miss from cloudfront',
    'Hit from cloudfront',
    'Miss from cloudfront',
    'Miss from cloudfront',
    'Miss from cloudfront',
  ]);
  assert.equal(origin.requests[0].rawTarget, '/k?a=1&b=2');
  assert.equal(origin.requests[0].headers['x-variant'], 'one');
  assert.equal(origin.requests[0].headers.cookie, 'lang=en');
});

test('TTL: max-age is clamped by MaxTTL, and an expired object is revalidated with If-None-Match → RefreshHit', async (t) => {
  const { origin, harness, get } = await setup(t, (req) =>
    req.headers['if-none-match'] === '"v1"'
      ? { status: 304, headers: { etag: '"v1"', 'cache-control': 'max-age=60' } }
      : { headers: { etag: '"v1"', 'cache-control': 'max-age=60' }, body: 'fresh' },
  );
  await get('/t.txt');
  harness.clock.advance(59);
  assert.equal((await get('/t.txt')).header('x-cache'), 'Hit from cloudfront');
  harness.clock.advance(2);
  const refreshed = await get('/t.txt');
  assert.equal(refreshed.header('x-cache'), 'RefreshHit from cloudfront');
  assert.equal(refreshed.text, 'fresh');
  assert.equal(origin.count(), 2);
  assert.equal(origin.requests[1].headers['if-none-match'], '"v1"');
  assert.equal((await get('/t.txt')).header('x-cache'), 'Hit from cloudfront');
});

test('MinTTL > 0 (CachingOptimized has MinTTL 1) overrides an origin no-store for MinTTL seconds', async (t) => {
  const { origin, harness, get } = await setup(t, () => ({
    headers: { 'cache-control': 'no-store' },
    body: 'x',
  }));
  await get('/n.txt');
  assert.equal((await get('/n.txt')).header('x-cache'), 'Hit from cloudfront');
  harness.clock.advance(2);
  assert.equal((await get('/n.txt')).header('x-cache'), 'Miss from cloudfront');
  assert.equal(origin.count(), 2);
});

test('origin 404 is cached for 10 s, 403 without max-age is not, 403 with max-age is', async (t) => {
  const { origin, harness, get } = await setup(t, (req) => {
    if (req.rawTarget === '/404') return { status: 404, body: 'nf' };
    if (req.rawTarget === '/403') return { status: 403, body: 'denied' };
    return { status: 403, headers: { 'cache-control': 'max-age=30' }, body: 'denied' };
  });
  const first = await get('/404');
  assert.equal(first.status, 404);
  assert.equal(first.header('x-cache'), 'Error from cloudfront');
  assert.equal((await get('/404')).header('x-cache'), 'Error from cloudfront');
  assert.equal(origin.count('/404'), 1);
  harness.clock.advance(11);
  await get('/404');
  assert.equal(origin.count('/404'), 2);
  await get('/403');
  await get('/403');
  assert.equal(origin.count('/403'), 2);
  await get('/403-max-age');
  await get('/403-max-age');
  assert.equal(origin.count('/403-max-age'), 1);
});

test('an expired object is served stale when the origin answers 5xx, and the 4xx passes through', async (t) => {
  let mode = 'ok';
  const { harness, get } = await setup(t, () =>
    mode === 'ok'
      ? { headers: { 'cache-control': 'max-age=5' }, body: 'good' }
      : mode === '5xx'
        ? { status: 503, body: 'down' }
        : { status: 404, body: 'gone' },
  );
  await get('/s.txt');
  harness.clock.advance(6);
  mode = '5xx';
  const stale = await get('/s.txt');
  assert.equal(stale.status, 200);
  assert.equal(stale.text, 'good');
  harness.clock.advance(11);
  mode = '4xx';
  const gone = await get('/s.txt');
  assert.equal(gone.status, 404);
});

test('concurrent misses for one key make one origin request; the waiting viewers get Hit', async (t) => {
  const { origin, get } = await setup(t, () => ({ delayMs: 150, body: 'collapsed' }));
  const results = await Promise.all(Array.from({ length: 6 }, () => get('/c.txt')));
  assert.equal(origin.count(), 1);
  assert.deepEqual(
    results.map((r) => r.text),
    Array(6).fill('collapsed'),
  );
  const kinds = results.map((r) => r.header('x-cache')).sort();
  assert.deepEqual(kinds, [
    'Hit from cloudfront',
    'Hit from cloudfront',
    'Hit from cloudfront',
    'Hit from cloudfront',
    'Hit from cloudfront',
    'Miss from cloudfront',
  ]);
});

test('CachingDisabled sends every request to the origin and collapses nothing', async (t) => {
  const { origin, get } = await setup(t, () => ({ delayMs: 50, body: 'dyn' }), {
    defaultBehavior: { CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
  });
  await Promise.all([get('/d'), get('/d'), get('/d')]);
  assert.equal(origin.count(), 3);
});

test('an unreachable origin gives the 502 page and a silent one the 504 page', async (t) => {
  const origin = await startScriptedOrigin(() => ({ delayMs: 3000, body: 'late' }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1FAIL',
    config: distributionConfig({
      aliases: [HOST],
      cacheBehaviors: [{ PathPattern: '/dead/*', TargetOriginId: 'origin-1' }],
    }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const dead = compileTestDistribution({
    id: 'E1DEAD',
    config: distributionConfig({ aliases: ['dead.example.test'] }),
    originUrls: { 'origin.example.com': 'http://127.0.0.1:1' },
  });
  const harness = await startEdgeHarness(t, [distribution, dead]);
  const refused = await sendRaw(harness.url, '/x', { headers: { host: 'dead.example.test' } });
  assert.equal(refused.status, 502);
  assert.match(refused.text, /<H1>502 ERROR<\/H1>/);
  assert.equal(refused.header('x-cache'), 'Error from cloudfront');
  const slow = await sendRaw(harness.url, '/slow', { headers: { host: HOST } });
  assert.equal(slow.status, 504);
  assert.match(slow.text, /<H1>504 ERROR<\/H1>/);
});
