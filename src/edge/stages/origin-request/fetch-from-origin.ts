// Step for a miss or an uncacheable request: the origin's answer streams to the viewer (and into the cache
// when the request is cacheable); an unreachable origin or a timeout is CloudFront's 502/504 (spec
// cloudfront.md §7.1).

import type { EdgeResponse } from '../../edge-response.ts';
import type { KeyedRequest } from '../cache-lookup.ts';
import { callOrigin } from './call-origin.ts';
import { answerOriginFailure } from './origin-failure.ts';
import type { OriginStepDeps } from './origin-step-deps.ts';
import { streamOriginResponse } from './stream-origin-response.ts';

export async function fetchFromOrigin(
  request: KeyedRequest,
  cacheable: boolean,
  release: () => void,
  deps: OriginStepDeps,
): Promise<EdgeResponse> {
  const call = await callOrigin(request, undefined, deps);
  if (call.kind === 'failure') return answerOriginFailure(request, call, undefined, release, deps);
  return streamOriginResponse(request, call, cacheable, release, deps);
}
