// The edge request pipeline: one short function calling the stages in order, no `next()` chains —
// receive → match behavior → check signed access → [viewer request stage] → cache or origin (the cache
// lookup's outcome picks the step: fresh hit, revalidate stale, fetch miss, forward uncacheable) → custom
// error response → response headers → [viewer response stage] → send → access log.
// Each stage either continues with a richer request or answers; the answer skips to the response half.
// `createEdgeRuntime` holds what lives across requests (cache, collapser, origin pool, traces).

import { logAccess, logRequestTooLarge } from './access-log.ts';
import type { CacheStore } from './cache/cache-store.ts';
import { createRequestCollapser } from './cache/request-collapsing.ts';
import type { EdgeSnapshotView } from './config/load-edge-snapshot.ts';
import type { CompiledBehavior } from './distribution/compiled-distribution.ts';
import type { EdgeResponse } from './edge-response.ts';
import { createHttpDateFormatter } from '../http/index.ts';
import type { Logger } from '../log/logger.ts';
import { createBehaviorSelectorCache } from './origin/behavior-selectors.ts';
import type { EmbeddedOrigin } from './origin/build-origin-request.ts';
import type { OriginClient } from './origin/origin-client.ts';
import type { SignOriginRequest } from './origin/sign-origin-request.ts';
import { createRequestIdSource } from './request-id.ts';
import { cloudFrontErrorResponse } from './responses/cloudfront-error-page.ts';
import { renderRequestTooLarge } from './responses/request-too-large.ts';
import { type CacheOrOriginDeps, cacheOrOrigin } from './stages/cache-or-origin.ts';
import { checkSignedAccess, type SignedAccessVerifier } from './stages/check-signed-access.ts';
import { customErrorResponse } from './stages/custom-error-response.ts';
import { fetchErrorPage } from './stages/fetch-error-page.ts';
import type { OriginStepDeps } from './stages/origin-request/origin-step-deps.ts';
import { matchBehavior } from './stages/match-behavior.ts';
import { receive } from './stages/receive.ts';
import { responseHeaders } from './stages/response-headers.ts';
import { type SendResult, send, type ViewerSink } from './stages/send.ts';
import type { ViewerRequestStage, ViewerResponseStage } from './stages/viewer-event-stages.ts';
import { createTraceRecorder, type TraceRecorder } from './trace/trace-types.ts';
import type { TraceRing } from './trace/trace-ring.ts';
import type { ViewerRequest } from './viewer-request.ts';
import { headerValue } from './viewer-request.ts';

export type EdgeRuntimeOptions = {
  /** `X-Amz-Cf-Pop`, e.g. `IAD89-C1`. */
  readonly pop: string;
  /** 32 hex characters of this edge's `Via` host. */
  readonly viaHostHex: string;
  readonly policyHeadersOnSignatureErrors: boolean;
  readonly policyHeadersOnGeneratedErrors: boolean;
  readonly policyHeadersOnRedirects: boolean;
  /** Custom error responses also replace CloudFront-generated errors (spec §12 #16). */
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
  readonly embeddedOrigin?: EmbeddedOrigin;
  readonly invalidatedSince: OriginStepDeps['invalidatedSince'];
  /** Viewer code after signed access, before the cache lookup (see stages/viewer-event-stages.ts). */
  readonly viewerRequestStage?: ViewerRequestStage;
  /** Viewer code on every response before it is sent (see stages/viewer-event-stages.ts). */
  readonly viewerResponseStage?: ViewerResponseStage;
  readonly traces: TraceRing;
  readonly logger: Logger;
  readonly nowMs: () => number;
  readonly createRequestId?: () => string;
  /** Server-Timing sampling dice, [0, 1). */
  readonly random?: () => number;
  readonly options: EdgeRuntimeOptions;
};

/** What the request half of the pipeline hands the response half. */
type Produced = {
  readonly response: EdgeResponse;
  readonly behavior?: CompiledBehavior;
  readonly distributionId?: string;
  readonly host: string;
};

