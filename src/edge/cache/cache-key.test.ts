import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CachePolicy, HttpMethod } from '../distribution/compiled-distribution.ts';
import { parseQueryParams } from '../stages/receive.ts';
import { computeCacheKey, normalizeAcceptEncoding } from './cache-key.ts';

const base: CachePolicy = {
  id: 'p',
  name: 'p',
  minTTL: 0,
  defaultTTL: 60,
  maxTTL: 60,
  headers: { behavior: 'none', names: [] },
  cookies: { behavior: 'none', names: [] },
  queryStrings: { behavior: 'all', names: [] },
  enableAcceptEncodingGzip: true,
  enableAcceptEncodingBrotli: true,
};
const getHead = new Set<HttpMethod>(['GET', 'HEAD']);

function key(target: string, extra: Partial<Parameters<typeof computeCacheKey>[0]> = {}) {
  const q = target.indexOf('?');
  return computeCacheKey({
    host: 'd111111abcdef8.cloudfront.net',
    method: 'GET',
    rawPath: q >= 0 ? target.slice(0, q) : target,
    query: parseQueryParams(q >= 0 ? target.slice(q + 1) : ''),
    headers: {},
    cookies: [],
    cachePolicy: base,
    cachedMethods: getHead,
    ...extra,
  });
}

test('query order matters and `;` is not a separator (AWS: "Understand the cache key")', () => {
  assert.notEqual(key('/a?x=1&y=2').key, key('/a?y=2&x=1').key);
  assert.equal(key('/a?x=1;y=2').invalidationPath, '/a?x=1;y=2');
  assert.equal(key('/a?x=1&&y=2').invalidationPath, '/a?x=1&y=2');
});

test('allExcept keeps every other parameter in viewer order', () => {
  const policy: CachePolicy = { ...base, queryStrings: { behavior: 'allExcept', names: ['utm'] } };
  assert.equal(key('/a?b=1&utm=x&a=2', { cachePolicy: policy }).invalidationPath, '/a?b=1&a=2');
});

test('OPTIONS is keyed separately only when OPTIONS is cached', () => {
  const withOptions = new Set<HttpMethod>(['GET', 'HEAD', 'OPTIONS']);
  assert.notEqual(key('/a', { method: 'OPTIONS', cachedMethods: withOptions }).key, key('/a').key);
  assert.equal(key('/a', { method: 'OPTIONS' }).key, key('/a').key);
});

test('Accept-Encoding normalisation table (AWS: "Serve compressed files")', () => {
  assert.equal(normalizeAcceptEncoding('gzip, deflate, br', true, true), 'br,gzip');
  assert.equal(normalizeAcceptEncoding('gzip', true, true), 'gzip');
  assert.equal(normalizeAcceptEncoding('br, gzip', true, false), 'gzip');
  assert.equal(normalizeAcceptEncoding('deflate, zstd', true, true), 'identity');
  assert.equal(normalizeAcceptEncoding(undefined, true, true), undefined);
  assert.equal(normalizeAcceptEncoding('gzip', false, false), undefined);
});
