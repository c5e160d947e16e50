// Stage 2 — match behavior: first matching PathPattern else the default (spec §3.1), then the viewer
// protocol policy (§3.3), allowed methods (§3.2), GET with a body (§3.2) and the default root object (§3.4).

import type { CompiledBehavior, CompiledOrigin, HttpMethod } from '../distribution/compiled-distribution.ts';
import { selectBehavior } from '../distribution/select-behavior.ts';
import type { EdgeResponse } from '../edge-response.ts';
import { redirectResponse } from '../responses/redirect-response.ts';
import { cloudFrontErrorResponse, ERROR_REASONS } from '../responses/cloudfront-error-page.ts';
import { headerValue } from '../viewer-request.ts';
import type { ReceivedRequest } from './receive.ts';

export type MatchedRequest = ReceivedRequest & {
  readonly behavior: CompiledBehavior;
  readonly origin: CompiledOrigin;
  /** The path sent to the origin and used in the cache key: `/` becomes `/<DefaultRootObject>`. */
  readonly originRawPath: string;
};

export type MatchOptions = {
  /** Port of the HTTPS listener, substituted into `https://` redirects when the Host carried a port. */
  readonly httpsPort?: number;
};

/**
 * The behavior travels with both outcomes: the next stages get it from here (the response headers policy
 * applies to the redirects and 403s this stage answers, too) and never select it again.
 */
export type MatchOutcome =
  | { readonly kind: 'continue'; readonly value: MatchedRequest }
  | { readonly kind: 'respond'; readonly response: EdgeResponse; readonly behavior: CompiledBehavior };

function hasBody(viewer: ReceivedRequest['viewer']): boolean {
  if (viewer.bodyFollows === true) return true;
  const headers = viewer.headers;
  const length = headerValue(headers, 'content-length');
  if (length !== undefined && length.trim() !== '0') return true;
  return headerValue(headers, 'transfer-encoding') !== undefined;
}

function httpsLocation(req: ReceivedRequest, httpsPort: number | undefined): string {
  let authority = req.hostHeader;
  const port = /:(\d+)$/.exec(authority);
  if (port && httpsPort !== undefined)
    authority = authority.slice(0, port.index) + (httpsPort === 443 ? '' : `:${httpsPort}`);
  return `https://${authority}${req.viewer.rawTarget}`;
}

export function matchBehavior(req: ReceivedRequest, options: MatchOptions): MatchOutcome {
  const behavior = selectBehavior(req.distribution, req.rawPath);
  const method = req.viewer.method;
  const trace = (
    outcome: 'matched' | 'redirect' | 'method-not-allowed' | 'protocol-refused' | 'body-on-get',
    originRawPath: string,
  ) =>
    req.trace?.add({
      stage: 'match-behavior',
      pathPattern: behavior.pathPattern,
      targetOriginId: behavior.targetOriginId,
      originRawPath,
      outcome,
      cachePolicyId: behavior.cachePolicy.id,
      originRequestPolicyId: behavior.originRequestPolicy?.id,
      responseHeadersPolicyId: behavior.responseHeadersPolicy?.id,
    });
  if (req.viewer.scheme === 'http' && behavior.viewerProtocolPolicy !== 'allow-all') {
    if (
      behavior.viewerProtocolPolicy === 'https-only' ||
      (req.viewer.httpVersion === '1.0' && method !== 'GET' && method !== 'HEAD')
    ) {
      trace('protocol-refused', req.rawPath);
      return {
        kind: 'respond',
        response: cloudFrontErrorResponse(403, ERROR_REASONS.badRequest, req.requestId, 'Error'),
        behavior,
      };
    }
    trace('redirect', req.rawPath);
    const status = method === 'GET' || method === 'HEAD' ? 301 : 307;
    return {
      kind: 'respond',
      response: redirectResponse(status, httpsLocation(req, options.httpsPort)),
      behavior,
    };
  }
  if (!behavior.allowedMethods.has(method as HttpMethod)) {
    trace('method-not-allowed', req.rawPath);
    return {
      kind: 'respond',
      response: cloudFrontErrorResponse(
        403,
        ERROR_REASONS.methodNotAllowed,
        req.requestId,
        'InvalidRequestMethod',
      ),
      behavior,
    };
  }
  if (method === 'GET' && hasBody(req.viewer)) {
    trace('body-on-get', req.rawPath);
    return {
      kind: 'respond',
      response: cloudFrontErrorResponse(403, ERROR_REASONS.badRequest, req.requestId, 'Error'),
      behavior,
    };
  }
  const dro = req.distribution.defaultRootObject;
  const originRawPath = req.rawPath === '/' && dro !== '' ? `/${dro}` : req.rawPath;
  const origin = targetOrigin(req.distribution, behavior);
  trace('matched', originRawPath);
  return { kind: 'continue', value: { ...req, behavior, origin, originRawPath } };
}

/** The behavior's origin; compilation guarantees it exists, so a miss here is a bug, not a viewer error. */
export function targetOrigin(
  distribution: ReceivedRequest['distribution'],
  behavior: CompiledBehavior,
): CompiledOrigin {
  const origin = distribution.origins.get(behavior.targetOriginId);
  if (!origin)
    throw new Error(`behavior ${behavior.pathPattern} targets unknown origin ${behavior.targetOriginId}`);
  return origin;
}