export type EdgeRuntime = {
  /** The in-process entry point: one viewer request in, its answer written to the sink. */
  readonly handle: (viewer: ViewerRequest, sink: ViewerSink) => Promise<void>;
  /** The raw 413 answer to a request whose header block is too large (responses/request-too-large.ts). */
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
      for (const d of snapshot.distributions) for (const b of d.behaviors) selectorsFor(b);
    }
    return snapshot;
  };
  const newRequestId = deps.createRequestId ?? createRequestIdSource();
  const httpDate = createHttpDateFormatter();
  const { options } = deps;
  const stepDeps: CacheOrOriginDeps = {
    cache: deps.cache,
    collapser,
    originClient: deps.originClient,
    nowMs: deps.nowMs,
    viaHostHex: options.viaHostHex,
    embeddedOrigin: deps.embeddedOrigin,
    signOriginRequest: deps.signOriginRequest,
    maxCacheableObjectBytes: options.maxCacheableObjectBytes,
    invalidatedSince: deps.invalidatedSince,
    selectorsFor,
  };
  const accessLog = { logger: deps.logger, pop: options.pop, nowMs: deps.nowMs };

  /** The request half: stages 1–5 and custom error pages, up to a response record. */
  async function produce(
    viewer: ViewerRequest,
    requestId: string,
    trace: TraceRecorder | undefined,
  ): Promise<Produced> {
    const received = receive(viewer, currentSnapshot(), requestId, trace);
    if (received.kind === 'respond')
      return { response: received.response, host: headerValue(viewer.headers, 'host') ?? '-' };
    const req = received.value;
    const matched = matchBehavior(req, { httpsPort: options.httpsPort });
    const behavior = matched.kind === 'respond' ? matched.behavior : matched.value.behavior;
    let response: EdgeResponse;
    if (matched.kind === 'respond') response = matched.response;
    else {
      const authorized = checkSignedAccess(matched.value, deps.verifySignedAccess, new Date(deps.nowMs()));
      const afterViewerCode =
        authorized.kind === 'continue' && deps.viewerRequestStage
          ? await deps.viewerRequestStage(authorized.value)
          : authorized;
      response =
        afterViewerCode.kind === 'respond'
          ? afterViewerCode.response
          : await cacheOrOrigin(afterViewerCode.value, stepDeps);
    }
    if (response.status >= 400 && req.distribution.customErrorResponses.size > 0)
      response = await customErrorResponse(
        response,
        req.distribution,
        { forGeneratedErrors: options.customErrorPagesForGeneratedErrors },
        (pagePath) => fetchErrorPage(req, pagePath, stepDeps),
        trace,
      );
    return { response, behavior, distributionId: req.distribution.id, host: req.host };
  }

  /** A thrown stage is a bug: logged with its stack, the viewer gets CloudFront's 502 page. */
  async function produceOrFail(
    viewer: ViewerRequest,
    requestId: string,
    trace: TraceRecorder | undefined,
  ): Promise<Produced> {
    try {
      return await produce(viewer, requestId, trace);
    } catch (error) {
      deps.logger.error('edge-internal-error', {
        requestId,
        error: (error as Error).message,
        stack: (error as Error).stack,
      });
      return {
        response: cloudFrontErrorResponse(
          502,
          "CloudFront wasn't able to process the request.",
          requestId,
          'Error',
        ),
        host: '-',
      };
    }
  }

  return {
    renderRequestTooLarge: () => {
      const requestId = newRequestId();
      const answer = renderRequestTooLarge({
        requestId,
        now: new Date(deps.nowMs()),
        viaHostHex: options.viaHostHex,
        pop: options.pop,
      });
      logRequestTooLarge(accessLog, requestId);
      return answer;
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
      const produced = await produceOrFail(viewer, requestId, trace);
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
      if (deps.viewerResponseStage)
        response = await deps.viewerResponseStage(response, {
          viewer,
          requestId,
          behavior: produced.behavior,
          distributionId: produced.distributionId,
          trace,
        });
      if (trace && traceAsked)
        response = {
          ...response,
          headers: [
            ...response.headers,
            ['x-frontgate-trace-id', trace.id],
            ...(options.adminUrl === undefined ? [] : [['x-frontgate-admin', options.adminUrl] as const]),
          ],
        };
      let result: SendResult | undefined;
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
      logAccess(
        accessLog,
        viewer,
        response,
        { requestId, host: produced.host, distributionId: produced.distributionId },
        result,
      );
    },
  };
}
