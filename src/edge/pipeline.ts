// The edge request pipeline: one short function calling the stages in order (receive → match behavior →
// check signed access → cache lookup → origin request → response headers → send), no `next()` chains.
// `createEdgeRuntime` holds what lives across requests (cache, collapser, origin pool, traces).

import type { CacheStore } from './cache/cache-store.ts';
import { createRequestCollapser } from './cache/request-collapsing.ts';
import { createBehaviorSelectorCache } from './origin/behavior-selectors.ts';
import type { CompiledBehavior, CompiledDistribution } from './distribution/compiled-distribution.ts';
import { selectBehavior } from './distribution/select-behavior.ts';
import type { EdgeResponse } from './edge-response.ts';
import { createHttpDateFormatter, formatHttpDate, splitRequestTarget } from '../http/index.ts';
import type { Logger } from '../log/logger.ts';
import type { OriginClient } from './origin/origin-client.ts';
import { createRequestIdSource } from './request-id.ts';
import { cloudFrontErrorResponse, ERROR_REASONS } from './responses/cloudfront-error-page.ts';
import { cacheLookup, responseFromCache } from './stages/cache-lookup.ts';
import {
  type AuthorizedRequest,
  checkSignedAccess,
  type SignedAccessVerifier,
} from './stages/check-signed-access.ts';
import { customErrorResponse } from './stages/custom-error-response.ts';
import { matchBehavior } from './stages/match-behavior.ts';
import { originRequest, type SignOriginRequest } from './stages/origin-request.ts';
import { type ReceivedRequest, receive } from './stages/receive.ts';
import { responseHeaders } from './stages/response-headers.ts';
import { send, type ViewerSink } from './stages/send.ts';
import { createTraceRecorder, type TraceRecorder } from './trace/trace-types.ts';
import type { TraceRing } from './trace/trace-ring.ts';
import type { ViewerRequest } from './viewer-request.ts';
import { headerValue } from './viewer-request.ts';

export type EdgeSnapshotView = { readonly findByHost: (host: string) => CompiledDistribution | undefined };

export type EdgeRuntimeOptions = {
  /** `X-Amz-Cf-Pop`, e.g. `IAD89-C1`. */
  readonly pop: string;
  /** 32 hex characters of this edge's `Via` host. */
  readonly viaHostHex: string;
  readonly policyHeadersOnSignatureErrors: boolean;
  readonly policyHeadersOnGeneratedErrors: boolean;
  readonly policyHeadersOnRedirects: boolean;
  /** Custom error responses also replace CloudFront-generated errors (docs/decisions/). */
  readonly customErrorPagesForGeneratedErrors: boolean;
  readonly maxCacheableObjectBytes: number;
  readonly httpsPort?: number;
  /** Record a trace for every request (config `edge.traceAll`), not only for `x-frontgate-trace: 1`. */
  readonly traceAll?: boolean;
  /** The admin listener's URL, announced as `x-frontgate-admin` on responses that carry a trace id. */
  readonly adminUrl?: string;
};

export type EdgeRuntimeDeps = {
  readonly snapshot: () => EdgeSnapshotView;
  readonly cache: CacheStore;
  readonly originClient: OriginClient;
  readonly verifySignedAccess: SignedAccessVerifier;
  readonly signOriginRequest?: SignOriginRequest;
  readonly embeddedOrigin?: { readonly baseUrl: string; readonly region: string };
  readonly invalidatedSince: (distributionId: string, invalidationPath: string, sinceMs: number) => boolean;
  readonly traces: TraceRing;
  readonly logger: Logger;
  readonly nowMs: () => number;
  readonly createRequestId?: () => string;
  /** Server-Timing sampling dice, [0, 1). */
  readonly random?: () => number;
  readonly options: EdgeRuntimeOptions;
};

type Produced = {
  response: EdgeResponse;
  behavior?: CompiledBehavior;
  distributionId?: string;
  host: string;
};

export type EdgeRuntime = {
  readonly handle: (viewer: ViewerRequest, sink: ViewerSink) => Promise<void>;
  /**
   * The whole HTTP/1.1 answer (status line, headers, body) to a request whose header block exceeds
   * CloudFront's 20,480-byte limit: the 413 page, then the connection closes (AWS: "Quotas", "Cache behavior settings", "Troubleshoot error response status codes in CloudFront").
   * The listener writes it itself because node's parser refuses such requests before the pipeline runs.
   */
  readonly renderRequestTooLarge: () => Buffer;
};

