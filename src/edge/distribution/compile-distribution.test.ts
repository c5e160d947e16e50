import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileDistribution, type CompileDistributionInput } from './compile-distribution.ts';
import { compileKeyGroups } from './compile-key-groups.ts';
import { compilePublicKey } from './compile-public-key.ts';
import type { TrustedPublicKey } from './compiled-distribution.ts';
import { DistributionConfigError } from './distribution-config-error.ts';
import { generatedDomainName } from './generated-domain-name.ts';
import { parseDistributionConfig } from './parse-distribution-config.ts';
import { selectBehavior } from './select-behavior.ts';

const junlogDir = join(import.meta.dirname, '../../../examples/junlog');
// biome-ignore lint/suspicious/noExplicitAny: tests edit arbitrary parts of AWS JSON documents
type Json = Record<string, any>;
const readJunlog = (name: string): Json => JSON.parse(readFileSync(join(junlogDir, name), 'utf8')) as Json;

const KEY_GROUP_ID = '7c1f3a52-9d0e-4b6a-8e21-4f5d6c7b8a90';
const ORIGIN_ID = 'junlog-media.s3.ap-northeast-2.amazonaws.com';

function pemOf(type: 'rsa' | 'ec', options: { modulusLength?: number; namedCurve?: string }): string {
  const { publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: options.modulusLength ?? 2048 })
      : generateKeyPairSync('ec', { namedCurve: options.namedCurve ?? 'P-256' });
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}
const rsaPem = pemOf('rsa', { modulusLength: 2048 });
const junlogKey = compilePublicKey('K2JUNLOGDEVKEY01', rsaPem, 'EncodedKey');
const publicKeys = new Map<string, TrustedPublicKey>([[junlogKey.id, junlogKey]]);
const keyGroups = compileKeyGroups(
  [{ Id: KEY_GROUP_ID, KeyGroupConfig: { Name: 'junlog-dev', Items: ['K2JUNLOGDEVKEY01'] } }],
  publicKeys,
  'edge.keyGroups',
);

function compile(document: Json, extra: Partial<CompileDistributionInput> = {}) {
  return compileDistribution({
    id: 'E1JUNLOGDEV',
    config: parseDistributionConfig(document, 'test'),
    keyGroups,
    publicKeys,
    ...extra,
  });
}

function withConfig(change: (config: Json) => void): Json {
  const document = readJunlog('distribution.after-fix.json');
  change(document.DistributionConfig);
  return document;
}

const publicBehavior = (pattern: string, overrides: Json = {}): Json => ({
  PathPattern: pattern,
  TargetOriginId: ORIGIN_ID,
  ViewerProtocolPolicy: 'allow-all',
  CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  ...overrides,
});

function throwsCode(fn: () => unknown, code: string, jsonPath: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DistributionConfigError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.jsonPath, jsonPath);
    return true;
  });
}

