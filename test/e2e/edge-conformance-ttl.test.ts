// Conformance: the TTL table of AWS: "Manage how long content stays in the cache (expiration)" and the error-caching table of AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin", row by row,
// through a real listener on legacy behaviors (`ForwardedValues` + `MinTTL`/`DefaultTTL`/`MaxTTL`), with a
// scripted origin counting requests and an injected clock.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { type ScriptedResponse, startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'ttl.example.test';

function legacyBehavior(ttl: { min: number; def: number; max: number }): Record<string, unknown> {
  return {
    CachePolicyId: undefined,
    ForwardedValues: {
      QueryString: false,
      Cookies: { Forward: 'none' },
      Headers: { Quantity: 0 },
      QueryStringCacheKeys: { Quantity: 0 },
    },
    MinTTL: ttl.min,
    DefaultTTL: ttl.def,
    MaxTTL: ttl.max,
  };
}

async function setup(
  t: import('node:test').TestContext,
  ttl: { min: number; def: number; max: number },
  answer: (nowMs: number) => ScriptedResponse,
) {
  let clockRef: { nowMs: number } | undefined;
  const origin = await startScriptedOrigin(() => answer(clockRef?.nowMs ?? 0));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1TTL',
    config: distributionConfig({ aliases: [HOST], defaultBehavior: legacyBehavior(ttl) }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  clockRef = harness.clock;
  const get = (target: string, headers: Record<string, string> = {}, method = 'GET') =>
    sendRaw(harness.url, target, { method, headers: { host: HOST, ...headers } });
  return { origin, harness, get };
}

/** Seconds an object stays cached: probes at 0 and then at `cachedSeconds - 1` / `+ 1`. */
type Row = {
  readonly name: string;
  readonly ttl: { min: number; def: number; max: number };
  readonly headers: (nowMs: number) => Record<string, string>;
  readonly status?: number;
  /** undefined = never stored. */
  readonly cachedSeconds: number | undefined;
};

const HTTP_DATE = (ms: number) => new Date(ms).toUTCString();

const ROWS: readonly Row[] = [
  {
    name: 'max-age under MaxTTL, MinTTL 0',
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=30' }),
    cachedSeconds: 30,
  },
  {
    name: 'max-age above MaxTTL is cut to MaxTTL',
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=3600' }),
    cachedSeconds: 100,
  },
  {
    name: 'max-age below MinTTL is raised to MinTTL',
    ttl: { min: 40, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=5' }),
    cachedSeconds: 40,
  },
  {
    name: 's-maxage beats max-age',
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=5, s-maxage=20' }),
    cachedSeconds: 20,
  },
  {
    name: 's-maxage clamped by MinTTL',
    ttl: { min: 30, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 's-maxage=10, max-age=90' }),
    cachedSeconds: 30,
  },
  {
    name: 'Expires only: until the date',
    ttl: { min: 0, def: 50, max: 100 },
    headers: (now) => ({ expires: HTTP_DATE(now + 25_000) }),
    cachedSeconds: 25,
  },
  {
    name: 'Expires beyond MaxTTL is cut',
    ttl: { min: 0, def: 50, max: 100 },
    headers: (now) => ({ expires: HTTP_DATE(now + 500_000) }),
    cachedSeconds: 100,
  },
  {
    name: 'Expires in the past with MinTTL 0: not cached',
    ttl: { min: 0, def: 50, max: 100 },
    headers: (now) => ({ expires: HTTP_DATE(now - 60_000) }),
    cachedSeconds: undefined,
  },
  {
    name: 'Expires in the past with MinTTL > 0: MinTTL',
    ttl: { min: 15, def: 50, max: 100 },
    headers: (now) => ({ expires: HTTP_DATE(now - 60_000) }),
    cachedSeconds: 15,
  },
  {
    name: 'max-age beats Expires',
    ttl: { min: 0, def: 50, max: 100 },
    headers: (now) => ({ 'cache-control': 'max-age=12', expires: HTTP_DATE(now + 80_000) }),
    cachedSeconds: 12,
  },
  {
    name: 'no caching headers: DefaultTTL',
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: 50,
  },
  {
    name: 'no caching headers, MinTTL above DefaultTTL is impossible; DefaultTTL = MinTTL',
    ttl: { min: 20, def: 20, max: 100 },
    headers: () => ({}),
    cachedSeconds: 20,
  },
  {
    name: 'no-store with MinTTL 0: not cached',
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'no-store' }),
    cachedSeconds: undefined,
  },
  {
    name: 'no-cache with MinTTL 0: not cached',
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'no-cache' }),
    cachedSeconds: undefined,
  },
  {
    name: 'private with MinTTL 0: not cached',
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'private, max-age=60' }),
    cachedSeconds: undefined,
  },
  {
    name: 'no-store with MinTTL > 0: cached for MinTTL',
    ttl: { min: 25, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'no-store' }),
    cachedSeconds: 25,
  },
  {
    name: 'max-age=0 with MinTTL 0: not cached',
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=0' }),
    cachedSeconds: undefined,
  },
  {
    name: 'all TTLs 0: never cached even with max-age',
    ttl: { min: 0, def: 0, max: 0 },
    headers: () => ({ 'cache-control': 'max-age=600' }),
    cachedSeconds: undefined,
  },
  // AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin" error caching (ErrorCachingMinTTL defaults to 10 s).
  {
    name: '404 without headers: 10 s',
    status: 404,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: 10,
  },
  {
    name: '404 with no-store: still 10 s',
    status: 404,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'no-store' }),
    cachedSeconds: 10,
  },
  {
    name: '404 with max-age above 10: max-age',
    status: 404,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=40' }),
    cachedSeconds: 40,
  },
  {
    name: '404 with max-age above MaxTTL: MaxTTL',
    status: 404,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=4000' }),
    cachedSeconds: 100,
  },
  {
    name: '414 always cached',
    status: 414,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: 10,
  },
  {
    name: '500 always cached',
    status: 500,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: 10,
  },
  {
    name: '501 always cached',
    status: 501,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: 10,
  },
  {
    name: '502 always cached',
    status: 502,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: 10,
  },
  {
    name: '503 always cached',
    status: 503,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: 10,
  },
  {
    name: '504 always cached',
    status: 504,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: 10,
  },
  {
    name: '400 without max-age: not cached',
    status: 400,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: undefined,
  },
  {
    name: '400 with max-age: cached',
    status: 400,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=30' }),
    cachedSeconds: 30,
  },
  {
    name: '403 with s-maxage: cached',
    status: 403,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 's-maxage=20' }),
    cachedSeconds: 20,
  },
  {
    name: '403 with Expires only: not cached',
    status: 403,
    ttl: { min: 0, def: 50, max: 100 },
    headers: (now) => ({ expires: HTTP_DATE(now + 60_000) }),
    cachedSeconds: undefined,
  },
  {
    name: '405 with max-age 5: ErrorCachingMinTTL 10',
    status: 405,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=5' }),
    cachedSeconds: 10,
  },
  {
    name: '412 with max-age: cached',
    status: 412,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=30' }),
    cachedSeconds: 30,
  },
  {
    name: '415 without max-age: not cached',
    status: 415,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({}),
    cachedSeconds: undefined,
  },
  {
    name: '416 never cached even with max-age',
    status: 416,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=300' }),
    cachedSeconds: undefined,
  },
  {
    name: '410 (not listed) with max-age',
    status: 410,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=300' }),
    cachedSeconds: undefined,
  },
  {
    name: '429 (not listed): not cached',
    status: 429,
    ttl: { min: 0, def: 50, max: 100 },
    headers: () => ({ 'cache-control': 'max-age=300' }),
    cachedSeconds: undefined,
  },
];

