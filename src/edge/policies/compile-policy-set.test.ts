import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { compileManagedPolicies, compilePolicySet } from './compile-policy-set.ts';
import { managedCachePolicies } from './managed-cache-policies.ts';
import { managedOriginRequestPolicies } from './managed-origin-request-policies.ts';
import { managedResponseHeadersPolicies } from './managed-response-headers-policies.ts';

const managed = compileManagedPolicies();

describe('managed policies', () => {
  it('compiles every managed policy under its AWS id and Managed- name', () => {
    assert.equal(managed.cachePolicies.size, managedCachePolicies.length);
    assert.equal(managed.originRequestPolicies.size, managedOriginRequestPolicies.length);
    assert.equal(managed.responseHeadersPolicies.size, managedResponseHeadersPolicies.length);
    for (const entry of managedCachePolicies)
      assert.equal(managed.cachePolicies.get(entry.Id)?.name, entry.CachePolicyConfig.Name);
    for (const entry of managedOriginRequestPolicies) {
      assert.equal(managed.originRequestPolicies.get(entry.Id)?.name, entry.OriginRequestPolicyConfig.Name);
      assert.match(entry.OriginRequestPolicyConfig.Name, /^Managed-/);
    }
    for (const entry of managedResponseHeadersPolicies)
      assert.match(managed.responseHeadersPolicies.get(entry.Id)?.name ?? '', /^Managed-/);
  });

  it('keeps the UseOriginCacheControlHeaders names without the Managed- prefix', () => {
    assert.equal(
      managed.cachePolicies.get('83da9c7e-98b4-4e11-a168-04f0df8e2c65')?.name,
      'UseOriginCacheControlHeaders',
    );
    assert.equal(
      managed.cachePolicies.get('4cc15a8a-d715-48a4-82b8-cc0b614638fe')?.name,
      'UseOriginCacheControlHeaders-QueryStrings',
    );
  });

  it('gives CachingOptimized TTLs 1/86400/31536000, no key parameters and both encodings', () => {
    assert.deepEqual(managed.cachePolicies.get('658327ea-f89d-4fab-a63d-7e88639e58f6'), {
      id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      name: 'Managed-CachingOptimized',
      minTTL: 1,
      defaultTTL: 86400,
      maxTTL: 31536000,
      headers: { behavior: 'none', names: [] },
      cookies: { behavior: 'none', names: [] },
      queryStrings: { behavior: 'none', names: [] },
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
  });

  it('table of managed cache policy settings matches AWS: "Use managed cache policies"', () => {
    const rows: readonly (readonly [
      string,
      number,
      number,
      number,
      string,
      string,
      string,
      boolean,
      boolean,
    ])[] = [
      ['4135ea2d-6df8-44a3-9df3-4b5a84be39ad', 0, 0, 0, 'none', 'none', 'none', false, false],
      ['b2884449-e4de-46a7-ac36-70bc7f1ddd6d', 1, 86400, 31536000, 'none', 'none', 'none', false, false],
      [
        '08627262-05a9-4f76-9ded-b50ca2e3a84f',
        0,
        86400,
        31536000,
        'whitelist',
        'none',
        'whitelist',
        true,
        false,
      ],
      ['2e54312d-136d-493c-8eb9-b001f22f67d2', 2, 2, 600, 'whitelist', 'all', 'all', true, true],
      ['83da9c7e-98b4-4e11-a168-04f0df8e2c65', 0, 0, 31536000, 'whitelist', 'all', 'none', true, true],
      ['4cc15a8a-d715-48a4-82b8-cc0b614638fe', 0, 0, 31536000, 'whitelist', 'all', 'all', true, true],
    ];
    for (const [id, min, def, max, headers, cookies, queryStrings, gzip, brotli] of rows) {
      const policy = managed.cachePolicies.get(id)!;
      assert.deepEqual(
        [policy.minTTL, policy.defaultTTL, policy.maxTTL, policy.headers.behavior, policy.cookies.behavior],
        [min, def, max, headers, cookies],
        id,
      );
      assert.deepEqual(
        [policy.queryStrings.behavior, policy.enableAcceptEncodingGzip, policy.enableAcceptEncodingBrotli],
        [queryStrings, gzip, brotli],
        id,
      );
    }
    assert.deepEqual(managed.cachePolicies.get('2e54312d-136d-493c-8eb9-b001f22f67d2')?.headers.names, [
      'authorization',
      'cloudfront-viewer-country',
      'host',
    ]);
    assert.deepEqual(managed.cachePolicies.get('08627262-05a9-4f76-9ded-b50ca2e3a84f')?.queryStrings.names, [
      'aws.manifestfilter',
      'start',
      'end',
      'm',
    ]);
  });

  it('CORS-S3Origin forwards Origin and both Access-Control-Request headers, nothing else', () => {
    assert.deepEqual(managed.originRequestPolicies.get('88a5eaf4-2fd4-4709-b370-b4c650ea3fcf'), {
      id: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
      name: 'Managed-CORS-S3Origin',
      headers: {
        behavior: 'whitelist',
        names: ['origin', 'access-control-request-headers', 'access-control-request-method'],
      },
      cookies: { behavior: 'none', names: [] },
      queryStrings: { behavior: 'none', names: [] },
    });
  });

  it('table of managed origin request policy header behaviors matches AWS: "Use managed origin request policies"', () => {
    const rows: readonly (readonly [string, string, readonly string[], string, string])[] = [
      ['216adef6-5c7f-47e4-b989-5492eafa07d3', 'allViewer', [], 'all', 'all'],
      ['b689b0a8-53d0-40ab-baf2-68738e2966ac', 'allExcept', ['host'], 'all', 'all'],
      ['59781a5b-3903-41f3-afcb-af62929ccde1', 'whitelist', ['origin'], 'none', 'none'],
      ['acba4595-bd28-49b8-b9fe-13317c0390fa', 'whitelist', ['user-agent', 'referer'], 'none', 'none'],
      ['bf0718e1-ba1e-49d1-88b1-f726733018ae', 'whitelist', ['host'], 'none', 'none'],
      [
        '775133bc-15f2-49f9-abea-afb2e0bf67d2',
        'whitelist',
        [
          'origin',
          'access-control-request-headers',
          'access-control-request-method',
          'user-agent',
          'x-forwarded-for',
        ],
        'none',
        'all',
      ],
    ];
    for (const [id, headers, names, cookies, queryStrings] of rows) {
      const policy = managed.originRequestPolicies.get(id)!;
      assert.deepEqual(
        [
          policy.headers.behavior,
          policy.headers.names,
          policy.cookies.behavior,
          policy.queryStrings.behavior,
        ],
        [headers, names, cookies, queryStrings],
        id,
      );
    }
    const withCloudFront = managed.originRequestPolicies.get('33f36d7e-f396-46d9-90e0-52428a34d9dc')!;
    assert.equal(withCloudFront.headers.behavior, 'allViewerAndWhitelistCloudFront');
    assert.equal(withCloudFront.headers.names.length, 21);
    assert.ok(withCloudFront.headers.names.includes('cloudfront-viewer-country'));
  });

  it('CORS-With-Preflight allows any origin, the seven methods, * headers and no credentials', () => {
    const policy = managed.responseHeadersPolicies.get('5cc3b908-e619-4b99-88e5-2cf7f45965bd')!;
    assert.equal(policy.name, 'Managed-CORS-With-Preflight');
    assert.deepEqual(policy.cors, {
      allowOrigins: ['*'],
      allowHeaders: ['*'],
      allowMethods: ['GET', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
      allowCredentials: false,
      exposeHeaders: ['*'],
      originOverride: false,
    });
    assert.deepEqual(policy.securityHeaders, []);
  });

  it('SecurityHeadersPolicy always sets nosniff and fills in the other headers without overriding', () => {
    const policy = managed.responseHeadersPolicies.get('67f7725c-6f97-4210-82d7-5512b31e9d03')!;
    assert.equal(policy.cors, undefined);
    assert.deepEqual(
      [...policy.securityHeaders].sort((a, b) => a.name.localeCompare(b.name)),
      [
        { name: 'Referrer-Policy', value: 'strict-origin-when-cross-origin', override: false },
        { name: 'Strict-Transport-Security', value: 'max-age=31536000', override: false },
        { name: 'X-Content-Type-Options', value: 'nosniff', override: true },
        { name: 'X-Frame-Options', value: 'SAMEORIGIN', override: false },
        { name: 'X-XSS-Protection', value: '1; mode=block', override: false },
      ],
    );
  });

  it('the combined managed policies carry both CORS and security headers', () => {
    for (const id of ['e61eb60c-9c35-4d20-a928-2b84e02af89c', 'eaab4381-ed33-4a86-88ca-d9558dc6cd63']) {
      const policy = managed.responseHeadersPolicies.get(id)!;
      assert.deepEqual(policy.cors?.allowOrigins, ['*'], id);
      assert.equal(policy.securityHeaders.length, 5, id);
    }
    const simple = managed.responseHeadersPolicies.get('60669652-455b-4ae9-85a4-c4c02393f86c')!;
    assert.equal(simple.cors?.allowMethods.length, 7);
    assert.equal(simple.cors?.originOverride, false);
  });
});

describe('custom policy sets', () => {
  const customCache = {
    Id: 'c0ffee00-0000-4000-8000-000000000001',
    CachePolicyConfig: {
      Name: 'junlog-origin-in-key',
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Origin'] } },
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
      },
    },
  };

  it('adds custom policies next to the managed ones', () => {
    const set = compilePolicySet({ cachePolicies: [customCache] });
    assert.equal(set.cachePolicies.get(customCache.Id)?.name, 'junlog-origin-in-key');
    assert.deepEqual(set.cachePolicies.get(customCache.Id)?.headers.names, ['origin']);
    assert.ok(set.cachePolicies.has('658327ea-f89d-4fab-a63d-7e88639e58f6'));
  });

  it('refuses a custom policy that reuses a managed id, names the list entry', () => {
    assert.throws(
      () =>
        compilePolicySet({ cachePolicies: [{ ...customCache, Id: '658327ea-f89d-4fab-a63d-7e88639e58f6' }] }),
      (error: unknown) =>
        error instanceof DistributionConfigError &&
        error.jsonPath === 'edge.cachePolicies[0].Id' &&
        error.code === 'InvalidArgument',
    );
  });

  it('refuses two policies with the same name', () => {
    assert.throws(
      () =>
        compilePolicySet({
          cachePolicies: [customCache, { ...customCache, Id: 'c0ffee00-0000-4000-8000-000000000002' }],
        }),
      (error: unknown) =>
        error instanceof DistributionConfigError &&
        error.jsonPath === 'edge.cachePolicies[1].CachePolicyConfig.Name',
    );
  });

  it('reports errors inside a custom policy with the config path', () => {
    assert.throws(
      () =>
        compilePolicySet({
          cachePolicies: [
            {
              ...customCache,
              CachePolicyConfig: { ...customCache.CachePolicyConfig, MinTTL: 5, DefaultTTL: 1 },
            },
          ],
        }),
      (error: unknown) =>
        error instanceof DistributionConfigError &&
        error.code === 'InvalidTTLOrder' &&
        error.jsonPath === 'edge.cachePolicies[0].CachePolicyConfig.DefaultTTL',
    );
  });
});
