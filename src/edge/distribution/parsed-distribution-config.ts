// The validated, typed reading of a `DistributionConfig` (AWS JSON shape, AWS: "Amazon CloudFront API Reference"/AWS: "aws cloudfront get-distribution-config (AWS CLI Command Reference)"):
// what `parseDistributionConfig` returns and `compileDistribution` consumes. Policies, key groups and OACs
// are still ids here; they are resolved at compile time against the config's tables.

import type { JsonObject } from './aws-json-reader.ts';
import type { CustomErrorResponse, HttpMethod } from './compiled-distribution.ts';
import type { FunctionAssociations } from './parse-function-associations.ts';

export type ParsedOrigin = {
  /** JSON path of this origin, for errors found while compiling. */
  readonly jsonPath: string;
  readonly id: string;
  readonly domainName: string;
  readonly originPath: string;
  readonly customHeaders: readonly (readonly [name: string, value: string])[];
  readonly connectionAttempts: number;
  readonly connectionTimeoutSeconds: number;
  /** `''` when the origin has none. */
  readonly originAccessControlId: string;
  readonly s3OriginConfig?: {
    readonly originAccessIdentity: string;
    readonly originReadTimeoutSeconds: number;
  };
  readonly customOriginConfig?: {
    readonly httpPort: number;
    readonly httpsPort: number;
    readonly originProtocolPolicy: 'http-only' | 'match-viewer' | 'https-only';
    readonly originReadTimeoutSeconds: number;
    readonly originKeepaliveTimeoutSeconds: number;
  };
};

export type ParsedOriginGroup = {
  readonly jsonPath: string;
  readonly id: string;
  readonly failoverStatusCodes: readonly number[];
  readonly memberOriginIds: readonly string[];
};

export type ParsedCacheBehavior = {
  readonly jsonPath: string;
  /** `*` for the default behavior. */
  readonly pathPattern: string;
  readonly isDefault: boolean;
  readonly targetOriginId: string;
  readonly viewerProtocolPolicy: 'allow-all' | 'https-only' | 'redirect-to-https';
  readonly allowedMethods: readonly HttpMethod[];
  readonly cachedMethods: readonly HttpMethod[];
  readonly compress: boolean;
  readonly trustedKeyGroups: { readonly enabled: boolean; readonly items: readonly string[] };
  readonly trustedSigners: { readonly enabled: boolean; readonly items: readonly string[] };
  readonly cachePolicyId?: string;
  readonly originRequestPolicyId?: string;
  readonly responseHeadersPolicyId?: string;
  readonly functionAssociations: FunctionAssociations;
  /** The behavior object as loaded; legacy `ForwardedValues` are compiled from it. */
  readonly source: JsonObject;
};

export type ParsedDistributionConfig = {
  /** The `ETag` printed next to the config, when the document had one. */
  readonly etag?: string;
  /** Which `aws` output the document was: get-distribution-config, get-distribution, or a bare config. */
  readonly documentKind: 'get-distribution-config' | 'get-distribution' | 'distribution-config';
  /** The `DistributionConfig` object exactly as loaded (unknown newer members included). */
  readonly source: JsonObject;
  readonly callerReference: string;
  readonly aliases: readonly string[];
  readonly defaultRootObject: string;
  readonly origins: readonly ParsedOrigin[];
  readonly originGroups: readonly ParsedOriginGroup[];
  readonly defaultCacheBehavior: ParsedCacheBehavior;
  readonly cacheBehaviors: readonly ParsedCacheBehavior[];
  readonly customErrorResponses: readonly CustomErrorResponse[];
  readonly comment: string;
  readonly enabled: boolean;
  readonly httpVersion: 'http1.1' | 'http2' | 'http3' | 'http2and3';
  readonly isIPV6Enabled: boolean;
};
