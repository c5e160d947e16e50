import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DistributionConfigError } from './distribution-config-error.ts';
import { parseDistributionConfig } from './parse-distribution-config.ts';

const junlogDir = join(import.meta.dirname, '../../../examples/junlog');
const readJunlog = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(junlogDir, name), 'utf8')) as Record<string, unknown>;

// biome-ignore lint/suspicious/noExplicitAny: tests edit arbitrary parts of AWS JSON documents
type Json = Record<string, any>;
/** The after-fix document with one change applied to its DistributionConfig. */
function broken(change: (config: Json) => void): unknown {
  const document = readJunlog('distribution.after-fix.json') as Json;
  change(document.DistributionConfig);
  return document;
}

const secondBehavior = (overrides: Json = {}): Json => ({
  PathPattern: '/public/*',
  TargetOriginId: 'junlog-media.s3.ap-northeast-2.amazonaws.com',
  ViewerProtocolPolicy: 'allow-all',
  CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  ...overrides,
});

describe('parseDistributionConfig with the junlog scenario', () => {
  it('loads distribution.before-fix.json verbatim', () => {
    const parsed = parseDistributionConfig(readJunlog('distribution.before-fix.json'), 'before');
    assert.equal(parsed.documentKind, 'get-distribution-config');
    assert.equal(parsed.etag, 'E1BROKEN');
    assert.deepEqual(parsed.aliases, ['dev.cloudfront.junlog.dev']);
    assert.equal(parsed.defaultCacheBehavior.cachePolicyId, '658327ea-f89d-4fab-a63d-7e88639e58f6');
    assert.equal(parsed.defaultCacheBehavior.originRequestPolicyId, undefined);
    assert.equal(parsed.defaultCacheBehavior.responseHeadersPolicyId, '5cc3b908-e619-4b99-88e5-2cf7f45965bd');
    assert.deepEqual(parsed.defaultCacheBehavior.allowedMethods, ['HEAD', 'GET', 'OPTIONS']);
    assert.deepEqual(parsed.defaultCacheBehavior.trustedKeyGroups, {
      enabled: true,
      items: ['7c1f3a52-9d0e-4b6a-8e21-4f5d6c7b8a90'],
    });
    assert.equal(parsed.origins[0].originAccessControlId, 'E2JUNLOGOACMEDIA');
    assert.equal(parsed.cacheBehaviors.length, 0);
  });

  it('loads distribution.after-fix.json verbatim with CORS-S3Origin', () => {
    const parsed = parseDistributionConfig(readJunlog('distribution.after-fix.json'), 'after');
    assert.equal(parsed.etag, 'E2FIXED');
    assert.equal(parsed.defaultCacheBehavior.originRequestPolicyId, '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf');
  });

  it('keeps the DistributionConfig object as loaded, unknown newer members included', () => {
    const document = broken((config) => {
      config.AnycastIpListId = 'aip-123';
      config.TenantConfig = { ParameterDefinitions: [] };
    }) as Json;
    const parsed = parseDistributionConfig(document, 'x');
    assert.equal(parsed.source, document.DistributionConfig);
    assert.equal(parsed.source.AnycastIpListId, 'aip-123');
  });

  it('accepts a bare DistributionConfig and get-distribution output', () => {
    const document = readJunlog('distribution.after-fix.json') as Json;
    const bare = parseDistributionConfig(document.DistributionConfig, 'bare');
    assert.equal(bare.documentKind, 'distribution-config');
    assert.equal(bare.etag, undefined);
    const full = parseDistributionConfig(
      {
        ETag: 'E3FULL',
        Distribution: {
          Id: 'EDFDVBD632BHDS5',
          DomainName: 'd111111abcdef8.cloudfront.net',
          DistributionConfig: document.DistributionConfig,
        },
      },
      'full',
    );
    assert.equal(full.documentKind, 'get-distribution');
    assert.equal(full.etag, 'E3FULL');
    assert.equal(full.callerReference, 'junlog-dev-media');
  });
});

