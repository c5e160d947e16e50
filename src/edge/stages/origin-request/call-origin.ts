// Step: build the origin request from the viewer request and the behavior's policies, sign it for origin
// access control, send it, and keep what the edge passes on of the response headers (spec cloudfront.md
// §4.4–4.5, §10.2).

import type { Readable } from 'node:stream';
import type { HeaderPairs, UpstreamTiming } from '../../edge-response.ts';
import { compileBehaviorSelectors } from '../../origin/behavior-selectors.ts';
import { buildOriginRequest } from '../../origin/build-origin-request.ts';
import type { KeyedRequest } from '../cache-lookup.ts';
import { cleanOriginHeaders, filterVary, keepsSetCookie } from './origin-headers.ts';
import type { OriginStepDeps } from './origin-step-deps.ts';

export type OriginValidators = { readonly etag?: string; readonly lastModified?: string };

export type OriginCall =
  | { readonly kind: 'failure'; readonly status: 502 | 504; readonly message: string }
  | {
      readonly kind: 'response';
      readonly status: number;
      /** Hop-by-hop headers removed, Set-Cookie only when cookies are forwarded, Vary filtered for custom origins. */
      readonly headers: HeaderPairs;
      readonly body: Readable;
      readonly upstream: UpstreamTiming;
      /** When the request left: an invalidation created after it keeps the fill out of the cache. */
      readonly fetchStartMs: number;
    };

export async function callOrigin(
  req: KeyedRequest,
  validators: OriginValidators | undefined,
  deps: OriginStepDeps,
): Promise<OriginCall> {
  const { origin, behavior, distribution } = req;
  const method = req.viewer.method;
  const fetchStartMs = deps.nowMs();
  let request = buildOriginRequest({
    origin,
    behavior,
    method,
    viewerHeaders: req.viewer.headers,
    viewerHttpVersion: req.viewer.httpVersion,
    viewerScheme: req.viewer.scheme,
    clientIp: req.viewer.clientIp,
    rawPath: req.originRawPath,
    query: req.forwardableQuery,
    cookies: req.forwardableCookies,
    cacheKey: req.cacheKey,
    requestId: req.requestId,
    viaHostHex: deps.viaHostHex,
    embeddedOrigin: deps.embeddedOrigin,
    validators,
    selectors: deps.selectorsFor?.(behavior).forward,
  });
  const signed = request.signWith !== undefined && deps.signOriginRequest !== undefined;
  if (request.signWith && deps.signOriginRequest) request = deps.signOriginRequest(request, distribution.id);
  req.trace?.add({
    stage: 'origin-request',
    originId: origin.id,
    method,
    url: `${request.connectOrigin}${request.path}`,
    headers: request.headers.filter(([n]) => n !== 'authorization'),
    signed,
  });
  const hasViewerBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  const outcome = await deps.originClient.request(request, {
    connectionTimeoutMs: origin.connectionTimeoutMs,
    readTimeoutMs: origin.readTimeoutMs,
    connectionAttempts: origin.connectionAttempts,
    keepAliveTimeoutMs: origin.config.kind === 'custom' ? origin.config.keepaliveTimeoutMs : undefined,
    signal: req.viewer.signal,
    body: hasViewerBody ? req.viewer.body : undefined,
  });
  if (outcome.kind === 'failure')
    return {
      kind: 'failure',
      status: outcome.failure.kind === 'timeout' ? 504 : 502,
      message: outcome.failure.message,
    };
  const response = outcome.response;
  // Pooled keep-alive connections hide DNS/connect; only first-byte latency is measured (edge-runtime-server-timing.md).
  const upstream = { firstByteMs: deps.nowMs() - fetchStartMs, dnsMs: 0, connectMs: 0 };
  const cleaned = cleanOriginHeaders(response.headers, keepsSetCookie(behavior));
  const headers =
    origin.config.kind === 'custom'
      ? filterVary(
          cleaned,
          (deps.selectorsFor?.(behavior) ?? compileBehaviorSelectors(behavior)).forward.headers,
        )
      : cleaned;
  return { kind: 'response', status: response.status, headers, body: response.body, upstream, fetchStartMs };
}

/** Reads an origin body nobody will see to its end, so the pooled connection can be reused. */
export function drainOriginBody(body: Readable): void {
  body.resume();
  body.on('error', () => {});
}
