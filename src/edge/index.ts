// Public surface of the edge (CloudFront data plane): the composition used by the server, the admin
// listener, the pure deciders the doctor replays, and the trace model.

export type { AdminListenerDeps } from './admin-server.ts';
export { invalidationLocation, startAdminListener } from './admin-server.ts';
export { adminUrlFor, adminUrlFromConfigJson } from './admin-url.ts';
export type { CacheKey, CacheKeyInput } from './cache/cache-key.ts';
export { computeCacheKey, normalizeAcceptEncoding } from './cache/cache-key.ts';
export type { CachedObjectMeta, CacheStore } from './cache/cache-store.ts';
export type { FreshnessDecision, FreshnessRule, TtlSettings } from './cache/freshness.ts';
export { decideFreshness, parseCacheControl } from './cache/freshness.ts';
export type { CreateEdgeOptions, Edge, EdgeCacheSettings } from './create-edge.ts';
export type { DistributionStatus } from './distribution-status.ts';
export type { LastInvalidation } from './invalidation/invalidation-service.ts';
export { createEdge, DEFAULT_EDGE_CACHE } from './create-edge.ts';
export type { EdgeListener } from './edge-server.ts';
export { startHttpListener, startHttpsListener } from './edge-server.ts';
export type { Invalidation, InvalidationService } from './invalidation/invalidation-service.ts';
export { InvalidationError, validateInvalidationPaths } from './invalidation/invalidation-path.ts';
export type { EmbeddedOrigin, OriginRequest } from './origin/build-origin-request.ts';
export { buildOriginRequest } from './origin/build-origin-request.ts';
export type { OriginAccessCredentials } from './origin/sign-origin-request.ts';
export { createForwardSelector } from './origin/forwarding-selection.ts';
export type { EdgeRuntime, EdgeRuntimeOptions } from './pipeline.ts';
export { createEdgeRuntime } from './pipeline.ts';
export { ERROR_REASONS, renderCloudFrontErrorPage } from './responses/cloudfront-error-page.ts';
export { decideCompression } from './responses/compression.ts';
export { renderRedirectBody } from './responses/redirect-response.ts';
export { renderSignatureError } from './responses/signature-error-response.ts';
export type {
  ViewerRequestStage,
  ViewerResponseContext,
  ViewerResponseStage,
} from './stages/viewer-event-stages.ts';
export type { EdgeTrace, TraceEntry, TraceRecorder, TraceRing } from './trace/index.ts';
