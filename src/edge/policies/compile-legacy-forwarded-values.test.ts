import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { compileLegacyForwardedValues } from './compile-legacy-forwarded-values.ts';

const behavior = (forwarded: Record<string, unknown>, ttls: Record<string, unknown> = { MinTTL: 0 }) => ({
  TargetOriginId: 'o',
  ViewerProtocolPolicy: 'allow-all',
  ForwardedValues: {
    QueryString: false,
    Cookies: { Forward: 'none' },
    Headers: { Quantity: 0 },
    QueryStringCacheKeys: { Quantity: 0 },
    ...forwarded,
  },
  ...ttls,
});

describe('compileLegacyForwardedValues', () => {
  it('turns the minimal legacy behavior into a no-parameter cache policy with API TTL defaults', () => {
    const { cachePolicy, originRequestPolicy } = compileLegacyForwardedValues(
      'legacy:x',
      behavior({}),
      'B',
      true,
    );
    assert.deepEqual(cachePolicy, {
      id: 'legacy:x',
      name: 'Legacy-ForwardedValues',
      minTTL: 0,
      defaultTTL: 86400,
      maxTTL: 31536000,
      headers: { behavior: 'none', names: [] },
      cookies: { behavior: 'none', names: [] },
      queryStrings: { behavior: 'none', names: [] },
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    assert.equal(originRequestPolicy, undefined);
  });

  it('keys on listed headers and whitelisted cookies and all query strings', () => {
    const { cachePolicy } = compileLegacyForwardedValues(
      'id',
      behavior(
        {
          QueryString: true,
          Cookies: { Forward: 'whitelist', WhitelistedNames: { Quantity: 1, Items: ['session'] } },
          Headers: { Quantity: 2, Items: ['Origin', 'Accept-Language'] },
        },
        { MinTTL: 5, DefaultTTL: 60, MaxTTL: 600 },
      ),
      'B',
      false,
    );
    assert.deepEqual(cachePolicy.headers, { behavior: 'whitelist', names: ['origin', 'accept-language'] });
    assert.deepEqual(cachePolicy.cookies, { behavior: 'whitelist', names: ['session'] });
    assert.deepEqual(cachePolicy.queryStrings, { behavior: 'all', names: [] });
    assert.deepEqual([cachePolicy.minTTL, cachePolicy.defaultTTL, cachePolicy.maxTTL], [5, 60, 600]);
    assert.equal(cachePolicy.enableAcceptEncodingGzip, false);
  });

  it('maps Headers ["*"] to all viewer headers', () => {
    const { cachePolicy } = compileLegacyForwardedValues(
      'id',
      behavior({ Headers: { Quantity: 1, Items: ['*'] } }),
      'B',
      false,
    );
    assert.deepEqual(cachePolicy.headers, { behavior: 'allViewer', names: [] });
  });

  it('forwards every query string but keys only QueryStringCacheKeys', () => {
    const { cachePolicy, originRequestPolicy } = compileLegacyForwardedValues(
      'id',
      behavior({ QueryString: true, QueryStringCacheKeys: { Quantity: 1, Items: ['v'] } }),
      'B',
      false,
    );
    assert.deepEqual(cachePolicy.queryStrings, { behavior: 'whitelist', names: ['v'] });
    assert.deepEqual(originRequestPolicy?.queryStrings, { behavior: 'all', names: [] });
  });

  it('refuses a TTL order the API refuses and names the behavior path', () => {
    assert.throws(
      () =>
        compileLegacyForwardedValues(
          'id',
          behavior({}, { MinTTL: 100, DefaultTTL: 10 }),
          'DistributionConfig.DefaultCacheBehavior',
          false,
        ),
      (error: unknown) =>
        error instanceof DistributionConfigError &&
        error.code === 'InvalidTTLOrder' &&
        error.jsonPath === 'DistributionConfig.DefaultCacheBehavior.DefaultTTL',
    );
  });

  it('refuses an unknown Cookies.Forward value', () => {
    assert.throws(
      () => compileLegacyForwardedValues('id', behavior({ Cookies: { Forward: 'some' } }), 'B', false),
      (error: unknown) =>
        error instanceof DistributionConfigError && error.jsonPath === 'B.ForwardedValues.Cookies.Forward',
    );
  });
});
