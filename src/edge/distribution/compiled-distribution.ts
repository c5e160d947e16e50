// The runtime form of a distribution: what `compileDistribution` makes from the AWS-shaped JSON and
// what every edge stage reads. Immutable; a config change builds a new snapshot and swaps it whole.

import type { TrustedKey } from '../../signer/index.ts';
import type { SigV4Credentials } from '../../signer/sigv4/index.ts';
import type { FunctionAssociations } from './parse-function-associations.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** Cache key and forwarding rules, normalized from a cache policy (managed or custom) or legacy ForwardedValues. */
export type CachePolicy = {
  readonly id: string;
  readonly name: string;
  readonly minTTL: number;
  readonly defaultTTL: number;
  readonly maxTTL: number;
  /** Header names lower-cased. Cache policies only know `none` and `whitelist` (legacy `*` = allViewer). */
  readonly headers: {
    readonly behavior: 'none' | 'whitelist' | 'allViewer';
    readonly names: readonly string[];
  };
  readonly cookies: {
    readonly behavior: 'none' | 'whitelist' | 'allExcept' | 'all';
    readonly names: readonly string[];
  };
  readonly queryStrings: {
    readonly behavior: 'none' | 'whitelist' | 'allExcept' | 'all';
    readonly names: readonly string[];
  };
  readonly enableAcceptEncodingGzip: boolean;
  readonly enableAcceptEncodingBrotli: boolean;
};

/** What reaches the origin without entering the cache key (AWS: "Control origin requests with a policy"). */
export type OriginRequestPolicy = {
  readonly id: string;
  readonly name: string;
  /** Header names lower-cased. */
  readonly headers: {
    readonly behavior: 'none' | 'whitelist' | 'allViewer' | 'allViewerAndWhitelistCloudFront' | 'allExcept';
    readonly names: readonly string[];
  };
  readonly cookies: {
    readonly behavior: 'none' | 'whitelist' | 'allExcept' | 'all';
    readonly names: readonly string[];
  };
  readonly queryStrings: {
    readonly behavior: 'none' | 'whitelist' | 'allExcept' | 'all';
    readonly names: readonly string[];
  };
};

/** A header a response headers policy adds; `override` says whether it replaces the origin's own value. */
export type PolicyHeader = { readonly name: string; readonly value: string; readonly override: boolean };

export type ResponseHeadersCors = {
  readonly allowOrigins: readonly string[];
  readonly allowHeaders: readonly string[];
  /** Expanded: `ALL` becomes the seven methods. */
  readonly allowMethods: readonly string[];
  readonly allowCredentials: boolean;
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds?: number;
  readonly originOverride: boolean;
};

export type ResponseHeadersPolicy = {
  readonly id: string;
  readonly name: string;
  readonly cors?: ResponseHeadersCors;
  /** Security headers rendered to wire form (`X-Frame-Options: DENY` …), each with its own override flag. */
  readonly securityHeaders: readonly PolicyHeader[];
  readonly customHeaders: readonly PolicyHeader[];
  /** Lower-cased names. */
  readonly removeHeaders: readonly string[];
  readonly serverTiming?: { readonly enabled: boolean; readonly samplingRate: number };
};

/**
 * An S3-compatible endpoint outside this process (Ceph RGW, MinIO, AWS S3 …) and the credentials the edge signs
 * its origin access control requests with (config `edge.origins`, `s3` form; docs/decisions/edge-config-origins.md).
 */
export type S3EndpointOrigin = {
  readonly kind: 's3';
  /** `http(s)://host[:port][/prefix]`, no trailing slash. */
  readonly url: string;
  /** Path-style `/<bucket>/<key>` on the endpoint host, or virtual-hosted `<bucket>.<endpoint host>`. */
  readonly addressing: 'path' | 'virtual';
  /** Region in the signature; the origin domain's region when absent. */
  readonly region?: string;
  /** Bucket name at the endpoint; the origin domain's bucket when absent. */
  readonly bucket?: string;
  /** The secret is not enumerable: serialising this object never shows it. */
  readonly credentials: SigV4Credentials;
  /** Where it was configured, for errors found when distributions are compiled (`edge.origins["…"]`). */
  readonly jsonPath: string;
};

