// Wires the CloudFront control API to this process: its database under dataDir, the config file's
// resources (read-only through the API), and the deployment port — validation compiles a candidate state as
// the edge would, deployments and purges run one at a time on a deployment target (the in-process edge, or
// every worker of `serve --workers N`), and a distribution's deployed ETag is the one the target reports.

import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ConfigContext } from '../config/config-context.ts';
import type { FrontgateConfig } from '../config/index.ts';
import {
  apiResources,
  CONTROL_ROUTES,
  type ControlDeployment,
  type ControlPlane,
  createControlHandler,
  createKeyValueStoreDataHandler,
  DEFAULT_ACCOUNT_ID,
  type FileResources,
  loadCloudFrontModel,
  openControlDatabase,
  openSharedControlState,
  publishedFunctions,
  randomCloudFrontId,
  type SharedControlState,
  type ResourceKind,
  type StoredResource,
} from '../control/index.ts';
import {
  type EdgeConfig,
  type EdgeSnapshot,
  loadEdgeSnapshot,
  parseEdgeConfig,
} from '../edge/config/index.ts';
import type { EdgeFunction } from '../edge/config/load-edge-functions.ts';
import type { FunctionEngine, KeyValueStore } from '../edge/functions/index.ts';
import type { Logger } from '../log/logger.ts';
import { signedService } from './dispatch-by-service.ts';
import type { EdgeService } from './edge-service.ts';

/** Where the control plane deploys: the edge in this process, or every worker of `serve --workers N`. */
export type DeploymentTarget = {
  /** The snapshot the control plane describes the config file's distributions and key value stores from. */
  readonly snapshot: () => EdgeSnapshot;
  /** Takes the config files and the API state into a new snapshot; `false` when the previous one stays. */
  readonly reload: () => Promise<boolean>;
  /** The config ETag every serving process runs for a distribution; undefined when none runs it (yet). */
  readonly deployedEtag: (distributionId: string) => string | undefined;
  /** Purges the paths from every serving process's cache; resolves once every one has. */
  readonly invalidate: (
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
  ) => Promise<void>;
  /** The API state changed (a write here or, in a fleet, another edge's), deployment asked for or not. */
  readonly resourcesChanged?: () => void;
};

/** The single process: the edge's live snapshot is what is deployed, and a purge is done when it returns. */
export function inProcessDeploymentTarget(edge: EdgeService): DeploymentTarget {
  return {
    snapshot: edge.snapshot,
    reload: edge.reload,
    deployedEtag: (id) => edge.snapshot().distributions.find((d) => d.id === id)?.etag,
    invalidate: async (distributionId, paths, callerReference) => {
      if (edge.snapshot().distributions.some((d) => d.id === distributionId))
        edge.edge.invalidations.create(distributionId, paths, callerReference);
    },
  };
}

/** The fleet's state in PostgreSQL when the config has `state.postgres`; undefined without it. */
export async function openConfiguredSharedState(
  config: FrontgateConfig,
  logger: Logger,
): Promise<SharedControlState | undefined> {
  if (config.state === undefined) return undefined;
  return openSharedControlState({
    url: config.state.postgres,
    edgeId: config.state.edgeName ?? `${hostname()}:${config.dataDir}`,
    liveTimeoutMs: (config.state.liveTimeoutSeconds ?? 10) * 1000,
    onError: (what, error) => logger.error('control.state.failed', { what, error: error.message }),
  });
}

export type ControlService = {
  readonly handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** The API state as the edge takes it into its snapshots. */
  readonly apiResources: () => ReturnType<typeof apiResources>;
  /** The stored resources of one kind (a serve primary sends the functions and key value stores to workers). */
  readonly listResources: (kind: ResourceKind) => readonly StoredResource[];
  /** Connects the running edge(s) (started after the S3 listener); purges left InProgress by a crash run now. */
  readonly attachDeploymentTarget: (target: DeploymentTarget) => void;
  /** Functions published through the API (LIVE stage), by FunctionARN: the edge's `findFunction`. */
  readonly findFunction: (arn: string) => EdgeFunction | undefined;
  /** KeyValueStores created through the API, by ARN: the edge's `keyValueStore`. */
  readonly keyValueStore: (arn: string) => KeyValueStore | undefined;
  readonly close: () => Promise<void>;
};

