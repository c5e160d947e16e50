// Step for a stale entry: ask the origin with the entry's validators. 304 → the entry is refreshed
// (`RefreshHit`); connect failure, timeout or 5xx → the stale copy when allowed (spec cloudfront.md §7.1);
// any other answer replaces the entry like a miss (§4.1).

import type { EdgeResponse } from '../../edge-response.ts';
import type { CacheLookupOutcome } from '../cache-lookup.ts';
import { callOrigin, drainOriginBody } from './call-origin.ts';
import { answerOriginFailure } from './origin-failure.ts';
import type { OriginStepDeps } from './origin-step-deps.ts';
import { refreshHit } from './refresh-hit.ts';
import { serveStaleOnError } from './serve-stale-on-error.ts';
import { streamOriginResponse } from './stream-origin-response.ts';

export async function revalidateStale(
  lookup: Extract<CacheLookupOutcome, { kind: 'stale' }>,
  deps: OriginStepDeps,
): Promise<EdgeResponse> {
  const { request, cached, release } = lookup;
  const call = await callOrigin(
    request,
    { etag: cached.meta.etag, lastModified: cached.meta.lastModified },
    deps,
  );
  if (call.kind === 'failure') return answerOriginFailure(request, call, cached, release, deps);
  if (call.status === 304) return refreshHit(request, cached, call, release, deps);
  if (call.status >= 500) {
    const staleResponse = serveStaleOnError(cached, call.status, request.distribution, deps);
    if (staleResponse) {
      drainOriginBody(call.body);
      release();
      return staleResponse;
    }
  }
  return streamOriginResponse(request, call, true, release, deps);
}
