// Public surface of the edge policies: managed policy tables (AWS JSON shapes), policy compilation and the
// policy set behaviors resolve ids against.

export type { CompilePolicyOptions } from './compile-cache-policy.ts';
export {
  compileCachePolicy,
  DEFAULT_MAX_TTL_SECONDS,
  DEFAULT_TTL_SECONDS,
  resolveTTLs,
} from './compile-cache-policy.ts';
export type { LegacyPolicies } from './compile-legacy-forwarded-values.ts';
export { compileLegacyForwardedValues } from './compile-legacy-forwarded-values.ts';
export { compileOriginRequestPolicy } from './compile-origin-request-policy.ts';
export type { CustomPolicies, PolicySet } from './compile-policy-set.ts';
export { compileManagedPolicies, compilePolicySet } from './compile-policy-set.ts';
export {
  ALLOW_HEADERS_STAR_WITH_CREDENTIALS_MESSAGE,
  CORS_ALL_METHODS,
} from './compile-response-headers-cors.ts';
export { compileResponseHeadersPolicy } from './compile-response-headers-policy.ts';
export { managedCachePolicies } from './managed-cache-policies.ts';
export { managedOriginRequestPolicies } from './managed-origin-request-policies.ts';
export { managedResponseHeadersPolicies } from './managed-response-headers-policies.ts';
export type {
  AwsList,
  CachePolicyConfig,
  CachePolicyEntry,
  OriginRequestPolicyConfig,
  OriginRequestPolicyEntry,
  ResponseHeadersPolicyConfig,
  ResponseHeadersPolicyEntry,
} from './policy-configs.ts';
export { awsList } from './policy-configs.ts';
