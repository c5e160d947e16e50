// The two places where per-behavior viewer code runs in the pipeline (CloudFront Functions and Lambda@Edge
// viewer events, "Customize at the edge with functions" in the CloudFront Developer Guide):
// - viewer request: after the behavior is matched and signed access is checked, before the cache lookup;
//   it may rewrite the request (the cache key and the origin then see the rewrite) or answer it.
// - viewer response: on every response before it is sent — origin responses, cache hits, custom error
//   pages and CloudFront's generated errors alike.
// The runtime runs them when given; absent, the request flows straight on.

import type { CompiledBehavior } from '../distribution/compiled-distribution.ts';
import type { EdgeResponse } from '../edge-response.ts';
import type { TraceRecorder } from '../trace/trace-types.ts';
import type { ViewerRequest } from '../viewer-request.ts';
import type { AuthorizedRequest } from './check-signed-access.ts';
import type { StageResult } from './receive.ts';

export type ViewerRequestStage = (request: AuthorizedRequest) => Promise<StageResult<AuthorizedRequest>>;

export type ViewerResponseContext = {
  readonly viewer: ViewerRequest;
  readonly requestId: string;
  /** Undefined when no distribution or behavior was reached (unknown Host, internal error). */
  readonly behavior: CompiledBehavior | undefined;
  readonly distributionId: string | undefined;
  readonly trace: TraceRecorder | undefined;
};

export type ViewerResponseStage = (
  response: EdgeResponse,
  context: ViewerResponseContext,
) => Promise<EdgeResponse>;
