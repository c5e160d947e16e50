import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { compileCachePolicy, resolveTTLs } from './compile-cache-policy.ts';
import { compileOriginRequestPolicy } from './compile-origin-request-policy.ts';

function cacheConfig(overrides: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
  return {
    Name: 'custom',
    MinTTL: 0,
    ...overrides,
    ParametersInCacheKeyAndForwardedToOrigin: {
      EnableAcceptEncodingGzip: false,
      HeadersConfig: { HeaderBehavior: 'none', Headers: { Quantity: 0 } },
      CookiesConfig: { CookieBehavior: 'none', Cookies: { Quantity: 0 } },
      QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: { Quantity: 0 } },
      ...params,
    },
  };
}

function throwsConfig(fn: () => unknown, code: string, jsonPath: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DistributionConfigError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.jsonPath, jsonPath);
    return true;
  });
}

const names = (count: number) => Array.from({ length: count }, (_, index) => `x-name-${index}`);

describe('compileCachePolicy', () => {
  it('applies the API TTL defaults (86400 / 31536000, raised to MinTTL/DefaultTTL)', () => {
    assert.deepEqual(resolveTTLs(0, undefined, undefined, 'p'), {
      minTTL: 0,
      defaultTTL: 86400,
      maxTTL: 31536000,
    });
    assert.deepEqual(resolveTTLs(100000, undefined, undefined, 'p'), {
      minTTL: 100000,
      defaultTTL: 100000,
      maxTTL: 31536000,
    });
    assert.deepEqual(resolveTTLs(0, 40000000, undefined, 'p'), {
      minTTL: 0,
      defaultTTL: 40000000,
      maxTTL: 40000000,
    });
  });

  it('refuses MinTTL above DefaultTTL and DefaultTTL above MaxTTL with InvalidTTLOrder', () => {
    throwsConfig(
      () => compileCachePolicy('id', cacheConfig({ MinTTL: 10, DefaultTTL: 5 })),
      'InvalidTTLOrder',
      'CachePolicyConfig.DefaultTTL',
    );
    throwsConfig(
      () => compileCachePolicy('id', cacheConfig({ DefaultTTL: 500, MaxTTL: 100 })),
      'InvalidTTLOrder',
      'CachePolicyConfig.MaxTTL',
    );
  });

  it('lower-cases header names and keeps cookie and query string names as written', () => {
    const policy = compileCachePolicy(
      'id',
      cacheConfig(
        {},
        {
          HeadersConfig: {
            HeaderBehavior: 'whitelist',
            Headers: { Quantity: 2, Items: ['Origin', 'X-Api-Version'] },
          },
          CookiesConfig: { CookieBehavior: 'allExcept', Cookies: { Quantity: 1, Items: ['SessionId'] } },
          QueryStringsConfig: {
            QueryStringBehavior: 'whitelist',
            QueryStrings: { Quantity: 1, Items: ['Lang'] },
          },
        },
      ),
    );
    assert.deepEqual(policy.headers, { behavior: 'whitelist', names: ['origin', 'x-api-version'] });
    assert.deepEqual(policy.cookies, { behavior: 'allExcept', names: ['SessionId'] });
    assert.deepEqual(policy.queryStrings, { behavior: 'whitelist', names: ['Lang'] });
    assert.equal(policy.enableAcceptEncodingBrotli, false);
  });

  it('refuses a Quantity that disagrees with Items as InconsistentQuantities', () => {
    throwsConfig(
      () =>
        compileCachePolicy(
          'id',
          cacheConfig(
            {},
            { HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 2, Items: ['Origin'] } } },
          ),
        ),
      'InconsistentQuantities',
      'CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers.Quantity',
    );
  });

  it('refuses more than ten names per list in custom policies', () => {
    throwsConfig(
      () =>
        compileCachePolicy(
          'id',
          cacheConfig(
            {},
            { HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 11, Items: names(11) } } },
          ),
        ),
      'TooManyHeadersInCachePolicy',
      'CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers.Quantity',
    );
    throwsConfig(
      () =>
        compileCachePolicy(
          'id',
          cacheConfig(
            {},
            { CookiesConfig: { CookieBehavior: 'whitelist', Cookies: { Quantity: 11, Items: names(11) } } },
          ),
        ),
      'TooManyCookiesInCachePolicy',
      'CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig.Cookies.Quantity',
    );
    assert.equal(
      compileCachePolicy(
        'id',
        cacheConfig(
          {},
          { HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 10, Items: names(10) } } },
        ),
      ).headers.names.length,
      10,
    );
  });

  it('refuses header behaviors cache policies do not have (allViewer) and whitelists without names', () => {
    throwsConfig(
      () => compileCachePolicy('id', cacheConfig({}, { HeadersConfig: { HeaderBehavior: 'allViewer' } })),
      'InvalidArgument',
      'CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.HeaderBehavior',
    );
    throwsConfig(
      () =>
        compileCachePolicy(
          'id',
          cacheConfig({}, { QueryStringsConfig: { QueryStringBehavior: 'whitelist' } }),
        ),
      'InvalidArgument',
      'CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStrings',
    );
  });

  it('requires Name and MinTTL', () => {
    const { Name: _name, ...withoutName } = cacheConfig();
    throwsConfig(() => compileCachePolicy('id', withoutName), 'InvalidArgument', 'CachePolicyConfig.Name');
    const { MinTTL: _min, ...withoutMin } = cacheConfig();
    throwsConfig(() => compileCachePolicy('id', withoutMin), 'InvalidArgument', 'CachePolicyConfig.MinTTL');
  });
});

describe('compileOriginRequestPolicy', () => {
  const orp = (headers: Record<string, unknown>) => ({
    Name: 'orp',
    HeadersConfig: headers,
    CookiesConfig: { CookieBehavior: 'none' },
    QueryStringsConfig: { QueryStringBehavior: 'all' },
  });

  it('compiles allExcept and whitelist header lists lower-cased', () => {
    const policy = compileOriginRequestPolicy(
      'id',
      orp({ HeaderBehavior: 'allExcept', Headers: { Quantity: 1, Items: ['Host'] } }),
    );
    assert.deepEqual(policy.headers, { behavior: 'allExcept', names: ['host'] });
    assert.equal(policy.queryStrings.behavior, 'all');
  });

  it('refuses Authorization in an origin request policy whitelist', () => {
    throwsConfig(
      () =>
        compileOriginRequestPolicy(
          'id',
          orp({ HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Authorization'] } }),
        ),
      'InvalidArgument',
      'OriginRequestPolicyConfig.HeadersConfig.Headers.Items[0]',
    );
  });

  it('refuses more than ten header names in a custom origin request policy', () => {
    throwsConfig(
      () =>
        compileOriginRequestPolicy(
          'id',
          orp({ HeaderBehavior: 'whitelist', Headers: { Quantity: 11, Items: names(11) } }),
        ),
      'TooManyHeadersInOriginRequestPolicy',
      'OriginRequestPolicyConfig.HeadersConfig.Headers.Quantity',
    );
  });
});
