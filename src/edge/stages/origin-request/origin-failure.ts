// Step: the origin could not be reached or timed out — the stale copy when there is one, else CloudFront's
// 502 (connect) or 504 (timeout) page (spec cloudfront.md §7.1).

import type { CachedObject } from '../../cache/cache-store.ts';
import type { EdgeResponse } from '../../edge-response.ts';
import { cloudFrontErrorResponse, ERROR_REASONS } from '../../responses/cloudfront-error-page.ts';
import type { KeyedRequest } from '../cache-lookup.ts';
import type { OriginCall } from './call-origin.ts';
import type { OriginStepDeps } from './origin-step-deps.ts';
import { serveStaleOnError } from './serve-stale-on-error.ts';

export function answerOriginFailure(
  req: KeyedRequest,
  failure: Extract<OriginCall, { kind: 'failure' }>,
  stale: CachedObject | undefined,
  release: () => void,
  deps: OriginStepDeps,
): EdgeResponse {
  release();
  req.trace?.add({
    stage: 'origin-response',
    status: failure.status,
    corsHeaders: [],
    freshness: { kind: 'do-not-store', rule: 'origin-failure' },
    stored: false,
    failure: failure.message,
  });
  const staleResponse = serveStaleOnError(stale, failure.status, req.distribution, deps);
  if (staleResponse) return staleResponse;
  return failure.status === 504
    ? cloudFrontErrorResponse(504, ERROR_REASONS.originTimeout, req.requestId, 'OriginCommError')
    : cloudFrontErrorResponse(502, ERROR_REASONS.originConnect, req.requestId, 'OriginConnectError');
}