/** Where an origin's requests actually go on this machine (config `edge.origins`). */
export type OriginEndpoint =
  | { readonly kind: 'embedded' }
  | { readonly kind: 'url'; readonly url: string }
  | S3EndpointOrigin;

export type CompiledOrigin = {
  readonly id: string;
  readonly domainName: string;
  /** `''` or a prefix like `/production` (no trailing slash). */
  readonly originPath: string;
  readonly customHeaders: readonly (readonly [name: string, value: string])[];
  readonly connectionAttempts: number;
  readonly connectionTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly endpoint: OriginEndpoint;
  readonly config:
    | {
        readonly kind: 's3';
        readonly bucket: string;
        readonly region: string;
        /** Set when the origin uses origin access control: requests are SigV4-signed for service s3. */
        readonly originAccessControl?: {
          readonly id: string;
          readonly signingBehavior: 'always' | 'never' | 'no-override';
        };
      }
    | {
        readonly kind: 'custom';
        readonly httpPort: number;
        readonly httpsPort: number;
        readonly protocolPolicy: 'http-only' | 'match-viewer' | 'https-only';
        readonly keepaliveTimeoutMs: number;
      };
};

/** A public key the edge accepts for signed URLs/cookies, by its id (`K2JUNLOGDEVKEY01`). */
/** A key group's public key as the signer verifies with it. */
export type TrustedPublicKey = TrustedKey;

export type CompiledBehavior = {
  /** `*` for the default behavior. */
  readonly pathPattern: string;
  readonly isDefault: boolean;
  /** Whole-path, case-sensitive glob match against the raw path (AWS: "Cache behavior settings"). */
  readonly matches: (rawPath: string) => boolean;
  readonly targetOriginId: string;
  readonly viewerProtocolPolicy: 'allow-all' | 'https-only' | 'redirect-to-https';
  readonly allowedMethods: ReadonlySet<HttpMethod>;
  readonly cachedMethods: ReadonlySet<HttpMethod>;
  readonly compress: boolean;
  /**
   * Keys of the trusted key groups (and legacy trusted signers' key pairs) by key id; empty map when the
   * behavior is public. `requiresSignature` is true when signers are enabled and listed (AWS: "Specify signers that can create signed URLs and signed cookies").
   */
  readonly requiresSignature: boolean;
  readonly trustedKeys: ReadonlyMap<string, TrustedPublicKey>;
  readonly cachePolicy: CachePolicy;
  readonly originRequestPolicy?: OriginRequestPolicy;
  readonly responseHeadersPolicy?: ResponseHeadersPolicy;
  /** CloudFront Functions by event type (ARNs; the snapshot resolves them to code). */
  readonly functionAssociations: FunctionAssociations;
  /** True when the behavior uses legacy ForwardedValues/MinTTL rather than policy ids. */
  readonly legacy: boolean;
};

export type CustomErrorResponse = {
  readonly errorCode: number;
  readonly responsePagePath?: string;
  readonly responseCode?: number;
  readonly errorCachingMinTTL: number;
};

export type CompiledDistribution = {
  readonly id: string;
  /** Generated CloudFront-style name, `d` + 13 lower-case alphanumerics + `.cloudfront.net`, stable per id. */
  readonly domainName: string;
  /** Lower-cased alternate domain names. */
  readonly aliases: readonly string[];
  readonly enabled: boolean;
  /** `''` when not set. */
  readonly defaultRootObject: string;
  readonly httpVersion: string;
  /** ETag of the loaded config (from the file's `ETag`, or derived from its content). */
  readonly etag: string;
  readonly origins: ReadonlyMap<string, CompiledOrigin>;
  /** Ordered path-pattern behaviors followed by the default behavior (always last). */
  readonly behaviors: readonly CompiledBehavior[];
  readonly customErrorResponses: ReadonlyMap<number, CustomErrorResponse>;
  /** The `DistributionConfig` exactly as loaded, for the doctor and for get-distribution-config output. */
  readonly source: Readonly<Record<string, unknown>>;
};
