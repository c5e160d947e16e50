import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideFreshness, parseCacheControl } from './freshness.ts';

const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);
const optimized = { minTTL: 1, defaultTTL: 86400, maxTTL: 31536000 };
const zeroMin = { minTTL: 0, defaultTTL: 86400, maxTTL: 300 };

test('TTL rules of AWS: "Manage how long content stays in the cache (expiration)", one row each', () => {
  const rows: [
    string,
    number,
    string | undefined,
    string | undefined,
    { minTTL: number; defaultTTL: number; maxTTL: number },
    string,
    number | undefined,
  ][] = [
    ['max-age under MaxTTL', 200, 'max-age=60', undefined, zeroMin, 'max-age', 60],
    [
      'max-age clamped to MaxTTL (knowledge-center example)',
      200,
      'max-age=3600',
      undefined,
      zeroMin,
      'max-age',
      300,
    ],
    [
      'max-age raised to MinTTL',
      200,
      'max-age=0',
      undefined,
      { minTTL: 30, defaultTTL: 60, maxTTL: 100 },
      'max-age',
      30,
    ],
    ['max-age=0 with MinTTL 0 is not stored', 200, 'max-age=0', undefined, zeroMin, 'max-age', undefined],
    ['s-maxage wins over max-age', 200, 'max-age=10, s-maxage=20', undefined, zeroMin, 's-maxage', 20],
    ['Expires only', 200, undefined, new Date(NOW + 120_000).toUTCString(), zeroMin, 'expires', 120],
    ['max-age beats Expires', 200, 'max-age=5', new Date(NOW + 120_000).toUTCString(), zeroMin, 'max-age', 5],
    ['nothing → DefaultTTL', 200, undefined, undefined, optimized, 'default-ttl', 86400],
    ['nothing → DefaultTTL clamped by MaxTTL', 200, undefined, undefined, zeroMin, 'default-ttl', 300],
    ['no-cache honoured with MinTTL 0', 200, 'no-cache', undefined, zeroMin, 'no-cache-honoured', undefined],
    [
      'private honoured with MinTTL 0',
      200,
      'private, max-age=60',
      undefined,
      zeroMin,
      'no-cache-honoured',
      undefined,
    ],
    [
      'no-store overridden by MinTTL > 0',
      200,
      'no-store',
      undefined,
      optimized,
      'min-ttl-overrides-no-cache',
      1,
    ],
    ['404 cached for ErrorCachingMinTTL', 404, undefined, undefined, optimized, 'error-caching-min-ttl', 10],
    [
      '503 with no-store still cached for ErrorCachingMinTTL',
      503,
      'no-store',
      undefined,
      optimized,
      'error-caching-min-ttl',
      10,
    ],
    ['404 with a longer max-age', 404, 'max-age=60', undefined, optimized, 'error-header-ttl', 60],
    ['404 max-age capped by MaxTTL', 404, 'max-age=600', undefined, zeroMin, 'error-header-ttl', 300],
    [
      '403 without max-age is not cached',
      403,
      undefined,
      undefined,
      optimized,
      'error-needs-max-age',
      undefined,
    ],
    ['403 with max-age is cached', 403, 'max-age=1', undefined, optimized, 'error-caching-min-ttl', 10],
    ['416 never', 416, 'max-age=600', undefined, optimized, 'never-cache-416', undefined],
    [
      '409 not listed → not cached',
      409,
      'max-age=600',
      undefined,
      optimized,
      'status-not-cacheable',
      undefined,
    ],
    [
      '307 without Cache-Control',
      307,
      undefined,
      undefined,
      optimized,
      'redirect-needs-cache-control',
      undefined,
    ],
    ['301 like a normal response', 301, undefined, undefined, optimized, 'default-ttl', 86400],
  ];
  for (const [name, status, cacheControl, expires, ttl, rule, seconds] of rows) {
    const decision = decideFreshness({ status, cacheControl, expires, nowMs: NOW }, ttl, 10);
    assert.equal(decision.rule, rule, name);
    if (seconds === undefined) assert.equal(decision.kind, 'do-not-store', name);
    else assert.deepEqual([decision.kind, decision.ttlSeconds], ['store', seconds], name);
  }
});

test('a custom ErrorCachingMinTTL of 0 means a 500 is not cached', () => {
  assert.equal(
    decideFreshness({ status: 500, cacheControl: undefined, expires: undefined, nowMs: NOW }, optimized, 0)
      .kind,
    'do-not-store',
  );
});

test('Cache-Control parsing is case-insensitive on names and keeps the first occurrence', () => {
  const cc = parseCacheControl('Max-Age=5, max-age=9, no-cache, s-maxage="7"');
  assert.equal(cc.get('max-age'), '5');
  assert.equal(cc.get('no-cache'), true);
  assert.equal(cc.get('s-maxage'), '7');
});
