import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { CachedObjectMeta } from '../cache/cache-store.ts';
import { createMemoryCacheStore } from '../cache/memory-cache-store.ts';
import { createRequestCollapser } from '../cache/request-collapsing.ts';
import { compileDistribution } from '../distribution/compile-distribution.ts';
import { parseDistributionConfig } from '../distribution/parse-distribution-config.ts';
import { type CacheLookupDeps, type CacheLookupOutcome, cacheLookup } from './cache-lookup.ts';
import { type AuthorizedRequest, checkSignedAccess } from './check-signed-access.ts';
import { matchBehavior } from './match-behavior.ts';
import { receive } from './receive.ts';

const HOST = 'cdn.example.test';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

const behavior = (extra: Record<string, unknown>) => ({
  TargetOriginId: 'origin-1',
  ViewerProtocolPolicy: 'allow-all',
  AllowedMethods: {
    Quantity: 7,
    Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
    CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
  },
  Compress: false,
  CachePolicyId: CACHING_OPTIMIZED,
  ...extra,
});

const distribution = compileDistribution({
  id: 'E1LOOKUP',
  config: parseDistributionConfig(
    {
      CallerReference: 'cache-lookup',
      Aliases: { Quantity: 1, Items: [HOST] },
      DefaultRootObject: '',
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: 'origin-1',
            DomainName: 'origin.example.com',
            CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
          },
        ],
      },
      DefaultCacheBehavior: behavior({}),
      CacheBehaviors: {
        Quantity: 1,
        Items: [behavior({ PathPattern: '/live/*', CachePolicyId: CACHING_DISABLED })],
      },
      Comment: '',
      Enabled: true,
    },
    'test',
  ),
});

function authorized(
  method: string,
  rawTarget: string,
  signal = new AbortController().signal,
): AuthorizedRequest {
  const received = receive(
    {
      method,
      rawTarget,
      headers: { host: HOST },
      scheme: 'https',
      httpVersion: '1.1',
      clientIp: '192.0.2.1',
      clientPort: 50000,
      body: Readable.from([]),
      signal,
      receivedAtMs: 0,
    },
    { findByHost: (host) => (host === HOST ? distribution : undefined) },
    'request-id',
    undefined,
  );
  assert.equal(received.kind, 'continue');
  const matched = matchBehavior(received.value, {});
  assert.equal(matched.kind, 'continue');
  const checked = checkSignedAccess(matched.value, () => assert.fail('no signature required'), new Date(0));
  assert.equal(checked.kind, 'continue');
  return checked.value;
}

function setup(nowMs = 1_000_000) {
  const deps: CacheLookupDeps = {
    cache: createMemoryCacheStore({ maxBytes: 1 << 20, maxObjectBytes: 1 << 20 }),
    collapser: createRequestCollapser(),
    nowMs: () => nowMs,
  };
  const store = async (key: string, expiresAtMs: number) => {
    const meta: CachedObjectMeta = {
      key,
      distributionId: distribution.id,
      invalidationPath: '/a.txt',
      status: 200,
      headers: [['ETag', '"v1"']],
      sizeBytes: 2,
      storedAtMs: nowMs - 5_000,
      expiresAtMs,
      etag: '"v1"',
      isError: false,
      noStaleIfError: false,
    };
    const writer = deps.cache.createWriter(meta);
    await writer.write(Buffer.from('v1'));
    await writer.commit();
  };
  return { deps, store, nowMs };
}

const kindOf = (outcome: CacheLookupOutcome) => outcome.kind;

test('an empty cache is a miss whose release frees the key for the next request', async () => {
  const { deps } = setup();
  const first = await cacheLookup(authorized('GET', '/a.txt'), deps);
  assert.equal(first.kind, 'miss');
  assert.equal(deps.collapser.inFlight(), 1);
  if (first.kind === 'miss') first.release();
  assert.equal(deps.collapser.inFlight(), 0);
});

test('an entry before its expiry is a fresh hit; after it, a stale entry carrying the cached object', async () => {
  const { deps, store, nowMs } = setup();
  const probe = await cacheLookup(authorized('GET', '/a.txt'), deps);
  if (probe.kind === 'miss') probe.release();
  await store(probe.request.cacheKey.key, nowMs + 1);
  const fresh = await cacheLookup(authorized('GET', '/a.txt'), deps);
  assert.equal(fresh.kind, 'fresh-hit');
  await store(probe.request.cacheKey.key, nowMs);
  const stale = await cacheLookup(authorized('GET', '/a.txt'), deps);
  assert.equal(stale.kind, 'stale');
  assert.equal(stale.kind === 'stale' ? stale.cached.meta.etag : undefined, '"v1"');
  if (stale.kind === 'stale') stale.release();
});

test('methods the behavior does not cache and behaviors with MaxTTL 0 are uncacheable, with a cache key all the same', async () => {
  const { deps } = setup();
  const outcomes = await Promise.all(
    [authorized('POST', '/a.txt'), authorized('OPTIONS', '/a.txt'), authorized('GET', '/live/feed.json')].map(
      (request) => cacheLookup(request, deps),
    ),
  );
  assert.deepEqual(outcomes.map(kindOf), ['uncacheable', 'uncacheable', 'uncacheable']);
  assert.ok(outcomes.every((o) => o.request.cacheKey.key.length > 0));
  assert.equal(deps.collapser.inFlight(), 0);
});

test('a concurrent miss waits for the request fetching its key and then reads the entry it stored', async () => {
  const { deps, store, nowMs } = setup();
  const owner = await cacheLookup(authorized('GET', '/a.txt'), deps);
  assert.equal(owner.kind, 'miss');
  const waiting = cacheLookup(authorized('GET', '/a.txt'), deps);
  await store(owner.request.cacheKey.key, nowMs + 60_000);
  if (owner.kind === 'miss') owner.release();
  assert.equal((await waiting).kind, 'fresh-hit');
});

test('a waiting viewer that goes away stops waiting and is a miss that owns nothing', async () => {
  const { deps } = setup();
  const owner = await cacheLookup(authorized('GET', '/a.txt'), deps);
  const viewer = new AbortController();
  const waiting = cacheLookup(authorized('GET', '/a.txt', viewer.signal), deps);
  viewer.abort();
  const outcome = await waiting;
  assert.equal(outcome.kind, 'miss');
  if (outcome.kind === 'miss') outcome.release();
  assert.equal(deps.collapser.inFlight(), 1, 'the first request still owns the fetch');
  if (owner.kind === 'miss') owner.release();
});
