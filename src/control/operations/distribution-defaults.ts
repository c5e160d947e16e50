// The optional DistributionConfig members CloudFront fills in when a request leaves them out, so that
// `get-distribution-config` prints a complete document to edit and send back (Amazon CloudFront API
// Reference, DistributionConfig: the documented defaults of each member). Members the request gave are kept.

type Json = Record<string, unknown>;

const TOP_LEVEL_DEFAULTS: Readonly<Json> = {
  Aliases: { Quantity: 0 },
  DefaultRootObject: '',
  OriginGroups: { Quantity: 0 },
  CacheBehaviors: { Quantity: 0 },
  CustomErrorResponses: { Quantity: 0 },
  Logging: { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
  PriceClass: 'PriceClass_All',
  ViewerCertificate: {
    CloudFrontDefaultCertificate: true,
    SSLSupportMethod: 'vip',
    MinimumProtocolVersion: 'TLSv1',
    CertificateSource: 'cloudfront',
  },
  Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
  WebACLId: '',
  HttpVersion: 'http2',
  Staging: false,
};

const ORIGIN_DEFAULTS: Readonly<Json> = {
  OriginPath: '',
  CustomHeaders: { Quantity: 0 },
  ConnectionAttempts: 3,
  ConnectionTimeout: 10,
  OriginShield: { Enabled: false },
  OriginAccessControlId: '',
};

const BEHAVIOR_DEFAULTS: Readonly<Json> = {
  TrustedSigners: { Enabled: false, Quantity: 0 },
  TrustedKeyGroups: { Enabled: false, Quantity: 0 },
  SmoothStreaming: false,
  Compress: false,
  LambdaFunctionAssociations: { Quantity: 0 },
  FunctionAssociations: { Quantity: 0 },
  FieldLevelEncryptionId: '',
};

const withDefaults = (value: Json, defaults: Readonly<Json>): Json => ({ ...defaults, ...value });

export function withDistributionDefaults(config: Json): Json {
  const origins = config.Origins as Json | undefined;
  const behaviors = config.CacheBehaviors as Json | undefined;
  const defaultBehavior = config.DefaultCacheBehavior as Json | undefined;
  return {
    ...withDefaults(config, TOP_LEVEL_DEFAULTS),
    ...(Array.isArray(origins?.Items)
      ? {
          Origins: {
            ...origins,
            Items: (origins.Items as Json[]).map((o) => withDefaults(o, ORIGIN_DEFAULTS)),
          },
        }
      : {}),
    ...(defaultBehavior !== undefined && typeof defaultBehavior === 'object'
      ? { DefaultCacheBehavior: withDefaults(defaultBehavior, BEHAVIOR_DEFAULTS) }
      : {}),
    ...(Array.isArray(behaviors?.Items)
      ? {
          CacheBehaviors: {
            ...behaviors,
            Items: (behaviors.Items as Json[]).map((b) => withDefaults(b, BEHAVIOR_DEFAULTS)),
          },
        }
      : {}),
  };
}