describe('compileDistribution with the junlog scenario', () => {
  it('before the fix: CachingOptimized, CORS-With-Preflight, no origin request policy, signatures required', () => {
    const distribution = compile(readJunlog('distribution.before-fix.json'));
    assert.equal(distribution.etag, 'E1BROKEN');
    assert.deepEqual(distribution.aliases, ['dev.cloudfront.junlog.dev']);
    assert.equal(distribution.behaviors.length, 1);
    const behavior = distribution.behaviors[0];
    assert.equal(behavior.isDefault, true);
    assert.equal(behavior.cachePolicy.name, 'Managed-CachingOptimized');
    assert.equal(behavior.originRequestPolicy, undefined);
    assert.equal(behavior.responseHeadersPolicy?.name, 'Managed-CORS-With-Preflight');
    assert.equal(behavior.legacy, false);
    assert.equal(behavior.requiresSignature, true);
    assert.equal(behavior.trustedKeys.get('K2JUNLOGDEVKEY01')?.key, junlogKey.key);
    assert.deepEqual([...behavior.allowedMethods].sort(), ['GET', 'HEAD', 'OPTIONS']);
    assert.deepEqual([...behavior.cachedMethods].sort(), ['GET', 'HEAD']);
    assert.equal(behavior.viewerProtocolPolicy, 'redirect-to-https');
  });

  it('after the fix: the same plus CORS-S3Origin', () => {
    const behavior = compile(readJunlog('distribution.after-fix.json')).behaviors[0];
    assert.equal(behavior.cachePolicy.name, 'Managed-CachingOptimized');
    assert.equal(behavior.originRequestPolicy?.name, 'Managed-CORS-S3Origin');
    assert.equal(behavior.responseHeadersPolicy?.name, 'Managed-CORS-With-Preflight');
  });

  it('reads the S3 origin as bucket junlog-media in ap-northeast-2, signed by OAC, served by the embedded store', () => {
    const origin = compile(readJunlog('distribution.after-fix.json')).origins.get(ORIGIN_ID);
    assert.deepEqual(origin, {
      id: ORIGIN_ID,
      domainName: ORIGIN_ID,
      originPath: '',
      customHeaders: [],
      connectionAttempts: 3,
      connectionTimeoutMs: 10000,
      readTimeoutMs: 30000,
      endpoint: { kind: 'embedded' },
      config: {
        kind: 's3',
        bucket: 'junlog-media',
        region: 'ap-northeast-2',
        originAccessControl: { id: 'E2JUNLOGOACMEDIA', signingBehavior: 'always' },
      },
    });
  });

  it('uses a configured OAC and an origin endpoint mapped by domain name', () => {
    const distribution = compile(readJunlog('distribution.after-fix.json'), {
      originAccessControls: [
        {
          Id: 'E2JUNLOGOACMEDIA',
          OriginAccessControlConfig: {
            Name: 'junlog',
            SigningProtocol: 'sigv4',
            SigningBehavior: 'no-override',
            OriginAccessControlOriginType: 's3',
          },
        },
      ],
      originEndpoints: new Map([[ORIGIN_ID, { kind: 'url', url: 'http://127.0.0.1:9000' } as const]]),
    });
    const origin = distribution.origins.get(ORIGIN_ID)!;
    assert.deepEqual(origin.endpoint, { kind: 'url', url: 'http://127.0.0.1:9000' });
    assert.equal(
      origin.config.kind === 's3' && origin.config.originAccessControl?.signingBehavior,
      'no-override',
    );
  });

  it('refuses an OAC defined for another origin type on an S3 origin', () => {
    throwsCode(
      () =>
        compile(readJunlog('distribution.after-fix.json'), {
          originAccessControls: [
            {
              Id: 'E2JUNLOGOACMEDIA',
              OriginAccessControlConfig: {
                Name: 'l',
                SigningProtocol: 'sigv4',
                SigningBehavior: 'always',
                OriginAccessControlOriginType: 'lambda',
              },
            },
          ],
        }),
      'IllegalOriginAccessConfiguration',
      'DistributionConfig.Origins.Items[0].OriginAccessControlId',
    );
  });

  it('refuses a key group that does not exist', () => {
    throwsCode(
      () => compile(readJunlog('distribution.before-fix.json'), { keyGroups: new Map() }),
      'TrustedKeyGroupDoesNotExist',
      'DistributionConfig.DefaultCacheBehavior.TrustedKeyGroups.Items[0]',
    );
  });

  it('refuses unknown cache, origin request and response headers policy ids', () => {
    throwsCode(
      () => compile(withConfig((config) => (config.DefaultCacheBehavior.CachePolicyId = 'no-such'))),
      'NoSuchCachePolicy',
      'DistributionConfig.DefaultCacheBehavior.CachePolicyId',
    );
    throwsCode(
      () => compile(withConfig((config) => (config.DefaultCacheBehavior.OriginRequestPolicyId = 'no-such'))),
      'NoSuchOriginRequestPolicy',
      'DistributionConfig.DefaultCacheBehavior.OriginRequestPolicyId',
    );
    throwsCode(
      () =>
        compile(withConfig((config) => (config.DefaultCacheBehavior.ResponseHeadersPolicyId = 'no-such'))),
      'NoSuchResponseHeadersPolicy',
      'DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId',
    );
  });

  it('resolves custom policies given in API shape', () => {
    const distribution = compile(
      withConfig((config) => (config.DefaultCacheBehavior.ResponseHeadersPolicyId = 'junlog-credentialed')),
      {
        customPolicies: {
          responseHeadersPolicies: [
            {
              Id: 'junlog-credentialed',
              ResponseHeadersPolicyConfig: {
                Name: 'junlog-credentialed',
                CorsConfig: {
                  AccessControlAllowOrigins: { Quantity: 1, Items: ['https://local.junlog.dev:3000'] },
                  AccessControlAllowHeaders: { Quantity: 1, Items: ['range'] },
                  AccessControlAllowMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
                  AccessControlAllowCredentials: true,
                  OriginOverride: false,
                },
              },
            },
          ],
        },
      },
    );
    assert.equal(distribution.behaviors[0].responseHeadersPolicy?.cors?.allowCredentials, true);
  });
});

