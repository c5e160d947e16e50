// Composition of one edge data plane, listeners aside: cache tiers, invalidations, origin pool, traces,
// signed-access verifier, OAC signer and the pipeline runtime. The service and the tests both build it here.

import { join } from 'node:path';
import { createVerifiedSignatureCache, verifySignedRequest } from '../signer/index.ts';
import type { Logger } from '../log/logger.ts';
import type { CacheStore } from './cache/cache-store.ts';
import { createDiskCacheStore } from './cache/disk-cache-store.ts';
import { createMemoryCacheStore } from './cache/memory-cache-store.ts';
import { createTieredCacheStore } from './cache/tiered-cache-store.ts';
import type { InvalidationService } from './invalidation/invalidation-service.ts';
import { createInvalidationService } from './invalidation/invalidation-service.ts';
import type { EmbeddedOrigin } from './origin/build-origin-request.ts';
import type { OriginAccessCredentials } from './origin/sign-origin-request.ts';
import { createOriginRequestSigner } from './origin/sign-origin-request.ts';
import { createOriginClient, type OriginClient } from './origin/origin-client.ts';
import type { EdgeSnapshotView } from './config/load-edge-snapshot.ts';
import { createEdgeRuntime, type EdgeRuntime } from './pipeline.ts';
import { createViaHostHex } from './request-id.ts';
import { type DistributionStatus, describeDistributions } from './distribution-status.ts';
import type { SignedAccessVerifier } from './stages/check-signed-access.ts';
import type { ViewerRequestStage, ViewerResponseStage } from './stages/viewer-event-stages.ts';
import { createTraceRing, type TraceRing } from './trace/trace-ring.ts';
import type { EdgeTrace } from './trace/trace-types.ts';

export type EdgeCacheSettings = {
  readonly memoryMaxBytes: number;
  /** Objects up to this size live in memory, bigger ones on disk (when a data directory is given). */
  readonly memoryObjectMaxBytes: number;
  readonly diskMaxBytes: number;
  /** Bigger objects are streamed but not cached (spec §3.2). */
  readonly maxCacheableObjectBytes: number;
};

export const DEFAULT_EDGE_CACHE: EdgeCacheSettings = {
  memoryMaxBytes: 256 * 1024 * 1024,
  memoryObjectMaxBytes: 8 * 1024 * 1024,
  diskMaxBytes: 4 * 1024 * 1024 * 1024,
  maxCacheableObjectBytes: 1024 * 1024 * 1024,
};

export type CreateEdgeOptions = {
  readonly snapshot: () => EdgeSnapshotView;
  readonly logger: Logger;
  /** `dataDir/edge-cache/` holds the disk tier; without a data dir the cache is memory-only. */
  readonly dataDir?: string;
  readonly cache?: Partial<EdgeCacheSettings>;
  readonly pop?: string;
  /** Which CloudFront-generated responses get response-headers-policy headers (config `edge.errorResponses`). */
  readonly errorResponses?: {
    readonly policyHeadersOnSignatureErrors?: boolean;
    readonly policyHeadersOnGeneratedErrors?: boolean;
    readonly policyHeadersOnRedirects?: boolean;
    readonly customErrorPagesForGeneratedErrors?: boolean;
  };
  readonly traceLog?: boolean;
  /** Record every request's trace (config `edge.traceAll`), delivered to `onTrace` and the ring. */
  readonly traceAll?: boolean;
  readonly traceCapacity?: number;
  /** Called with every finished trace (the demo shows them). */
  readonly onTrace?: (trace: EdgeTrace) => void;
  readonly httpsPort?: number;
  readonly embeddedOrigin?: EmbeddedOrigin;
  readonly originAccessCredentials?: OriginAccessCredentials;
  readonly nowMs?: () => number;
  /** Tests may replace the signer's verifier; the default is `verifySignedRequest`. */
  readonly verifySignedAccess?: SignedAccessVerifier;
  /** Verified signatures remembered (config `edge.signatureCacheEntries`); 0 or absent: none. */
  readonly signatureCacheEntries?: number;
  /** Extra trusted roots (PEM) for HTTPS origins, e.g. a local CA. */
  readonly originCa?: string | readonly string[];
  /** Server-Timing sampling dice in [0, 1); default Math.random. */
  readonly random?: () => number;
  /** Viewer code after signed access, before the cache lookup (stages/viewer-event-stages.ts). */
  readonly viewerRequestStage?: ViewerRequestStage;
  /** Viewer code on every response before it is sent (stages/viewer-event-stages.ts). */
  readonly viewerResponseStage?: ViewerResponseStage;
};

export type Edge = {
  readonly runtime: EdgeRuntime;
  readonly cache: CacheStore;
  readonly invalidations: InvalidationService;
  readonly traces: TraceRing;
  readonly originClient: OriginClient;
  /** Sets the HTTPS listener port used in `https://` redirects once it is known. */
  readonly setHttpsPort: (port: number | undefined) => void;
  /** Sets the admin URL announced as `x-frontgate-admin` on traced responses. */
  readonly setAdminUrl: (url: string | undefined) => void;
  /** What the admin listener's `GET /distributions` shows, per distribution of the current snapshot. */
  readonly distributionStatus: () => readonly DistributionStatus[];
  /** Tells the edge a new snapshot is live (keeps `configLoadedAt` exact). */
  readonly snapshotLoaded: () => void;
  readonly close: () => Promise<void>;
};