for (const row of ROWS) {
  test(`TTL row: ${row.name}`, async (t) => {
    const { origin, harness, get } = await setup(t, row.ttl, (now) => ({
      status: row.status ?? 200,
      headers: { 'content-type': 'text/plain', ...row.headers(now) },
      body: 'body',
    }));
    const first = await get('/obj');
    assert.equal(first.status, row.status ?? 200);
    assert.equal(
      first.header('x-cache'),
      (row.status ?? 200) >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront',
    );
    if (row.cachedSeconds === undefined) {
      await get('/obj');
      assert.equal(origin.count(), 2, 'a response that must not be cached was served from the cache');
      return;
    }
    harness.clock.advance(row.cachedSeconds - 1);
    const hit = await get('/obj');
    assert.equal(origin.count(), 1, `expected a hit ${row.cachedSeconds - 1} s after the miss`);
    assert.equal(hit.header('age'), String(row.cachedSeconds - 1));
    harness.clock.advance(2);
    await get('/obj');
    assert.equal(origin.count(), 2, `expected a miss ${row.cachedSeconds + 1} s after the miss`);
  });
}

test('a 201 with max-age is not a cacheable status and always goes to the origin', async (t) => {
  const { origin, get } = await setup(t, { min: 0, def: 50, max: 100 }, () => ({
    status: 201,
    headers: { 'cache-control': 'max-age=60' },
    body: 'created',
  }));
  await get('/c');
  await get('/c');
  assert.equal(origin.count(), 2);
});