describe('behaviors', () => {
  const document = withConfig((config) => {
    config.CacheBehaviors = {
      Quantity: 4,
      Items: [
        publicBehavior('/public/*'),
        publicBehavior('*.jpg', { CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' }),
        publicBehavior('/public/secret/*', { CachePolicyId: 'b2884449-e4de-46a7-ac36-70bc7f1ddd6d' }),
        publicBehavior('/api/v?/*', {
          CachePolicyId: undefined,
          ForwardedValues: {
            QueryString: true,
            Cookies: { Forward: 'all' },
            Headers: { Quantity: 1, Items: ['*'] },
          },
          MinTTL: 0,
          DefaultTTL: 0,
          MaxTTL: 0,
        }),
      ],
    };
  });
  const distribution = compile(document);

  it('keeps path-pattern behaviors in order and the default behavior last', () => {
    assert.deepEqual(
      distribution.behaviors.map((behavior) => behavior.pathPattern),
      ['/public/*', '*.jpg', '/public/secret/*', '/api/v?/*', '*'],
    );
    assert.equal(distribution.behaviors.at(-1)?.isDefault, true);
  });

  // [raw path, expected pattern]: first match in order wins, else the default (AWS: "Cache behavior settings").
  const selections: readonly (readonly [string, string])[] = [
    ['/public/a.txt', '/public/*'],
    ['/public/photo.jpg', '/public/*'],
    ['/public/secret/key.txt', '/public/*'],
    ['/videos/poster.jpg', '*.jpg'],
    ['/videos/POSTER.JPG', '*'],
    ['/api/v1/users', '/api/v?/*'],
    ['/api/v10/users', '*'],
    ['/', '*'],
    ['/videos/course-1/a.mp4', '*'],
  ];
  for (const [path, pattern] of selections) {
    it(`selects ${pattern} for ${path}`, () => {
      assert.equal(selectBehavior(distribution, path).pathPattern, pattern);
    });
  }

  it('leaves path-pattern behaviors without signers public', () => {
    const behavior = selectBehavior(distribution, '/public/a.txt');
    assert.equal(behavior.requiresSignature, false);
    assert.equal(behavior.trustedKeys.size, 0);
  });

  it('compiles legacy ForwardedValues into an equivalent cache policy marked legacy', () => {
    const behavior = selectBehavior(distribution, '/api/v1/users');
    assert.equal(behavior.legacy, true);
    assert.deepEqual(behavior.cachePolicy.headers, { behavior: 'allViewer', names: [] });
    assert.equal(behavior.cachePolicy.cookies.behavior, 'all');
    assert.equal(behavior.cachePolicy.queryStrings.behavior, 'all');
    assert.equal(behavior.cachePolicy.maxTTL, 0);
  });

  it('refuses legacy forwarding of Host to an S3 origin', () => {
    throwsCode(
      () =>
        compile(
          withConfig((config) => {
            config.CacheBehaviors = {
              Quantity: 1,
              Items: [
                publicBehavior('/x/*', {
                  CachePolicyId: undefined,
                  ForwardedValues: {
                    QueryString: false,
                    Cookies: { Forward: 'none' },
                    Headers: { Quantity: 1, Items: ['Host'] },
                  },
                  MinTTL: 0,
                }),
              ],
            };
          }),
        ),
      'InvalidHeadersForS3Origin',
      'DistributionConfig.CacheBehaviors.Items[0].ForwardedValues.Headers',
    );
  });

  it('does not require signatures when the key group list is disabled', () => {
    const behavior = compile(
      withConfig((config) => (config.DefaultCacheBehavior.TrustedKeyGroups.Enabled = false)),
    ).behaviors[0];
    assert.equal(behavior.requiresSignature, false);
    assert.equal(behavior.trustedKeys.size, 0);
  });
});

describe('legacy trusted signers', () => {
  const signerKey = compilePublicKey('APKAEIBAERJR2EXAMPLE', rsaPem, 'EncodedKey');
  const document = withConfig((config) => {
    config.DefaultCacheBehavior.TrustedKeyGroups = { Enabled: false, Quantity: 0 };
    config.DefaultCacheBehavior.TrustedSigners = { Enabled: true, Quantity: 1, Items: ['self'] };
  });

  it('maps account numbers to the key pairs configured for them', () => {
    const behavior = compile(document, {
      publicKeys: new Map([[signerKey.id, signerKey]]),
      trustedSigners: [{ AwsAccountNumber: 'self', KeyPairIds: ['APKAEIBAERJR2EXAMPLE'] }],
    }).behaviors[0];
    assert.equal(behavior.requiresSignature, true);
    assert.deepEqual([...behavior.trustedKeys.keys()], ['APKAEIBAERJR2EXAMPLE']);
  });

  it('refuses a signer with no configured key pairs', () => {
    throwsCode(
      () => compile(document),
      'TrustedSignerDoesNotExist',
      'DistributionConfig.DefaultCacheBehavior.TrustedSigners.Items[0]',
    );
  });
});

describe('distribution identity', () => {
  it('derives a stable CloudFront-style domain name from the id', () => {
    const name = generatedDomainName('E1JUNLOGDEV');
    assert.match(name, /^d[a-z0-9]{13}\.cloudfront\.net$/);
    assert.equal(generatedDomainName('E1JUNLOGDEV'), name);
    assert.notEqual(generatedDomainName('E2OTHER'), name);
    assert.equal(compile(readJunlog('distribution.after-fix.json')).domainName, name);
  });

  it('derives an ETag from the content when the document has none', () => {
    const bare = readJunlog('distribution.after-fix.json').DistributionConfig;
    const first = compile(bare).etag;
    assert.match(first, /^E[A-Z0-9]{13}$/);
    assert.equal(compile(structuredClone(bare)).etag, first);
    assert.notEqual(compile({ ...bare, Comment: 'changed' }).etag, first);
  });

  it('indexes custom error responses by error code', () => {
    const distribution = compile(
      withConfig((config) => {
        config.CustomErrorResponses = {
          Quantity: 2,
          Items: [
            { ErrorCode: 403, ResponsePagePath: '/index.html', ResponseCode: '200', ErrorCachingMinTTL: 0 },
            { ErrorCode: 404 },
          ],
        };
      }),
    );
    assert.deepEqual(distribution.customErrorResponses.get(403), {
      errorCode: 403,
      responsePagePath: '/index.html',
      responseCode: 200,
      errorCachingMinTTL: 0,
    });
    assert.deepEqual(distribution.customErrorResponses.get(404), { errorCode: 404, errorCachingMinTTL: 10 });
  });

  it('sends unmapped custom origins to their real domain and origin groups to their primary member', () => {
    const distribution = compile(
      withConfig((config) => {
        config.Origins = {
          Quantity: 2,
          Items: [
            config.Origins.Items[0],
            {
              Id: 'api',
              DomainName: 'api.junlog.dev',
              CustomOriginConfig: {
                HTTPPort: 80,
                HTTPSPort: 8443,
                OriginProtocolPolicy: 'https-only',
                OriginKeepaliveTimeout: 30,
              },
            },
          ],
        };
        config.OriginGroups = {
          Quantity: 1,
          Items: [
            {
              Id: 'group',
              FailoverCriteria: { StatusCodes: { Quantity: 1, Items: [503] } },
              Members: { Quantity: 2, Items: [{ OriginId: 'api' }, { OriginId: ORIGIN_ID }] },
            },
          ],
        };
        config.CacheBehaviors = {
          Quantity: 1,
          Items: [publicBehavior('/api/*', { TargetOriginId: 'group' })],
        };
      }),
    );
    const api = distribution.origins.get('api')!;
    assert.deepEqual(api.endpoint, { kind: 'url', url: 'https://api.junlog.dev:8443' });
    assert.deepEqual(api.config, {
      kind: 'custom',
      httpPort: 80,
      httpsPort: 8443,
      protocolPolicy: 'https-only',
      keepaliveTimeoutMs: 30000,
    });
    assert.equal(distribution.origins.get('group'), api);
  });
});

describe('compilePublicKey', () => {
  it('accepts RSA 2048 and ECDSA P-256 keys', () => {
    assert.equal(compilePublicKey('K1', rsaPem, 'p').key.asymmetricKeyType, 'rsa');
    assert.equal(
      compilePublicKey('K2', pemOf('ec', { namedCurve: 'P-256' }), 'p').key.asymmetricKeyType,
      'ec',
    );
  });

  it('refuses other key sizes, curves and types', () => {
    for (const pem of [
      pemOf('rsa', { modulusLength: 1024 }),
      pemOf('ec', { namedCurve: 'P-384' }),
      'not a key',
    ])
      throwsCode(
        () => compilePublicKey('K', pem, 'edge.publicKeys[0].PublicKeyConfig.EncodedKey'),
        'InvalidArgument',
        'edge.publicKeys[0].PublicKeyConfig.EncodedKey',
      );
  });

  it('refuses a key group naming an unknown key or more than five keys', () => {
    throwsCode(
      () =>
        compileKeyGroups(
          [{ Id: 'g', KeyGroupConfig: { Name: 'g', Items: ['NOPE'] } }],
          publicKeys,
          'edge.keyGroups',
        ),
      'NoSuchPublicKey',
      'edge.keyGroups[0].KeyGroupConfig.Items[0]',
    );
    throwsCode(
      () =>
        compileKeyGroups(
          [{ Id: 'g', KeyGroupConfig: { Name: 'g', Items: Array(6).fill('K2JUNLOGDEVKEY01') } }],
          publicKeys,
          'edge.keyGroups',
        ),
      'TooManyPublicKeysInKeyGroup',
      'edge.keyGroups[0].KeyGroupConfig.Items',
    );
  });
});
