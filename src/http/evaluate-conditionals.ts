// Conditional request evaluation with S3's precedence (AWS: "Amazon S3 API Reference", RFC 9110 §13.2.2):
// If-Match → If-Unmodified-Since → If-None-Match → If-Modified-Since; 412 wins over 304.

import { etagMatchesStrong, etagMatchesWeak } from './etag.ts';
import { parseHttpDate, toHttpSeconds } from './http-date.ts';

export type ConditionalHeaders = {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: string;
  readonly ifUnmodifiedSince?: string;
};

export type ConditionalTarget = { readonly etag: string; readonly lastModified: Date };

export type ConditionalDecision =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'not-modified' }
  | {
      readonly kind: 'precondition-failed';
      readonly condition: 'If-Match' | 'If-Unmodified-Since' | 'If-None-Match' | 'If-Modified-Since';
    };

/**
 * `safeMethod` is true for GET/HEAD: a matching If-None-Match then means 304, otherwise 412 (RFC 9110 §13.1.2).
 * Dates in the future or unparsable are ignored (spec: UNCONFIRMED detail, RFC 9110 behaviour).
 */
export function evaluateConditionals(
  headers: ConditionalHeaders,
  target: ConditionalTarget,
  options: { safeMethod: boolean; now: Date },
): ConditionalDecision {
  const modifiedSeconds = toHttpSeconds(target.lastModified);
  const nowSeconds = toHttpSeconds(options.now);
  if (headers.ifMatch !== undefined) {
    if (!etagMatchesStrong(headers.ifMatch, target.etag))
      return { kind: 'precondition-failed', condition: 'If-Match' };
  } else if (headers.ifUnmodifiedSince !== undefined) {
    const since = parseHttpDate(headers.ifUnmodifiedSince);
    if (since !== undefined && modifiedSeconds > toHttpSeconds(since)) {
      return { kind: 'precondition-failed', condition: 'If-Unmodified-Since' };
    }
  }
  if (headers.ifNoneMatch !== undefined) {
    if (etagMatchesWeak(headers.ifNoneMatch, target.etag)) {
      return options.safeMethod
        ? { kind: 'not-modified' }
        : { kind: 'precondition-failed', condition: 'If-None-Match' };
    }
  } else if (headers.ifModifiedSince !== undefined && options.safeMethod) {
    const since = parseHttpDate(headers.ifModifiedSince);
    if (since !== undefined) {
      const sinceSeconds = toHttpSeconds(since);
      if (sinceSeconds <= nowSeconds && modifiedSeconds <= sinceSeconds) return { kind: 'not-modified' };
    }
  }
  return { kind: 'proceed' };
}
