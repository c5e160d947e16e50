// The primary of `frontgate serve --workers N`: recovers the store's data directory once (then only workers
// open it, shared), forks N workers (worker-pool.ts) that serve the S3 API and the edge's viewer listeners,
// and keeps what must exist once: the CloudFront control API and its state (the workers proxy its requests
// here), the admin listener and the console, config versions (file watch, SIGHUP, API deployments), the
// record of invalidations and the traces every worker forwards. An invalidation or a config version counts as
// applied when every worker slot acknowledged it (worker-acknowledgements.ts; docs/decisions/workers.md).

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrontgateConfig } from '../../config/index.ts';
import {
  adminRequestAccess,
  chooseAdminToken,
  createConsoleHandler,
  createConsoleQueries,
} from '../../console/index.ts';
import type { EdgeSnapshot } from '../../edge/config/index.ts';
import { loadEdgeSnapshot } from '../../edge/config/index.ts';
import { describeDistributions } from '../../edge/distribution-status.ts';
import {
  createEdge,
  type DistributionStatus,
  type EdgeListener,
  type EdgeTrace,
  startAdminListener,
} from '../../edge/index.ts';
import { createFunctionEngine } from '../../edge/functions/index.ts';
import type { Logger } from '../../log/logger.ts';
import { createFileObjectStore } from '../../store/index.ts';
import {
  createControlService,
  type DeploymentTarget,
  openConfiguredSharedState,
} from '../control-service.ts';
import type { RunningFrontgate } from '../start-frontgate.ts';
import { applyConfiguredBuckets } from '../s3-service.ts';
import { startControlListener } from './control-listener.ts';
import { createDeployedVersions } from './deployed-versions.ts';
import { createTraceArrivals, waitForForwardedTraces } from './forwarded-traces.ts';
import { createPrimaryInvalidations } from './primary-invalidations.ts';
import { createWorkerCacheMirror, refreshWorkerCachesFirst } from './worker-cache-mirror.ts';
import { watchSnapshotFiles } from './watch-snapshot-files.ts';
import { createWorkerAcknowledgements, type WorkerChange } from './worker-acknowledgements.ts';
import { readApiState, type WorkerApiState } from './worker-api-state.ts';
import type { PrimaryMessage, WorkerMessage } from './worker-messages.ts';
import { startWorkerPool } from './worker-pool.ts';

export type RunningServePrimary = RunningFrontgate & {
  readonly workers: number;
  /** Resolves once every worker slot applied the change (an invalidation id or a config version). */
  readonly whenAllWorkersApplied: (change: WorkerChange) => Promise<void>;
  readonly isApplied: (change: WorkerChange) => boolean;
  /** The config version the primary serves now: 0 at start, +1 per successful reload. */
  readonly configVersion: () => number;
  /** Process ids of the running workers by slot (the bench sums their CPU time). */
  readonly workerPids: () => ReadonlyMap<number, number>;
};