export function createEdge(options: CreateEdgeOptions): Edge {
  const settings = { ...DEFAULT_EDGE_CACHE, ...options.cache };
  const nowMs = options.nowMs ?? Date.now;
  const memory = createMemoryCacheStore({
    maxBytes: settings.memoryMaxBytes,
    maxObjectBytes: settings.memoryObjectMaxBytes,
  });
  const cache = options.dataDir
    ? createTieredCacheStore(
        memory,
        createDiskCacheStore({
          dir: join(options.dataDir, 'edge-cache'),
          maxBytes: settings.diskMaxBytes,
          maxObjectBytes: settings.maxCacheableObjectBytes,
        }),
        { memoryObjectMaxBytes: settings.memoryObjectMaxBytes },
      )
    : memory;
  const invalidations = createInvalidationService({
    cache,
    nowMs,
    distributionExists: (id) => options.snapshot().distributions.some((d) => d.id === id),
    currentConfigEtag: (id) => options.snapshot().distributions.find((d) => d.id === id)?.etag,
  });
  const ring = createTraceRing({
    capacity: options.traceCapacity ?? 500,
    logFile: options.traceLog && options.dataDir ? join(options.dataDir, 'edge-trace.jsonl') : undefined,
    onError: (error) => options.logger.warn('edge-trace-log-failed', { error: (error as Error).message }),
  });
  const onTrace = options.onTrace;
  const traces: TraceRing = onTrace
    ? {
        ...ring,
        put: (trace) => {
          ring.put(trace);
          onTrace(trace);
        },
      }
    : ring;
  const originClient = createOriginClient({ ca: options.originCa });
  const runtimeOptions = {
    pop: options.pop ?? 'IAD89-C1',
    viaHostHex: createViaHostHex(),
    policyHeadersOnSignatureErrors: options.errorResponses?.policyHeadersOnSignatureErrors ?? false,
    policyHeadersOnGeneratedErrors: options.errorResponses?.policyHeadersOnGeneratedErrors ?? false,
    policyHeadersOnRedirects: options.errorResponses?.policyHeadersOnRedirects ?? true,
    customErrorPagesForGeneratedErrors: options.errorResponses?.customErrorPagesForGeneratedErrors ?? true,
    maxCacheableObjectBytes: settings.maxCacheableObjectBytes,
    httpsPort: options.httpsPort,
    traceAll: options.traceAll === true,
    adminUrl: undefined as string | undefined,
  };
  const mutableOptions: { current: typeof runtimeOptions } = { current: runtimeOptions };
  const signatureCache =
    (options.signatureCacheEntries ?? 0) > 0
      ? createVerifiedSignatureCache({ maxEntries: options.signatureCacheEntries! })
      : undefined;
  const verify: SignedAccessVerifier =
    options.verifySignedAccess ?? ((input) => verifySignedRequest({ ...input, signatureCache }));
  const runtimeFor = () =>
    createEdgeRuntime({
      snapshot: options.snapshot,
      cache,
      originClient,
      verifySignedAccess: verify,
      signOriginRequest: options.originAccessCredentials
        ? createOriginRequestSigner(options.originAccessCredentials, () => new Date(nowMs()))
        : undefined,
      embeddedOrigin: options.embeddedOrigin,
      invalidatedSince: invalidations.invalidatedSince,
      traces,
      logger: options.logger,
      nowMs,
      random: options.random,
      viewerRequestStage: options.viewerRequestStage,
      viewerResponseStage: options.viewerResponseStage,
      options: mutableOptions.current,
    });
  let runtime = runtimeFor();
  // When each distribution's current config ETag was first seen live (refreshed on every status call and reload).
  const loadedAt = new Map<string, { etag: string; atMs: number }>();
  const noteLoaded = () => {
    const distributions = options.snapshot().distributions;
    for (const d of distributions)
      if (loadedAt.get(d.id)?.etag !== d.etag) loadedAt.set(d.id, { etag: d.etag, atMs: nowMs() });
    return distributions;
  };
  noteLoaded();
  return {
    get runtime() {
      return runtime;
    },
    cache,
    invalidations,
    traces,
    originClient,
    setHttpsPort: (port) => {
      mutableOptions.current = { ...mutableOptions.current, httpsPort: port };
      runtime = runtimeFor();
    },
    snapshotLoaded: noteLoaded,
    distributionStatus: () => {
      const distributions = noteLoaded();
      return describeDistributions(distributions, {
        loadedAt: (id) => loadedAt.get(id)?.atMs ?? nowMs(),
        invalidations,
        cache,
      });
    },
    setAdminUrl: (url) => {
      mutableOptions.current = { ...mutableOptions.current, adminUrl: url };
      runtime = runtimeFor();
    },
    close: async () => {
      await originClient.close();
      await cache.close();
    },
  };
}
