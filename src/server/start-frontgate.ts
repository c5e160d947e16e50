// Composition root: builds the store, the S3 API (which also answers the CloudFront control API) and the
// edge from one config, wires the edge's "embedded" origin to the store's own listener, signed with origin
// access control credentials, and feeds the control API's state into the edge's snapshots.

import { join } from 'node:path';
import type { FrontgateConfig } from '../config/index.ts';
import type { ConsoleQueries } from '../console/index.ts';
import { createFunctionEngine } from '../edge/functions/index.ts';
import type { EdgeTrace } from '../edge/index.ts';
import type { Logger } from '../log/logger.ts';
import { createFileObjectStore } from '../store/index.ts';
import type { ObjectStore } from '../store/index.ts';
import {
  createControlService,
  inProcessDeploymentTarget,
  openConfiguredSharedState,
} from './control-service.ts';
import { startEdgeService } from './edge-service.ts';
import { createOriginAccessCredentials } from './origin-access-credentials.ts';
import { startS3Service } from './s3-service.ts';

export type RunningFrontgate = {
  readonly s3Url: string;
  readonly edgeUrls: readonly string[];
  readonly adminUrl?: string;
  /** The web console on the admin listener (with its token when not on loopback). */
  readonly consoleUrl?: string;
  readonly console?: ConsoleQueries;
  /** The distributions the edge serves: id, aliases and the generated `d….cloudfront.net` name. */
  readonly distributions: () => readonly { id: string; aliases: readonly string[]; domainName: string }[];
  /** Re-reads the edge's distribution files (SIGHUP); the cache is kept. */
  readonly reload: () => Promise<void>;
  readonly close: () => Promise<void>;
};

export async function startFrontgate(
  config: FrontgateConfig,
  deps: {
    readonly logger: Logger;
    readonly now?: () => Date;
    /** Runs once the store's configured buckets exist, before the edge starts (the demo seeds media). */
    readonly seed?: (store: ObjectStore) => Promise<void>;
    /** Called with the trace of every edge request (the demo shows what the edge answered). */
    readonly onTrace?: (trace: EdgeTrace) => void;
  },
): Promise<RunningFrontgate> {
  const store = await createFileObjectStore({ dataDir: join(config.dataDir, 's3') });
  const originAccess = createOriginAccessCredentials();
  // One engine runs the edge's functions and the API's TestFunction, so both give the same output.
  const functionEngine = createFunctionEngine();
  const secrets = new Map(config.s3.credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  const shared = await openConfiguredSharedState(config, deps.logger);
  const control = createControlService({
    shared,
    dataDir: config.dataDir,
    edgeConfig: config.edge,
    context: config.context,
    lookupSecret: (accessKeyId) => secrets.get(accessKeyId),
    logger: deps.logger,
    now: deps.now,
    functionEngine,
    readS3Object: async (bucket, key) => {
      const object = await store.headObject(bucket, key).catch(() => undefined);
      return object === undefined ? undefined : store.readObjectBytes(object);
    },
  });
  let s3: Awaited<ReturnType<typeof startS3Service>> | undefined;
  let edge: Awaited<ReturnType<typeof startEdgeService>> | undefined;
  try {
    s3 = await startS3Service(config.s3, {
      store,
      logger: deps.logger.child({ component: 's3' }),
      now: deps.now,
      originAccessCredentials: originAccess.byAccessKeyId,
      cloudfront: control.handler,
    });
    await deps.seed?.(store);
    edge =
      config.edge === undefined
        ? undefined
        : await startEdgeService(config.edge, config.context, {
            logger: deps.logger.child({ component: 'edge' }),
            dataDir: config.dataDir,
            now: deps.now,
            embeddedOrigin: { baseUrl: s3.url, region: config.s3.region },
            originAccessCredentials: originAccess.forDistribution,
            onTrace: deps.onTrace,
            apiResources: control.apiResources,
            functionEngine,
            findFunction: control.findFunction,
            keyValueStore: control.keyValueStore,
            consoleBuckets: async () =>
              (await store.listBuckets()).map((bucket) => ({
                name: bucket.name,
                region: bucket.region,
                acl: bucket.acl,
                corsRules: bucket.cors,
                allowedDistributionIds: bucket.allowedDistributionIds,
                bucketPolicy: bucket.policy === null ? null : JSON.parse(bucket.policy),
              })),
            consoleFleet:
              shared === undefined
                ? undefined
                : async () => ({ thisEdge: shared.edgeId, ...(await shared.fleet()) }),
          });
  } catch (error) {
    await s3?.close();
    await control.close();
    await store.close();
    throw error;
  }
  if (edge !== undefined) control.attachDeploymentTarget(inProcessDeploymentTarget(edge));
  const s3Service = s3;
  return {
    s3Url: s3Service.url,
    edgeUrls: edge?.urls ?? [],
    adminUrl: edge?.adminUrl,
    consoleUrl: edge?.consoleUrl,
    console: edge?.console,
    distributions: () => edge?.distributions() ?? [],
    reload: async () => {
      await edge?.reload();
    },
    close: async () => {
      await s3Service.close();
      await control.close();
      await edge?.close();
      await store.close();
    },
  };
}
