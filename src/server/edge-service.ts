// Runs the edge from the `edge` config section: loads the distribution snapshot, builds the data plane,
// starts the viewer listeners (HTTP; HTTPS with HTTP/1.1 + HTTP/2) and the admin listener, and reloads the
// snapshot on file change or `reload()` (SIGHUP) without dropping the cache; a failed reload keeps the old one.

import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ConfigContext } from '../config/config-context.ts';
import type { ConsoleBucket, ConsoleQueries } from '../console/index.ts';
import {
  adminRequestAccess,
  chooseAdminToken,
  createConsoleHandler,
  createConsoleQueries,
} from '../console/index.ts';
import { startAdminListener } from '../edge/admin-server.ts';
import type { EdgeApiResources, EdgeConfig, EdgeSnapshot } from '../edge/config/index.ts';
import { DEFAULT_EDGE_ADMIN_LISTEN as DEFAULT_ADMIN_LISTEN, loadEdgeSnapshot } from '../edge/config/index.ts';
import { type EdgeFunction, findEdgeFunction } from '../edge/config/load-edge-functions.ts';
import { findUnemulatedFeatures } from '../edge/distribution/index.ts';
import { createFunctionEngine, type FunctionEngine } from '../edge/functions/function-engine.ts';
import type { KeyValueStore } from '../edge/functions/key-value-store.ts';
import { createCloudFrontFunctionStages } from '../edge/stages/cloudfront-functions.ts';
import { createEdge, type Edge } from '../edge/create-edge.ts';
import { type EdgeListener, startHttpListener, startHttpsListener } from '../edge/edge-server.ts';
import type { EmbeddedOrigin, OriginAccessCredentials } from '../edge/index.ts';
import type { EdgeTrace } from '../edge/trace/index.ts';
import type { Logger } from '../log/logger.ts';

export type EdgeServiceDeps = {
  readonly logger: Logger;
  readonly dataDir: string;
  /** The store's own listener: origins whose endpoint is `embedded` go there, path-style. */
  readonly embeddedOrigin?: EmbeddedOrigin;
  /** SigV4 credentials for origin access control, per distribution. */
  readonly originAccessCredentials?: OriginAccessCredentials;
  readonly now?: () => Date;
  /**
   * KeyValueStores held outside the config (the CloudFront API's), by ARN, as they are now; consulted
   * before the stores `edge.keyValueStores` loaded.
   */
  readonly keyValueStore?: (arn: string) => KeyValueStore | undefined;
  /**
   * Functions published outside the config (the CloudFront API's LIVE stage), by ARN; consulted before
   * `edge.functions`.
   */
  readonly findFunction?: (arn: string) => EdgeFunction | undefined;
  /** The engine functions run in (shared with the control API's TestFunction); default: a new one. */
  readonly functionEngine?: FunctionEngine;
  readonly onTrace?: (trace: EdgeTrace) => void;
  /** Debounce for file-change reloads. */
  readonly reloadDebounceMs?: number;
  /** The store's buckets, for the web console on the admin listener. */
  readonly consoleBuckets?: () => Promise<readonly ConsoleBucket[]>;
  /** The fleet sharing the control-plane state, for the console (`state.postgres`). */
  readonly consoleFleet?: Parameters<typeof createConsoleQueries>[0]['fleet'];
  /** The CloudFront API's resources, taken into every snapshot next to the config file's. */
  readonly apiResources?: () => EdgeApiResources;
};

export type EdgeService = {
  readonly urls: readonly string[];
  readonly adminUrl: string;
  /** The web console's URL (with `#token=…` when the admin listener is not on loopback). */
  readonly consoleUrl: string;
  readonly console: ConsoleQueries;
  readonly edge: Edge;
  /** Re-reads the distribution files and the API state; resolves `true` when the new snapshot is live. */
  readonly reload: () => Promise<boolean>;
  /** The snapshot served now. */
  readonly snapshot: () => EdgeSnapshot;
  /** The distributions served now: id, alternate domain names and the generated CloudFront-style name. */
  readonly distributions: () => readonly { id: string; aliases: readonly string[]; domainName: string }[];
  readonly close: () => Promise<void>;
};