export function createControlService(deps: {
  readonly dataDir: string;
  readonly edgeConfig: EdgeConfig | undefined;
  readonly context: ConfigContext;
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly accountId?: string;
  /** The engine TestFunction runs in: the edge's own. */
  readonly functionEngine: FunctionEngine;
  /** An object of the embedded store (KeyValueStore ImportSource). */
  readonly readS3Object: (bucket: string, key: string) => Promise<Buffer | undefined>;
  /** The state shared with other edges in PostgreSQL; without it, the embedded database under dataDir. */
  readonly shared?: SharedControlState;
  readonly heartbeatIntervalMs?: number;
}): ControlService {
  const shared = deps.shared;
  const database = shared ?? openControlDatabase(join(deps.dataDir, 'control.sqlite'));
  // Every write through this process (or, in a fleet, seen from another edge) bumps the generation: the edge's
  // function and store lookups re-read then.
  let generation = 0;
  const holder: { target?: DeploymentTarget } = {};
  const changed = (): void => {
    generation++;
    holder.target?.resourcesChanged?.();
  };
  shared?.onChange(changed);
  const db: typeof database = {
    ...database,
    putResource: (resource) => {
      database.putResource(resource);
      changed();
    },
    deleteResource: (kind, id) => {
      database.deleteResource(kind, id);
      changed();
    },
  };
  const logger = deps.logger;
  const edgeConfig = deps.edgeConfig ?? parseEdgeConfig({}, deps.context);
  const fileDistributionIds = new Set((deps.edgeConfig?.distributions ?? []).map((d) => d.id));
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void> | void, what: string): void => {
    queue = queue
      .then(work)
      .catch((error: unknown) =>
        logger.error('control.deploy.failed', { what, error: (error as Error).message }),
      );
  };
  const heartbeat = async (): Promise<void> => {
    const target = holder.target;
    if (shared === undefined || target === undefined) return;
    // Only what every serving process applied counts as deployed on this edge.
    const deployed: Record<string, string> = {};
    for (const d of target.snapshot().distributions) {
      const etag = target.deployedEtag(d.id);
      if (etag !== undefined) deployed[d.id] = etag;
    }
    await shared.heartbeat(deployed);
  };
  const deployment: ControlDeployment = {
    validate: (resources) => {
      loadEdgeSnapshot(edgeConfig, deps.context, resources);
    },
    requestDeploy: () =>
      enqueue(async () => {
        if (holder.target === undefined) return;
        if (!(await holder.target.reload())) throw new Error('the edge kept its previous snapshot');
        await heartbeat();
      }, 'deploy'),
    settled: async () => {
      await queue;
      await shared?.flushed();
    },
    deployedEtag: (id) => {
      // Without an edge there is nothing to deploy to: the stored config is all there is.
      if (holder.target === undefined)
        return deps.edgeConfig === undefined ? db.getResource('distribution', id)?.etag : undefined;
      const etag = holder.target.deployedEtag(id);
      // In a fleet, deployed means deployed on every live edge (docs/decisions/fleet-state.md).
      if (shared?.otherLiveEdges().some((e) => e.deployed[id] !== etag)) return undefined;
      return etag;
    },
    purge: (distributionId, paths, callerReference, onPurged) =>
      enqueue(() => {
        const swept = holder.target?.invalidate(distributionId, paths, callerReference) ?? Promise.resolve();
        // Not awaited: a later deployment need not wait for every worker's sweep. The in-process target has
        // swept already, so onPurged runs before `settled()` resolves.
        void swept.then(onPurged, (error: unknown) =>
          logger.error('control.invalidation.failed', { error: (error as Error).message }),
        );
      }, 'invalidation'),
  };
  const files: FileResources = {
    distributions: () =>
      (holder.target?.snapshot().distributions ?? [])
        .filter((d) => fileDistributionIds.has(d.id))
        .map((d) => ({
          id: d.id,
          etag: d.etag,
          config: d.source,
          jsonPath: edgeConfig.distributions.find((s) => s.id === d.id)?.jsonPath ?? 'edge.distributions',
        })),
    publicKeys: edgeConfig.publicKeys.map((k) => ({ id: k.id, name: k.name, jsonPath: k.jsonPath })),
    publicKeyPem: (id) => {
      const source = edgeConfig.publicKeys.find((k) => k.id === id)?.encodedKey;
      if (source === undefined) return undefined;
      return source.kind === 'pem' ? source.pem : readFileSync(source.path, 'utf8');
    },
    keyGroups: edgeConfig.keyGroups,
    cachePolicies: edgeConfig.policySources.cachePolicies,
    originRequestPolicies: edgeConfig.policySources.originRequestPolicies,
    responseHeadersPolicies: edgeConfig.policySources.responseHeadersPolicies,
    originAccessControls: edgeConfig.originAccessControls,
    keyValueStore: (arn) => holder.target?.snapshot().functions.keyValueStores.get(arn),
    functions: () =>
      edgeConfig.functions.map((f) => {
        const reference = f.keyValueStores[0];
        const store = edgeConfig.keyValueStores.find((s) => [s.name, s.id, s.arn].includes(reference ?? ''));
        let code = '';
        try {
          code = readFileSync(f.codePath, 'utf8');
        } catch {
          // A file that went away reads as empty code: the edge keeps what it loaded until the next reload.
        }
        return {
          name: f.name,
          runtime: f.runtime,
          code,
          jsonPath: f.jsonPath,
          ...(store === undefined ? {} : { keyValueStoreArn: store.arn }),
        };
      }),
  };
  const plane: ControlPlane = {
    model: loadCloudFrontModel(),
    db,
    files,
    deployment,
    now: deps.now ?? (() => new Date()),
    startedAt: (deps.now ?? (() => new Date()))(),
    accountId: deps.accountId ?? DEFAULT_ACCOUNT_ID,
    newId: randomCloudFrontId,
    functionEngine: deps.functionEngine,
    readS3Object: deps.readS3Object,
  };
  const published = publishedFunctions({ db, accountId: plane.accountId, generation: () => generation });
  const controlHandler = createControlHandler({
    plane,
    routes: CONTROL_ROUTES,
    lookupSecret: deps.lookupSecret,
    logger: logger.child({ component: 'control' }),
  });
  // The KeyValueStore data API (SigV4A) shares the endpoint; its credential scope names its service.
  const keyValueStoreData = createKeyValueStoreDataHandler({ plane, lookupSecret: deps.lookupSecret });
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    // In a fleet a request may follow a write made through another edge (a load balancer in front of the
    // API): re-read the shared state first when it moved, so every edge answers what any edge committed.
    await shared?.refresh();
    return signedService(req) === 'cloudfront-keyvaluestore'
      ? keyValueStoreData(req, res)
      : controlHandler(req, res);
  };
  const timers: { heartbeat?: ReturnType<typeof setInterval> } = {};
  const applying = new Set<string>();
  const applyPendingInvalidations = (): void => {
    for (const pending of db.invalidationsInProgress()) {
      if (applying.has(pending.id)) continue;
      applying.add(pending.id);
      deployment.purge(pending.distributionId, pending.paths, pending.callerReference, () => {
        db.putInvalidation({ ...pending, status: 'Completed' });
        applying.delete(pending.id);
      });
    }
  };
  return {
    handler,
    apiResources: () => apiResources(plane),
    listResources: (kind) => db.listResources(kind),
    findFunction: published.findFunction,
    keyValueStore: published.keyValueStore,
    attachDeploymentTarget: (target) => {
      holder.target = target;
      applyPendingInvalidations();
      if (shared === undefined) return;
      // Another edge wrote: take the new state into a snapshot, then apply the invalidations it brought.
      shared.onChange(() => {
        deployment.requestDeploy();
        applyPendingInvalidations();
      });
      void heartbeat();
      timers.heartbeat = setInterval(() => void heartbeat(), deps.heartbeatIntervalMs ?? 1000);
      timers.heartbeat.unref();
    },
    close: async () => {
      clearInterval(timers.heartbeat);
      await queue;
      if (shared === undefined) db.close();
      else await shared.end();
    },
  };
}
