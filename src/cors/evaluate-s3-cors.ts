// Decides S3's bucket CORS answer for one request: the headers to add, nothing, or the failed-preflight
// error. Pure; the S3 API applies it and the doctor replays it (AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)").
// Choices where S3 is unconfirmed: docs/decisions/cors-s3-evaluation.md.

import type { CorsRule } from './cors-rule.ts';
import { matchCorsPattern } from './match-cors-pattern.ts';

export type S3CorsResourceType = 'OBJECT' | 'BUCKET';

export type S3CorsInput = {
  /** The request's own method (`GET`, `OPTIONS` …). */
  readonly method: string;
  /** `Origin` request header; `undefined` when absent. */
  readonly origin?: string;
  readonly accessControlRequestMethod?: string;
  readonly accessControlRequestHeaders?: string;
  /** True for an `OPTIONS` request on a bucket or object URL (S3 answers those itself). */
  readonly isPreflight: boolean;
  readonly bucketExists: boolean;
  /** The bucket's CORS rules in document order; `null` when the bucket has no CORS configuration. */
  readonly rules: readonly CorsRule[] | null;
  /** `OBJECT` when the URL names a key, `BUCKET` for the bucket URL. */
  readonly resourceType: S3CorsResourceType;
};

/** Why no CORS headers were added, for traces and the doctor. */
export type S3CorsNoneReason = 'no-origin' | 'no-configuration' | 'no-matching-rule';

export type S3CorsPreflightErrorReason =
  | 'no-origin'
  | 'bucket-not-found'
  | 'no-configuration'
  | 'no-request-method'
  | 'no-matching-rule';

export type S3CorsDecision =
  | { readonly kind: 'none'; readonly reason: S3CorsNoneReason }
  | {
      readonly kind: 'headers';
      /** Wire names, casing and order as S3 sends them. */
      readonly headers: [name: string, value: string][];
      /** Index of the rule that matched, in document order. */
      readonly matchedRule: number;
    }
  | {
      readonly kind: 'preflight-error';
      readonly status: 400 | 403;
      readonly code: 'BadRequest' | 'AccessForbidden';
      readonly message: string;
      /** `<Method>` element of the error document, when S3 sends one. */
      readonly method?: string;
      /** `<ResourceType>` element of the error document, when S3 sends one. */
      readonly resourceType?: S3CorsResourceType;
      readonly reason: S3CorsPreflightErrorReason;
    };

// Wire strings from AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)" (the "evalution" typo is S3's).
export const S3_CORS_MESSAGES = {
  noOrigin: 'Insufficient information. Origin request header needed.',
  bucketNotFound: 'CORSResponse: Bucket not found',
  notEnabled: 'CORSResponse: CORS is not enabled for this bucket.',
  noRequestMethod: 'Invalid Access-Control-Request-Method: null',
  notAllowed:
    "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
} as const;

/** S3 varies on these three whenever a rule matched, and says so in exactly this string (AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)"). */
export const S3_CORS_VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** The CORS outcome S3 produces for `input` (AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)"). */
export function evaluateS3Cors(input: S3CorsInput): S3CorsDecision {
  const { origin, isPreflight } = input;
  if (origin === undefined) {
    // AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)": no Origin, no CORS (for OPTIONS too).
    return isPreflight
      ? {
          kind: 'preflight-error',
          status: 400,
          code: 'BadRequest',
          message: S3_CORS_MESSAGES.noOrigin,
          reason: 'no-origin',
        }
      : { kind: 'none', reason: 'no-origin' };
  }
  const acrm = input.accessControlRequestMethod;
  if (isPreflight && !input.bucketExists) {
    return {
      kind: 'preflight-error',
      status: 403,
      code: 'AccessForbidden',
      message: S3_CORS_MESSAGES.bucketNotFound,
      method: acrm ?? 'OPTIONS',
      resourceType: 'BUCKET',
      reason: 'bucket-not-found',
    };
  }
  // A stored configuration always has a rule; an empty list can only mean "none" (PutBucketCors refuses zero rules).
  const rules = input.rules;
  if (rules === null || rules.length === 0 || !input.bucketExists) {
    return isPreflight
      ? {
          kind: 'preflight-error',
          status: 403,
          code: 'AccessForbidden',
          message: S3_CORS_MESSAGES.notEnabled,
          method: acrm ?? 'OPTIONS',
          // AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)": BUCKET even when the URL names an object.
          resourceType: 'BUCKET',
          reason: 'no-configuration',
        }
      : { kind: 'none', reason: 'no-configuration' };
  }
  if (isPreflight && acrm === undefined) {
    return {
      kind: 'preflight-error',
      status: 400,
      code: 'BadRequest',
      message: S3_CORS_MESSAGES.noRequestMethod,
      reason: 'no-request-method',
    };
  }

  // AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)": ACRM/ACRH count on any method, not only OPTIONS.
  const method = acrm ?? input.method;
  const requestedHeaders = parseRequestedHeaders(input.accessControlRequestHeaders);
  const matchedRule = rules.findIndex((rule) => ruleMatches(rule, method, origin, requestedHeaders));
  if (matchedRule < 0) {
    return isPreflight
      ? {
          kind: 'preflight-error',
          status: 403,
          code: 'AccessForbidden',
          message: S3_CORS_MESSAGES.notAllowed,
          method,
          resourceType: input.resourceType,
          reason: 'no-matching-rule',
        }
      : { kind: 'none', reason: 'no-matching-rule' };
  }

  const rule = rules[matchedRule];
  // AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)": a rule holding the bare `*` answers `*` and never credentials, even beside other origins.
  const wildcard = rule.AllowedOrigins.includes('*');
  const headers: [string, string][] = [['Access-Control-Allow-Origin', wildcard ? '*' : origin]];
  if (!wildcard) headers.push(['Access-Control-Allow-Credentials', 'true']);
  headers.push(['Access-Control-Allow-Methods', rule.AllowedMethods.join(', ')]);
  if (isPreflight && requestedHeaders !== undefined) {
    headers.push(['Access-Control-Allow-Headers', requestedHeaders.join(', ')]);
  }
  if (rule.ExposeHeaders.length > 0)
    headers.push(['Access-Control-Expose-Headers', rule.ExposeHeaders.join(', ')]);
  if (rule.MaxAgeSeconds !== undefined) headers.push(['Access-Control-Max-Age', String(rule.MaxAgeSeconds)]);
  headers.push(['Vary', S3_CORS_VARY]);
  return { kind: 'headers', headers, matchedRule };
}

/**
 * `Access-Control-Request-Headers` as S3 reads it: split on commas, trimmed, lower-cased, empties dropped.
 * `undefined` when the header is absent or blank (AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)": blank counts as absent).
 */
export function parseRequestedHeaders(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return names.length > 0 ? names : undefined;
}

/** Whether one rule matches: method, then origin, then every requested header (AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)"). */
export function ruleMatches(
  rule: CorsRule,
  method: string,
  origin: string,
  requestedHeaders: readonly string[] | undefined,
): boolean {
  if (!rule.AllowedMethods.includes(method)) return false;
  if (!rule.AllowedOrigins.some((pattern) => matchCorsPattern(pattern, origin))) return false;
  if (requestedHeaders === undefined) return true;
  const allowed = rule.AllowedHeaders.map((pattern) => pattern.toLowerCase());
  return requestedHeaders.every((name) => allowed.some((pattern) => matchCorsPattern(pattern, name)));
}
