// Public surface of cors/: pure CORS evaluation — S3 bucket CORS rules (parse, validate, render, evaluate)
// and CloudFront response-headers-policy CORS (decide, apply). Other components import only from here.

export type { CorsRule } from './cors-rule.ts';
export {
  CORS_ALLOWED_METHODS,
  CORS_CONFIGURATION_MAX_BYTES,
  CORS_RULE_ID_MAX_LENGTH,
  CORS_RULES_MAX,
  canonicalCorsRule,
} from './cors-rule.ts';
export type { CorsConfigurationErrorCode } from './cors-configuration-error.ts';
export { CorsConfigurationError, MALFORMED_XML_MESSAGE } from './cors-configuration-error.ts';
export { parseCorsConfigurationXml } from './parse-cors-configuration-xml.ts';
export { parseCorsConfigurationJson } from './parse-cors-configuration-json.ts';
export { renderCorsConfigurationJson, renderCorsConfigurationXml } from './render-cors-configuration.ts';
export { matchCorsPattern } from './match-cors-pattern.ts';
export type {
  S3CorsDecision,
  S3CorsInput,
  S3CorsNoneReason,
  S3CorsPreflightErrorReason,
  S3CorsResourceType,
} from './evaluate-s3-cors.ts';
export {
  evaluateS3Cors,
  parseRequestedHeaders,
  ruleMatches,
  S3_CORS_MESSAGES,
  S3_CORS_VARY,
} from './evaluate-s3-cors.ts';
export type { S3CorsExplainInput, S3CorsRuleExplanation } from './explain-s3-cors-rules.ts';
export { explainS3CorsRules } from './explain-s3-cors-rules.ts';
export type { ResponseHeadersPolicyCorsRequest } from './decide-response-headers-policy-cors.ts';
export {
  decideResponseHeadersPolicyCors,
  originMatches,
  RESPONSE_HEADERS_POLICY_ALL_METHODS,
  resolveAllowOrigin,
} from './decide-response-headers-policy-cors.ts';
export type { HeaderPair, ResponsePolicyHeader } from './apply-policy-headers.ts';
export { applyPolicyHeaders, removePolicyHeaders } from './apply-policy-headers.ts';
