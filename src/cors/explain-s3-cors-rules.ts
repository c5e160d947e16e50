// Explains, rule by rule, why bucket CORS rules did or did not match a request, so the doctor can say
// "rule 2 allows GET but not PUT" instead of only "not allowed". Same matching as evaluateS3Cors (AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)").

import type { CorsRule } from './cors-rule.ts';
import { parseRequestedHeaders } from './evaluate-s3-cors.ts';
import { matchCorsPattern } from './match-cors-pattern.ts';

export type S3CorsRuleExplanation = {
  /** Index of the rule in document order. */
  readonly rule: number;
  readonly matches: boolean;
  /** The effective method (ACRM if sent, else the request method) is one of the rule's AllowedMethod. */
  readonly methodAllowed: boolean;
  readonly originAllowed: boolean;
  /** Requested header names (lower-cased) that no AllowedHeader of the rule covers. */
  readonly headersNotAllowed: readonly string[];
};

export type S3CorsExplainInput = {
  readonly method: string;
  readonly origin: string;
  readonly accessControlRequestMethod?: string;
  readonly accessControlRequestHeaders?: string;
};

/** One explanation per rule, in document order; the first with `matches` is the one S3 uses. */
export function explainS3CorsRules(
  rules: readonly CorsRule[],
  input: S3CorsExplainInput,
): S3CorsRuleExplanation[] {
  const method = input.accessControlRequestMethod ?? input.method;
  const requested = parseRequestedHeaders(input.accessControlRequestHeaders) ?? [];
  return rules.map((rule, index) => {
    const methodAllowed = rule.AllowedMethods.includes(method);
    const originAllowed = rule.AllowedOrigins.some((pattern) => matchCorsPattern(pattern, input.origin));
    const allowed = rule.AllowedHeaders.map((pattern) => pattern.toLowerCase());
    const headersNotAllowed = requested.filter(
      (name) => !allowed.some((pattern) => matchCorsPattern(pattern, name)),
    );
    return {
      rule: index,
      matches: methodAllowed && originAllowed && headersNotAllowed.length === 0,
      methodAllowed,
      originAllowed,
      headersNotAllowed,
    };
  });
}