// [description, change, expected code, expected JSON path]
const brokenConfigs: readonly (readonly [string, (config: Json) => void, string, string])[] = [
  [
    'a Quantity that disagrees with Items',
    (config) => {
      config.Aliases.Quantity = 2;
    },
    'InconsistentQuantities',
    'DistributionConfig.Aliases.Quantity',
  ],
  [
    'a path pattern with a space',
    (config) => {
      config.CacheBehaviors = {
        Quantity: 3,
        Items: [
          secondBehavior(),
          secondBehavior({ PathPattern: '/b/*' }),
          secondBehavior({ PathPattern: '/my videos/*' }),
        ],
      };
    },
    'InvalidArgument',
    'DistributionConfig.CacheBehaviors.Items[2].PathPattern',
  ],
  [
    'a target origin that does not exist',
    (config) => {
      config.CacheBehaviors = { Quantity: 1, Items: [secondBehavior({ TargetOriginId: 'nope' })] };
    },
    'NoSuchOrigin',
    'DistributionConfig.CacheBehaviors.Items[0].TargetOriginId',
  ],
  [
    'AllowedMethods GET,HEAD,PUT',
    (config) => {
      config.DefaultCacheBehavior.AllowedMethods = {
        Quantity: 3,
        Items: ['GET', 'HEAD', 'PUT'],
        CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
      };
    },
    'InvalidArgument',
    'DistributionConfig.DefaultCacheBehavior.AllowedMethods.Items',
  ],
  [
    'CachedMethods with OPTIONS when OPTIONS is not allowed',
    (config) => {
      config.DefaultCacheBehavior.AllowedMethods = {
        Quantity: 2,
        Items: ['GET', 'HEAD'],
        CachedMethods: { Quantity: 3, Items: ['GET', 'HEAD', 'OPTIONS'] },
      };
    },
    'InvalidArgument',
    'DistributionConfig.DefaultCacheBehavior.AllowedMethods.CachedMethods.Items',
  ],
  [
    'both CachePolicyId and ForwardedValues',
    (config) => {
      config.DefaultCacheBehavior.ForwardedValues = { QueryString: false, Cookies: { Forward: 'none' } };
    },
    'InvalidArgument',
    'DistributionConfig.DefaultCacheBehavior.ForwardedValues',
  ],
  [
    'neither CachePolicyId nor ForwardedValues',
    (config) => {
      delete config.DefaultCacheBehavior.CachePolicyId;
      delete config.DefaultCacheBehavior.OriginRequestPolicyId;
    },
    'InvalidArgument',
    'DistributionConfig.DefaultCacheBehavior.CachePolicyId',
  ],
  [
    'an origin request policy on a legacy behavior',
    (config) => {
      delete config.DefaultCacheBehavior.CachePolicyId;
      config.DefaultCacheBehavior.ForwardedValues = { QueryString: false, Cookies: { Forward: 'none' } };
      config.DefaultCacheBehavior.MinTTL = 0;
    },
    'InvalidArgument',
    'DistributionConfig.DefaultCacheBehavior.OriginRequestPolicyId',
  ],
  [
    'a default root object with a leading slash',
    (config) => {
      config.DefaultRootObject = '/index.html';
    },
    'InvalidDefaultRootObject',
    'DistributionConfig.DefaultRootObject',
  ],
  [
    'a custom error response for 302',
    (config) => {
      config.CustomErrorResponses = { Quantity: 1, Items: [{ ErrorCode: 302, ErrorCachingMinTTL: 10 }] };
    },
    'InvalidErrorCode',
    'DistributionConfig.CustomErrorResponses.Items[0].ErrorCode',
  ],
  [
    'a custom error response code 201',
    (config) => {
      config.CustomErrorResponses = {
        Quantity: 1,
        Items: [{ ErrorCode: 403, ResponsePagePath: '/index.html', ResponseCode: '201' }],
      };
    },
    'InvalidResponseCode',
    'DistributionConfig.CustomErrorResponses.Items[0].ResponseCode',
  ],
  [
    'a response page without a response code',
    (config) => {
      config.CustomErrorResponses = {
        Quantity: 1,
        Items: [{ ErrorCode: 404, ResponsePagePath: '/404.html' }],
      };
    },
    'InvalidArgument',
    'DistributionConfig.CustomErrorResponses.Items[0].ResponseCode',
  ],
  [
    'an origin with both an OAI and an OAC',
    (config) => {
      config.Origins.Items[0].S3OriginConfig.OriginAccessIdentity =
        'origin-access-identity/cloudfront/E127EXAMPLE51Z';
    },
    'IllegalOriginAccessConfiguration',
    'DistributionConfig.Origins.Items[0].OriginAccessControlId',
  ],
  [
    'an OAC on an S3 website endpoint',
    (config) => {
      config.Origins.Items[0] = {
        Id: 'junlog-media.s3.ap-northeast-2.amazonaws.com',
        DomainName: 'junlog-media.s3-website.ap-northeast-2.amazonaws.com',
        CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
        OriginAccessControlId: 'E2JUNLOGOACMEDIA',
      };
    },
    'IllegalOriginAccessConfiguration',
    'DistributionConfig.Origins.Items[0].OriginAccessControlId',
  ],
  [
    'a viewer protocol policy AWS does not have',
    (config) => {
      config.DefaultCacheBehavior.ViewerProtocolPolicy = 'https-redirect';
    },
    'InvalidArgument',
    'DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy',
  ],
  [
    'an origin path with a trailing slash',
    (config) => {
      config.Origins.Items[0].OriginPath = '/production/';
    },
    'InvalidArgument',
    'DistributionConfig.Origins.Items[0].OriginPath',
  ],
  [
    'a forbidden origin custom header',
    (config) => {
      config.Origins.Items[0].CustomHeaders = {
        Quantity: 1,
        Items: [{ HeaderName: 'Host', HeaderValue: 'x' }],
      };
    },
    'InvalidArgument',
    'DistributionConfig.Origins.Items[0].CustomHeaders.Items[0].HeaderName',
  ],
  [
    'a read timeout above 120 seconds',
    (config) => {
      config.Origins.Items[0].S3OriginConfig.OriginReadTimeout = 180;
    },
    'InvalidOriginReadTimeout',
    'DistributionConfig.Origins.Items[0].S3OriginConfig.OriginReadTimeout',
  ],
  [
    'two behaviors with the same pattern (leading slash optional)',
    (config) => {
      config.CacheBehaviors = {
        Quantity: 2,
        Items: [secondBehavior(), secondBehavior({ PathPattern: 'public/*' })],
      };
    },
    'InvalidArgument',
    'DistributionConfig.CacheBehaviors.Items[1].PathPattern',
  ],
  [
    'a missing Enabled',
    (config) => {
      delete config.Enabled;
    },
    'InvalidArgument',
    'DistributionConfig.Enabled',
  ],
];

describe('parseDistributionConfig refuses what the API refuses', () => {
  for (const [description, change, code, jsonPath] of brokenConfigs) {
    it(`refuses ${description} with ${code} at ${jsonPath}`, () => {
      assert.throws(
        () => parseDistributionConfig(broken(change), 'distribution.json'),
        (error: unknown) => {
          assert.ok(error instanceof DistributionConfigError, String(error));
          assert.equal(error.code, code);
          assert.equal(error.jsonPath, jsonPath);
          assert.equal(error.source, 'distribution.json');
          assert.ok(error.message.startsWith(`${jsonPath}: `), error.message);
          assert.ok(error.message.includes('distribution.json'), error.message);
          return true;
        },
      );
    });
  }

  it('refuses a document that is none of the aws outputs', () => {
    assert.throws(
      () => parseDistributionConfig({ Foo: 1 }, 'x.json'),
      (error: unknown) => error instanceof DistributionConfigError && error.code === 'MissingBody',
    );
  });
});