export function createEdgeRuntime(deps: EdgeRuntimeDeps): EdgeRuntime {
  const collapser = createRequestCollapser();
  // Selectors are compiled for every behavior when a snapshot goes live (and memoised per behavior object).
  const selectorsFor = createBehaviorSelectorCache();
  let warmedSnapshot: EdgeSnapshotView | undefined;
  const currentSnapshot = (): EdgeSnapshotView => {
    const snapshot = deps.snapshot();
    if (snapshot !== warmedSnapshot) {
      warmedSnapshot = snapshot;
      const list = (snapshot as { distributions?: unknown }).distributions;
      const distributions =
        list instanceof Map ? [...list.values()] : Array.isArray(list) ? list : ([] as unknown[]);
      for (const d of distributions as CompiledDistribution[]) for (const b of d.behaviors) selectorsFor(b);
    }
    return snapshot;
  };
  const newRequestId = deps.createRequestId ?? createRequestIdSource();
  const httpDate = createHttpDateFormatter();
  const { options } = deps;

  const originDeps = () => ({
    cache: deps.cache,
    originClient: deps.originClient,
    nowMs: deps.nowMs,
    viaHostHex: options.viaHostHex,
    embeddedOrigin: deps.embeddedOrigin,
    signOriginRequest: deps.signOriginRequest,
    maxCacheableObjectBytes: options.maxCacheableObjectBytes,
    invalidatedSince: deps.invalidatedSince,
    selectorsFor,
  });

  /** Stages 4–5 for an authorized request: the cache, else the origin. */
  async function lookupOrFetch(authorized: AuthorizedRequest): Promise<EdgeResponse> {
    const lookup = await cacheLookup(authorized, {
      cache: deps.cache,
      collapser,
      nowMs: deps.nowMs,
      selectorsFor,
    });
    if (lookup.state === 'hit' && lookup.cached) return responseFromCache(lookup.cached, 'Hit', deps.nowMs());
    try {
      return await originRequest(lookup, originDeps());
    } catch (error) {
      lookup.release();
      throw error;
    }
  }

  /** The custom error page, fetched like a GET for its path through its own behavior (AWS: "Generate custom error responses"). */
  function errorPageFetcher(req: ReceivedRequest): (pagePath: string) => Promise<EdgeResponse> {
    return async (pagePath) => {
      const { rawPath, rawQuery } = splitRequestTarget(pagePath);
      const headers: Record<string, string | readonly string[] | undefined> = { ...req.viewer.headers };
      for (const name of [
        'range',
        'if-none-match',
        'if-modified-since',
        'if-match',
        'if-unmodified-since',
        'content-length',
        'transfer-encoding',
      ])
        delete headers[name];
      const pageRequest: ReceivedRequest = {
        ...req,
        viewer: { ...req.viewer, method: 'GET', rawTarget: pagePath, headers },
        rawPath,
        rawQuery,
        query: [],
        cookies: [],
        trace: undefined,
      };
      const behavior = selectBehavior(req.distribution, rawPath);
      const origin = req.distribution.origins.get(behavior.targetOriginId);
      if (!origin)
        throw new Error(`behavior ${behavior.pathPattern} targets unknown origin ${behavior.targetOriginId}`);
      return lookupOrFetch({
        ...pageRequest,
        behavior,
        origin,
        originRawPath: rawPath,
        forwardableQuery: [],
        forwardableCookies: [],
      });
    };
  }

  /** Stages 1–5 (and custom error pages): everything up to a response record. */
  async function produce(
    viewer: ViewerRequest,
    requestId: string,
    trace: TraceRecorder | undefined,
  ): Promise<Produced> {
    const received = receive(viewer, currentSnapshot(), requestId, trace);
    if (received.kind === 'respond')
      return { response: received.response, host: headerValue(viewer.headers, 'host') ?? '-' };
    const req = received.value;
    const distribution = req.distribution;
    const behavior = selectBehavior(distribution, req.rawPath);
    const produced = (response: EdgeResponse): Produced => ({
      response,
      behavior,
      distributionId: distribution.id,
      host: req.host,
    });
    let response: EdgeResponse;
    const matched = matchBehavior(req, { httpsPort: options.httpsPort, selectBehavior: () => behavior });
    if (matched.kind === 'respond') response = matched.response;
    else {
      const authorized = checkSignedAccess(matched.value, deps.verifySignedAccess, new Date(deps.nowMs()));
      response = authorized.kind === 'respond' ? authorized.response : await lookupOrFetch(authorized.value);
    }
    if (response.status >= 400 && distribution.customErrorResponses.size > 0)
      response = await customErrorResponse(
        response,
        distribution,
        { forGeneratedErrors: options.customErrorPagesForGeneratedErrors },
        errorPageFetcher(req),
        trace,
      );
    return produced(response);
  }

  return {
    renderRequestTooLarge: () => {
      const requestId = newRequestId();
      const page = cloudFrontErrorResponse(413, ERROR_REASONS.badRequest, requestId, 'Error');
      const body = page.body.kind === 'bytes' ? page.body.bytes : Buffer.alloc(0);
      const pairs: [string, string][] = [
        ['Server', 'CloudFront'],
        ['Date', formatHttpDate(new Date(deps.nowMs()))],
        ['Content-Type', 'text/html'],
        ['Content-Length', String(body.length)],
        ['Connection', 'close'],
        ['X-Cache', 'Error from cloudfront'],
        ['Via', `1.1 ${options.viaHostHex}.cloudfront.net (CloudFront)`],
        ['X-Amz-Cf-Pop', options.pop],
        ['X-Amz-Cf-Id', requestId],
      ];
      const head = `HTTP/1.1 413 Request Entity Too Large\r\n${pairs.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
      deps.logger.info('edge-access', {
        'x-edge-location': options.pop,
        'sc-status': 413,
        'x-edge-result-type': 'Error',
        'x-edge-request-id': requestId,
        'x-edge-detailed-result-type': 'Error',
      });
      return Buffer.concat([Buffer.from(head, 'latin1'), body]);
    },
    handle: async (viewer, sink) => {
      const requestId = newRequestId();
      // The viewer asked for the trace id; with traceAll the trace is recorded anyway, but the answer
      // stays as CloudFront's (no extra headers) unless asked (docs/decisions/edge-runtime-tracing.md).
      const traceAsked = headerValue(viewer.headers, 'x-frontgate-trace') === '1';
      const trace =
        traceAsked || options.traceAll === true
          ? createTraceRecorder(requestId, requestId, viewer.method, viewer.rawTarget, new Date(deps.nowMs()))
          : undefined;
      let produced: Produced;
      try {
        produced = await produce(viewer, requestId, trace);
      } catch (error) {
        deps.logger.error('edge-internal-error', {
          requestId,
          error: (error as Error).message,
          stack: (error as Error).stack,
        });
        produced = {
          response: cloudFrontErrorResponse(
            502,
            "CloudFront wasn't able to process the request.",
            requestId,
            'Error',
          ),
          host: '-',
        };
      }
      let response = responseHeaders(
        produced.response,
        viewer,
        produced.behavior,
        requestId,
        options,
        trace,
        {
          nowMs: deps.nowMs,
          random: deps.random ?? Math.random,
        },
      );
      if (trace && traceAsked)
        response = {
          ...response,
          headers: [
            ...response.headers,
            ['x-frontgate-trace-id', trace.id],
            ...(options.adminUrl === undefined ? [] : [['x-frontgate-admin', options.adminUrl] as const]),
          ],
        };
      let result: Awaited<ReturnType<typeof send>> | undefined;
      try {
        result = await send(response, viewer, sink, deps.nowMs(), httpDate);
      } catch (error) {
        deps.logger.debug('edge-send-aborted', { requestId, error: (error as Error).message });
      }
      if (trace) {
        trace.add({
          stage: 'send',
          status: result?.status ?? response.status,
          resultType: response.resultType,
          headers: response.headers,
        });
        deps.traces.put(trace.finish());
      }
      logAccess(deps, viewer, response, produced, requestId, result);
    },
  };
}

/** One record per request with CloudFront standard-log field names (cookies are never logged). */
function logAccess(
  deps: EdgeRuntimeDeps,
  viewer: ViewerRequest,
  response: EdgeResponse,
  produced: { distributionId?: string; host: string },
  requestId: string,
  result: { status: number; bodyBytes: number; rangeStart?: number; rangeEnd?: number } | undefined,
): void {
  if (!deps.logger.isEnabled('info')) return;
  const now = new Date(deps.nowMs());
  const iso = now.toISOString();
  const target = viewer.rawTarget;
  const q = target.indexOf('?');
  deps.logger.info('edge-access', {
    date: iso.slice(0, 10),
    time: iso.slice(11, 19),
    'x-edge-location': deps.options.pop,
    'sc-bytes': result?.bodyBytes ?? 0,
    'c-ip': viewer.clientIp,
    'cs-method': viewer.method,
    'cs(Host)': produced.host,
    'cs-uri-stem': q >= 0 ? target.slice(0, q) : target,
    'sc-status': result?.status ?? response.status,
    'cs(Referer)': headerValue(viewer.headers, 'referer') ?? '-',
    'cs(User-Agent)': headerValue(viewer.headers, 'user-agent') ?? '-',
    'cs-uri-query': q >= 0 ? '[query]' : '-',
    'x-edge-result-type': response.resultType,
    'x-edge-request-id': requestId,
    'x-host-header': headerValue(viewer.headers, 'host') ?? '-',
    'cs-protocol': viewer.scheme,
    'time-taken': (deps.nowMs() - viewer.receivedAtMs) / 1000,
    'x-forwarded-for': headerValue(viewer.headers, 'x-forwarded-for') ?? '-',
    'x-edge-response-result-type': response.resultType,
    'cs-protocol-version': `HTTP/${viewer.httpVersion}`,
    'c-port': viewer.clientPort,
    'x-edge-detailed-result-type': response.detailedResultType ?? response.resultType,
    'sc-content-type': response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '-',
    'sc-range-start': result?.rangeStart ?? '-',
    'sc-range-end': result?.rangeEnd ?? '-',
    distributionId: produced.distributionId ?? '-',
  });
}