export async function startServePrimary(
  config: FrontgateConfig,
  deps: {
    readonly logger: Logger;
    readonly workers: number;
    readonly now?: () => Date;
    readonly onTrace?: (trace: EdgeTrace) => void;
    readonly reloadDebounceMs?: number;
  },
): Promise<RunningServePrimary> {
  const logger = deps.logger;
  const nowMs = deps.now ? () => (deps.now as () => Date)().getTime() : Date.now;
  const storeDir = join(config.dataDir, 's3');
  // Recovery (orphans, temp files) runs here, before any worker can be writing; then the buckets of the config.
  const owner = await createFileObjectStore({ dataDir: storeDir });
  try {
    await applyConfiguredBuckets(config.s3, owner);
  } finally {
    await owner.close();
  }
  // A fresh primary has no record of which invalidations the workers' disk tiers saw: they start empty.
  await rm(join(config.dataDir, 'workers'), { recursive: true, force: true });

  // The console's bucket view and KeyValueStore ImportSource read the store through this handle.
  const sharedStore = await createFileObjectStore({ dataDir: storeDir, sharedWithOtherProcesses: true });
  const secrets = new Map(config.s3.credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  const cloudfront = createControlService({
    shared: await openConfiguredSharedState(config, logger),
    dataDir: config.dataDir,
    edgeConfig: config.edge,
    context: config.context,
    lookupSecret: (accessKeyId) => secrets.get(accessKeyId),
    logger,
    now: deps.now,
    // TestFunction runs here; the workers' engines run the same code for viewers.
    functionEngine: createFunctionEngine(),
    readS3Object: async (bucket, key) => {
      const object = await sharedStore.headObject(bucket, key).catch(() => undefined);
      return object === undefined ? undefined : sharedStore.readObjectBytes(object);
    },
  });
  const controlListener = await startControlListener(
    cloudfront.handler,
    logger.child({ component: 'control' }),
  );

  const edgeConfig = config.edge;
  // What the workers were last sent: a worker (re)started now gets this version and this API state.
  let published: { readonly configVersion: number; readonly api: WorkerApiState } = {
    configVersion: 0,
    api: readApiState(cloudfront),
  };
  let snapshot: EdgeSnapshot | undefined =
    edgeConfig === undefined ? undefined : loadEdgeSnapshot(edgeConfig, config.context, published.api.edge);
  const acknowledgements = createWorkerAcknowledgements({ slots: deps.workers, nowMs });
  const deployedVersions = createDeployedVersions((version) =>
    acknowledgements.isApplied({ kind: 'config', version }),
  );
  deployedVersions.record(0, snapshot?.distributions ?? []);
  // The primary's own edge serves no viewer: it records invalidations and holds the trace ring (and log).
  const control =
    edgeConfig === undefined
      ? undefined
      : createEdge({
          snapshot: () => snapshot as EdgeSnapshot,
          logger: logger.child({ component: 'edge' }),
          dataDir: config.dataDir,
          cache: edgeConfig.cache,
          traceLog: edgeConfig.traceLog,
          traceAll: edgeConfig.traceAll,
          nowMs,
          onTrace: deps.onTrace,
        });
  const secret = randomBytes(32).toString('base64');
  const adminAddress: { url?: string } = {};
  // Replaced by the pool's once the workers run; before that, `init` carries what a slot owes.
  let broadcast: (message: PrimaryMessage) => readonly number[] = () => [];
  const cacheMirror = createWorkerCacheMirror({
    requestReports: (requestId) => broadcast({ type: 'report-cache', requestId }),
  });
  const invalidations =
    control === undefined
      ? undefined
      : createPrimaryInvalidations({
          recorded: control.invalidations,
          acknowledgements,
          broadcast: (order) => {
            broadcast({ type: 'invalidate', order });
            void acknowledgements
              .whenAllWorkersApplied({ kind: 'invalidation', id: order.id })
              .then(() => logger.info('invalidation-applied-by-all-workers', { id: order.id }));
          },
        });

  const traceArrivals = createTraceArrivals();
  const onMessage = (slot: number, message: WorkerMessage): void => {
    switch (message.type) {
      case 'trace':
        control?.traces.put(message.trace);
        traceArrivals.arrived(message.trace.id);
        return;
      case 'cache-report':
        cacheMirror.received(slot, message.requestId, message.entries);
        return;
      case 'invalidated':
        acknowledgements.acknowledgeInvalidation(slot, message.id);
        return;
      case 'reloaded':
        if (message.ok) acknowledgements.acknowledgeConfig(slot, message.configVersion);
        return;
      case 'ready':
        for (const id of message.invalidated) acknowledgements.acknowledgeInvalidation(slot, id);
        acknowledgements.acknowledgeConfig(slot, message.configVersion);
        return;
      case 'started':
        return;
      default:
        message satisfies never;
    }
  };

  // The primary's own edge knows load times and the last invalidations; the cache counts are the workers'.
  const distributionStatus = (): readonly DistributionStatus[] => {
    if (control === undefined) return [];
    const statuses = control.distributionStatus();
    return describeDistributions(statuses, {
      loadedAt: (id) => Date.parse(statuses.find((s) => s.id === id)?.configLoadedAt ?? '') || nowMs(),
      invalidations: control.invalidations,
      cache: cacheMirror.store,
    });
  };

  // The admin listener starts before the workers so traced responses can name it.
  let admin: EdgeListener | undefined;
  const viewerPorts: { http?: number; https?: number } = {};
  const consoleToken = edgeConfig === undefined ? undefined : chooseAdminToken(edgeConfig.admin);
  const consoleQueries =
    control === undefined || invalidations === undefined || edgeConfig === undefined
      ? undefined
      : createConsoleQueries({
          snapshot: () => snapshot as EdgeSnapshot,
          traces: () => control.traces,
          cache: () => cacheMirror.store,
          invalidations: () => invalidations,
          distributionStatus: () => distributionStatus(),
          buckets: async () =>
            (await sharedStore.listBuckets()).map((bucket) => ({
              name: bucket.name,
              region: bucket.region,
              acl: bucket.acl,
              corsRules: bucket.cors,
              allowedDistributionIds: bucket.allowedDistributionIds,
              bucketPolicy: bucket.policy === null ? null : JSON.parse(bucket.policy),
            })),
          traceAll: edgeConfig.traceAll,
          nowMs,
          viewerPort: (scheme) => viewerPorts[scheme],
        });
  if (control !== undefined && invalidations !== undefined && edgeConfig !== undefined) {
    admin = await startAdminListener(edgeConfig.admin.listen, {
      invalidations: () => invalidations,
      traces: () => control.traces,
      distributions: () => distributionStatus(),
      console: waitForForwardedTraces(
        traceArrivals,
        (id) => control.traces.get(id) !== undefined,
        refreshWorkerCachesFirst(
          cacheMirror,
          consoleQueries && createConsoleHandler(consoleQueries, { token: consoleToken }),
        ),
      ),
      access: adminRequestAccess(consoleToken),
      logger,
    });
    adminAddress.url = admin.url;
    control.setAdminUrl(admin.url);
  }
  const closeOwned = async (): Promise<void> => {
    await admin?.close();
    await controlListener.close();
    await cloudfront.close();
    await control?.close();
    await sharedStore.close();
  };

  let started: Awaited<ReturnType<typeof startWorkerPool>>;
  try {
    started = await startWorkerPool({
      count: deps.workers,
      logger,
      onMessage,
      initFor: (slot) => ({
        type: 'init',
        slot,
        originAccessSecret: secret,
        adminUrl: adminAddress.url,
        controlUrl: controlListener.url,
        configVersion: published.configVersion,
        api: published.api,
        invalidations: acknowledgements
          .invalidationsOwedBy(slot)
          .flatMap((id) => invalidations?.order(id) ?? []),
      }),
    });
  } catch (error) {
    await closeOwned();
    throw error;
  }
  const { pool, firstReady } = started;
  broadcast = pool.broadcast;
  for (const url of firstReady.edgeUrls) {
    const parsed = new URL(url);
    viewerPorts[parsed.protocol === 'https:' ? 'https' : 'http'] = Number(parsed.port);
  }

  let watcher: { close: () => void } | undefined;
  let closed = false;
  const rewatch = (): void => {
    watcher?.close();
    if (closed || snapshot === undefined) return;
    watcher = watchSnapshotFiles(snapshot.watchedFiles, {
      debounceMs: deps.reloadDebounceMs ?? 150,
      onChange: () => void reload(),
      logger,
    });
  };

  // One config version: the files read again and the API state now, loaded here first; if valid, every
  // worker is sent the same API state and re-reads the same files. A file change, SIGHUP and a CloudFront API
  // deployment all come here.
  let apiChangePending = false;
  const publish = (): boolean => {
    apiChangePending = false;
    if (edgeConfig === undefined) return true;
    const api = readApiState(cloudfront);
    let next: EdgeSnapshot;
    try {
      next = loadEdgeSnapshot(edgeConfig, config.context, api.edge);
    } catch (error) {
      logger.error('edge-config-reload-failed', { error: (error as Error).message });
      return false;
    }
    snapshot = next;
    control?.snapshotLoaded();
    const version = published.configVersion + 1;
    published = { configVersion: version, api };
    deployedVersions.record(version, next.distributions);
    logger.info('edge-config-reloaded', {
      configVersion: version,
      distributions: next.distributions.map((d) => ({ id: d.id, etag: d.etag })),
    });
    pool.broadcast({ type: 'reload', configVersion: version, api });
    void acknowledgements
      .whenAllWorkersApplied({ kind: 'config', version })
      .then(() => logger.info('edge-config-applied-by-all-workers', { configVersion: version }));
    rewatch();
    return true;
  };
  const reload = async (): Promise<void> => {
    publish();
  };
  if (control !== undefined && invalidations !== undefined) {
    const deploymentTarget: DeploymentTarget = {
      snapshot: () => snapshot as EdgeSnapshot,
      reload: async () => publish(),
      deployedEtag: deployedVersions.deployedEtag,
      invalidate: async (distributionId, paths, callerReference) => {
        if (!snapshot?.distributions.some((d) => d.id === distributionId)) return;
        const { invalidation } = invalidations.create(distributionId, paths, callerReference);
        await acknowledgements.whenAllWorkersApplied({ kind: 'invalidation', id: invalidation.Id });
      },
      // A function published or a key value store changed asks for no deployment, yet the workers' functions
      // must see it: one version for the writes of this turn (a deployment in the same turn takes them along).
      resourcesChanged: () => {
        if (apiChangePending) return;
        apiChangePending = true;
        setImmediate(() => {
          if (apiChangePending && !closed) publish();
        });
      },
    };
    cloudfront.attachDeploymentTarget(deploymentTarget);
  }
  rewatch();
  logger.info('workers-started', { workers: deps.workers, pids: Object.fromEntries(pool.pids()) });

  return {
    s3Url: firstReady.s3Url,
    edgeUrls: firstReady.edgeUrls,
    adminUrl: admin?.url,
    consoleUrl:
      admin === undefined
        ? undefined
        : `${admin.url}/${consoleToken === undefined ? '' : `#token=${consoleToken}`}`,
    console: consoleQueries,
    distributions: () =>
      snapshot?.distributions.map((d) => ({ id: d.id, aliases: d.aliases, domainName: d.domainName })) ?? [],
    reload,
    workers: deps.workers,
    whenAllWorkersApplied: acknowledgements.whenAllWorkersApplied,
    isApplied: acknowledgements.isApplied,
    configVersion: () => published.configVersion,
    workerPids: pool.pids,
    close: async () => {
      closed = true;
      watcher?.close();
      await pool.close();
      await closeOwned();
    },
  };
}