/** Default of `edge.admin.listen` (docs/decisions/edge-runtime-admin-listener.md). */
export const DEFAULT_EDGE_ADMIN_LISTEN = DEFAULT_ADMIN_LISTEN;

export async function startEdgeService(
  edgeConfig: EdgeConfig,
  ctx: ConfigContext,
  deps: EdgeServiceDeps,
): Promise<EdgeService> {
  const logger = deps.logger;
  const nowMs = deps.now ? () => (deps.now as () => Date)().getTime() : Date.now;
  const load = () => loadEdgeSnapshot(edgeConfig, ctx, deps.apiResources?.());
  let snapshot: EdgeSnapshot = load();
  // One engine for the process; the snapshot being served names the functions and their stores.
  const functionEngine = deps.functionEngine ?? createFunctionEngine();
  // Load the WebAssembly engine now rather than on the first request through a function.
  if (edgeConfig.functions.length > 0)
    functionEngine
      .compile('function handler(event) { return event.request; }')
      .catch((error: unknown) =>
        logger.error('edge-function-engine-failed', { error: (error as Error).message }),
      );
  const functionStages = createCloudFrontFunctionStages({
    engine: functionEngine,
    findFunction: (arn) => deps.findFunction?.(arn) ?? findEdgeFunction(snapshot.functions, arn),
    keyValueStore: (arn) => deps.keyValueStore?.(arn) ?? snapshot.functions.keyValueStores.get(arn),
    distributions: () => snapshot.distributions,
    originEndpoints: edgeConfig.origins,
  });
  const edge = createEdge({
    viewerRequestStage: functionStages.viewerRequestStage,
    viewerResponseStage: functionStages.viewerResponseStage,
    snapshot: () => snapshot,
    logger,
    dataDir: deps.dataDir,
    cache: edgeConfig.cache,
    pop: edgeConfig.pop,
    errorResponses: edgeConfig.errorResponses,
    traceLog: edgeConfig.traceLog,
    traceAll: edgeConfig.traceAll,
    signatureCacheEntries: edgeConfig.signatureCacheEntries,
    embeddedOrigin: deps.embeddedOrigin,
    originAccessCredentials: deps.originAccessCredentials,
    nowMs,
    onTrace: deps.onTrace,
  });
  const onError = (error: unknown) =>
    logger.error('edge-listener-error', { error: (error as Error).message });
  const listeners: EdgeListener[] = [];
  const viewerPorts: { http?: number; https?: number } = {};
  const handler = (
    viewer: Parameters<Edge['runtime']['handle']>[0],
    sink: Parameters<Edge['runtime']['handle']>[1],
  ) => edge.runtime.handle(viewer, sink);
  const listenerOptions = {
    requestTooLarge: () => edge.runtime.renderRequestTooLarge(),
    onHeaderDropped: (header: string) =>
      logger.warn('edge-header-dropped', { header, reason: 'not a valid header field' }),
  };
  const consoleQueries = createConsoleQueries({
    snapshot: () => snapshot,
    traces: () => edge.traces,
    cache: () => edge.cache,
    invalidations: () => edge.invalidations,
    distributionStatus: () => edge.distributionStatus(),
    buckets: deps.consoleBuckets ?? (async () => []),
    fleet: deps.consoleFleet,
    traceAll: edgeConfig.traceAll,
    nowMs,
    viewerPort: (scheme) => viewerPorts[scheme],
  });
  // Off loopback the console and the admin API need a token, printed once at start-up (docs/console.md).
  const consoleToken = chooseAdminToken(edgeConfig.admin);
  try {
    if (edgeConfig.tls) {
      const tls = { cert: readFileSync(edgeConfig.tls.certPath), key: readFileSync(edgeConfig.tls.keyPath) };
      const https = await startHttpsListener(
        edgeConfig.tls.listen,
        tls,
        handler,
        nowMs,
        onError,
        listenerOptions,
      );
      listeners.push(https);
      edge.setHttpsPort(https.port);
      viewerPorts.https = https.port;
    }
    listeners.unshift(await startHttpListener(edgeConfig.listen, handler, nowMs, onError, listenerOptions));
    viewerPorts.http = listeners[0]?.port;
    listeners.push(
      await startAdminListener(edgeConfig.admin.listen, {
        invalidations: () => edge.invalidations,
        traces: () => edge.traces,
        distributions: () => edge.distributionStatus(),
        console: createConsoleHandler(consoleQueries, { token: consoleToken }),
        access: adminRequestAccess(consoleToken),
        logger,
      }),
    );
  } catch (error) {
    await Promise.all(listeners.map((l) => l.close()));
    await edge.close();
    throw error;
  }
  const admin = listeners[listeners.length - 1];
  const viewerListeners = listeners.slice(0, -1);
  edge.setAdminUrl(admin.url);

  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const reload = async (): Promise<boolean> => {
    try {
      const next = load();
      warnUnemulated(next, logger);
      snapshot = next;
      edge.snapshotLoaded();
      logger.info('edge-config-reloaded', {
        distributions: next.distributions.map((d) => ({ id: d.id, etag: d.etag })),
      });
      armWatchers();
      return true;
    } catch (error) {
      // The old snapshot keeps serving (and the cache stays as it is).
      logger.error('edge-config-reload-failed', { error: (error as Error).message });
      return false;
    }
  };
  const armWatchers = (): void => {
    for (const w of watchers) w.close();
    watchers = [];
    if (closed) return;
    // Watch directories, not files: editors and `mv` replace the file, which would orphan a file watch.
    const byDir = new Map<string, Set<string>>();
    for (const file of snapshot.watchedFiles) {
      const set = byDir.get(dirname(file)) ?? new Set<string>();
      set.add(basename(file));
      byDir.set(dirname(file), set);
    }
    for (const [dir, names] of byDir) {
      try {
        const watcher = watch(dir, (_event, filename) => {
          if (filename !== null && !names.has(filename.toString())) return;
          clearTimeout(timer);
          timer = setTimeout(() => void reload(), deps.reloadDebounceMs ?? 150);
        });
        watcher.on('error', (error) =>
          logger.warn('edge-config-watch-failed', { dir, error: error.message }),
        );
        watchers.push(watcher);
      } catch (error) {
        logger.warn('edge-config-watch-failed', { dir, error: (error as Error).message });
      }
    }
  };
  armWatchers();
  warnUnemulated(snapshot, logger);
  logger.info('edge-started', {
    urls: viewerListeners.map((l) => l.url),
    admin: admin.url,
    distributions: snapshot.distributions.map((d) => d.id),
  });

  return {
    urls: viewerListeners.map((l) => l.url),
    adminUrl: admin.url,
    consoleUrl: `${admin.url}/${consoleToken === undefined ? '' : `#token=${consoleToken}`}`,
    console: consoleQueries,
    edge,
    reload,
    snapshot: () => snapshot,
    distributions: () =>
      snapshot.distributions.map((d) => ({ id: d.id, aliases: d.aliases, domainName: d.domainName })),
    close: async () => {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
      await Promise.all(listeners.map((l) => l.close()));
      await edge.close();
    },
  };
}

/** Real configs load verbatim; what the edge does not emulate is said out loud (never silently ignored). */
function warnUnemulated(snapshot: EdgeSnapshot, logger: Logger): void {
  // A function whose code CloudFront would refuse to run answers every request with a function error.
  for (const [key, entry] of snapshot.functions.functions) {
    if (key !== entry.arn) continue;
    for (const problem of entry.compiled.problems)
      logger.warn('edge-function-invalid', {
        function: entry.compiled.name,
        code: problem.code,
        message: problem.message,
      });
  }
  for (const distribution of snapshot.distributions) {
    for (const unemulated of findUnemulatedFeatures(distribution.source)) {
      logger.warn('edge-feature-not-emulated', {
        distributionId: distribution.id,
        jsonPath: `DistributionConfig.${unemulated.jsonPath}`,
        feature: unemulated.feature,
        consequence: unemulated.consequence,
      });
    }
  }
}
