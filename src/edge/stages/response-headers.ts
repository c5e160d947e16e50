// Stage 6 — response headers: the behavior's response headers policy (remove first, then CORS, security and
// custom headers with origin-override semantics, AWS: "Add or remove HTTP headers in CloudFront responses with a policy") on every response of the
// behavior, hits and misses alike; then CloudFront's own headers (X-Cache, Via, X-Amz-Cf-Pop, X-Amz-Cf-Id,
// Age on hits, AWS: "Request and response behavior for Amazon S3 origins"). Generated error responses get no policy headers unless configured (docs/decisions/).

import {
  applyPolicyHeaders,
  decideResponseHeadersPolicyCors,
  removePolicyHeaders,
} from '../../cors/index.ts';
import type { ResponsePolicyHeader } from '../../cors/index.ts';
import type { CompiledBehavior } from '../distribution/compiled-distribution.ts';
import type { EdgeResponse } from '../edge-response.ts';
import { renderServerTiming, serverTimingSampled } from '../responses/server-timing.ts';
import type { TraceRecorder } from '../trace/trace-types.ts';
import type { ViewerRequest } from '../viewer-request.ts';
import { headerValue, viaProtocolVersion } from '../viewer-request.ts';

export type ResponseHeadersOptions = {
  readonly pop: string;
  readonly viaHostHex: string;
  /** Config `edge.errorResponses` (AWS: "Add or remove HTTP headers in CloudFront responses with a policy", docs/decisions/): which CloudFront-generated responses get policy headers. */
  readonly policyHeadersOnSignatureErrors: boolean;
  readonly policyHeadersOnGeneratedErrors: boolean;
  readonly policyHeadersOnRedirects: boolean;
};

/** Clock and dice for Server-Timing (injected so tests are deterministic). */
export type ServerTimingClock = { readonly nowMs: () => number; readonly random: () => number };

const defaultClock: ServerTimingClock = { nowMs: Date.now, random: Math.random };

export function responseHeaders(
  response: EdgeResponse,
  viewer: ViewerRequest,
  behavior: CompiledBehavior | undefined,
  requestId: string,
  options: ResponseHeadersOptions,
  trace: TraceRecorder | undefined,
  clock: ServerTimingClock = defaultClock,
): EdgeResponse {
  let headers: [string, string][] = response.headers.map(([n, v]) => [n, v]);
  const policy = behavior?.responseHeadersPolicy;
  const skipReason =
    response.generated === 'signature-error' && !options.policyHeadersOnSignatureErrors
      ? 'CloudFront-generated signature error: edge.errorResponses.policyHeadersOnSignatureErrors is false'
      : response.generated === 'error' && !options.policyHeadersOnGeneratedErrors
        ? 'CloudFront-generated error: edge.errorResponses.policyHeadersOnGeneratedErrors is false'
        : response.generated === 'redirect' && !options.policyHeadersOnRedirects
          ? 'redirect: edge.errorResponses.policyHeadersOnRedirects is false'
          : undefined;
  const skip = skipReason !== undefined;
  if (policy && !skip) {
    headers = removePolicyHeaders(headers, policy.removeHeaders);
    const added: ResponsePolicyHeader[] = [];
    if (policy.cors) {
      added.push(
        ...decideResponseHeadersPolicyCors(policy.cors, {
          method: viewer.method,
          origin: headerValue(viewer.headers, 'origin'),
          accessControlRequestMethod: headerValue(viewer.headers, 'access-control-request-method'),
          accessControlRequestHeaders: headerValue(viewer.headers, 'access-control-request-headers'),
        }),
      );
    }
    added.push(...policy.securityHeaders, ...policy.customHeaders);
    headers = applyPolicyHeaders(headers, added);
    if (serverTimingSampled(policy.serverTiming, headerValue(viewer.headers, 'pragma'), clock.random)) {
      const fromOrigin = headers.filter(([n]) => n.toLowerCase() === 'server-timing').map(([, v]) => v);
      headers = headers.filter(([n]) => n.toLowerCase() !== 'server-timing');
      const value = renderServerTiming({
        resultType: response.resultType,
        pop: options.pop,
        requestId,
        upstream: response.upstream,
        downstreamFirstByteMs: clock.nowMs() - viewer.receivedAtMs,
        originServerTiming: fromOrigin.length > 0 ? fromOrigin.join(', ') : undefined,
      });
      headers.push(['Server-Timing', value]);
      added.push({ name: 'Server-Timing', value, override: true });
    }
    trace?.add({
      stage: 'response-headers',
      policyId: policy.id,
      applied: true,
      removed: policy.removeHeaders,
      added: added.map((h) => [h.name, `${h.value}${h.override ? ' (override)' : ''}`] as const),
    });
  } else {
    trace?.add({
      stage: 'response-headers',
      policyId: policy?.id,
      applied: false,
      removed: [],
      added: [],
      reason: policy ? skipReason : 'no response headers policy',
    });
  }
  // Generated responses say `Server: CloudFront`; removing the origin's Server makes CloudFront insert its own (AWS: "Add or remove HTTP headers in CloudFront responses with a policy", "Request and response behavior for Amazon S3 origins").
  const serverRemoved = policy !== undefined && !skip && policy.removeHeaders.includes('server');
  if (
    (response.generated !== undefined || serverRemoved) &&
    !headers.some(([n]) => n.toLowerCase() === 'server')
  )
    headers.unshift(['Server', 'CloudFront']);
  headers = headers.filter(([n]) => {
    const lower = n.toLowerCase();
    return (
      lower !== 'x-cache' &&
      lower !== 'via' &&
      lower !== 'x-amz-cf-pop' &&
      lower !== 'x-amz-cf-id' &&
      lower !== 'age'
    );
  });
  const viaVersion = viaProtocolVersion(viewer.httpVersion);
  headers.push(
    ['X-Cache', `${response.xCacheResult ?? response.resultType} from cloudfront`],
    ['Via', `${viaVersion} ${options.viaHostHex}.cloudfront.net (CloudFront)`],
    ['X-Amz-Cf-Pop', options.pop],
    ['X-Amz-Cf-Id', requestId],
  );
  if (
    (response.resultType === 'Hit' ||
      response.resultType === 'RefreshHit' ||
      (response.resultType === 'Error' && response.body.kind === 'cached')) &&
    response.ageSeconds !== undefined
  )
    headers.push(['Age', String(response.ageSeconds)]);
  return { ...response, headers };
}
