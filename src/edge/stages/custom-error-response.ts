// Custom error responses (AWS: "Generate custom error responses"): an error status with a configured ResponsePagePath is
// answered with that page — fetched through the behavior matching the page path, with normal caching — and
// ResponseCode (or the original status). If the page cannot be fetched the viewer gets the page's status.
// CloudFront-generated errors are replaced too unless configured otherwise (docs/decisions/).

import type { CompiledDistribution } from '../distribution/compiled-distribution.ts';
import type { EdgeResponse } from '../edge-response.ts';
import type { TraceRecorder } from '../trace/trace-types.ts';

export type FetchErrorPage = (pagePath: string) => Promise<EdgeResponse>;

export async function customErrorResponse(
  response: EdgeResponse,
  distribution: CompiledDistribution,
  options: { readonly forGeneratedErrors: boolean },
  fetchPage: FetchErrorPage,
  trace: TraceRecorder | undefined,
): Promise<EdgeResponse> {
  if (response.status < 400 || response.generated === 'redirect') return response;
  if (response.generated !== undefined && !options.forGeneratedErrors) return response;
  const configured = distribution.customErrorResponses.get(response.status);
  if (!configured?.responsePagePath) return response;
  // The original error body is not sent; drain it so an error being cached still lands in the cache.
  if (response.body.kind === 'stream') await response.body.discard();
  const page = await fetchPage(configured.responsePagePath);
  trace?.add({
    stage: 'response-headers',
    policyId: undefined,
    applied: false,
    removed: [],
    added: [],
    reason: `custom error response: ${response.status} → ${configured.responsePagePath} (${page.status})`,
  });
  if (page.status >= 400) return { ...page, resultType: 'Error' };
  return {
    ...page,
    status: configured.responseCode ?? response.status,
    // Logs and X-Cache keep reporting the origin error (AWS: "Generate custom error responses").
    resultType: 'Error',
    generated: undefined,
  };
}
