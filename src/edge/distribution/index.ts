// Public surface of edge distributions: the runtime types, parsing of AWS distribution documents,
// compilation into snapshots, path patterns and behavior selection.

export type { JsonObject } from './aws-json-reader.ts';
export type {
  CompileDistributionInput,
  OriginAccessControlEntry,
  TrustedSignerEntry,
} from './compile-distribution.ts';
export { ASSUMED_ORIGIN_ACCESS_CONTROL, compileDistribution } from './compile-distribution.ts';
export type { CompiledKeyGroup, KeyGroupEntry } from './compile-key-groups.ts';
export { compileKeyGroups } from './compile-key-groups.ts';
export { compilePublicKey } from './compile-public-key.ts';
export type {
  CachePolicy,
  CompiledBehavior,
  CompiledDistribution,
  CompiledOrigin,
  CustomErrorResponse,
  HttpMethod,
  OriginEndpoint,
  S3EndpointOrigin,
  OriginRequestPolicy,
  PolicyHeader,
  ResponseHeadersCors,
  ResponseHeadersPolicy,
  TrustedPublicKey,
} from './compiled-distribution.ts';
export type { DistributionConfigErrorCode } from './distribution-config-error.ts';
export { DistributionConfigError } from './distribution-config-error.ts';
export type { UnemulatedFeature } from './find-unemulated-features.ts';
export { findUnemulatedFeatures } from './find-unemulated-features.ts';
export { generatedDomainName } from './generated-domain-name.ts';
export {
  CUSTOM_ERROR_CODES,
  DEFAULT_ERROR_CACHING_MIN_TTL_SECONDS,
} from './parse-custom-error-responses.ts';
export { parseDistributionConfig } from './parse-distribution-config.ts';
export type {
  ParsedCacheBehavior,
  ParsedDistributionConfig,
  ParsedOrigin,
  ParsedOriginGroup,
} from './parsed-distribution-config.ts';
export { checkPathPattern, compilePathPattern, MAX_PATH_PATTERN_LENGTH } from './path-pattern.ts';
export type { S3OriginDomain } from './s3-origin-domain.ts';
export { parseS3OriginDomain } from './s3-origin-domain.ts';
export { selectBehavior } from './select-behavior.ts';
