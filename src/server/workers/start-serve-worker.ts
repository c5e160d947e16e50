// One worker of `frontgate serve --workers N`: the S3 API over the shared store (SQLite opened shared, WAL)
// and the edge's viewer listeners, both on ports shared with the other workers through node:cluster. The
// primary sends what every worker must apply (invalidations, config versions with the CloudFront API's state);
// this worker applies each to its own cache tiers and snapshot and acknowledges it. CloudFront API requests
// that reach its S3 listener go to the primary (control-proxy.ts); traces too, which serves the admin listener.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrontgateConfig } from '../../config/index.ts';
import { DEFAULT_ACCOUNT_ID } from '../../control/index.ts';
import { loadEdgeSnapshot } from '../../edge/config/index.ts';
import type { EdgeSnapshot } from '../../edge/config/index.ts';
import { findEdgeFunction } from '../../edge/config/load-edge-functions.ts';
import { createFunctionEngine } from '../../edge/functions/index.ts';
import { createEdge, type EdgeListener, startHttpListener, startHttpsListener } from '../../edge/index.ts';
import { createCloudFrontFunctionStages } from '../../edge/stages/cloudfront-functions.ts';
import type { Logger } from '../../log/logger.ts';
import { createFileObjectStore } from '../../store/index.ts';
import { createOriginAccessCredentials } from '../origin-access-credentials.ts';
import { startS3Service } from '../s3-service.ts';
import { createControlProxy } from './control-proxy.ts';
import { workerPublishedFunctions } from './worker-api-state.ts';
import type { WorkerChannel } from './worker-channel.ts';
import { summarizeCacheEntries } from './worker-cache-mirror.ts';
import type { InvalidationOrder, PrimaryMessage } from './worker-messages.ts';

/** A worker's own directory under the data dir (its disk cache tier): `workers/<slot>/`. */
export function workerDataDir(dataDir: string, slot: number): string {
  return join(dataDir, 'workers', String(slot));
}

/** Runs until the primary says `shutdown` or goes away; resolves once everything is closed. */
export async function runServeWorker(
  config: FrontgateConfig,
  deps: { readonly logger: Logger; readonly channel: WorkerChannel; readonly now?: () => Date },
): Promise<void> {
  const queued: PrimaryMessage[] = [];
  let deliver: ((message: PrimaryMessage) => void) | undefined;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  deps.channel.onMessage((message) => {
    if (message.type === 'shutdown') stop();
    else if (deliver) deliver(message);
    else queued.push(message);
  });
  deps.channel.onDisconnect(() => stop());
  deps.channel.send({ type: 'started' });
  const init = await new Promise<Extract<PrimaryMessage, { type: 'init' }> | undefined>((resolve) => {
    deliver = (message) => {
      if (message.type === 'init') resolve(message);
      else queued.push(message);
    };
    void stopped.then(() => resolve(undefined));
  });
  if (init === undefined) return;
  const slot = init.slot;
  const logger = deps.logger.child({ worker: slot });
  const nowMs = deps.now ? () => (deps.now as () => Date)().getTime() : Date.now;

  const store = await createFileObjectStore({
    dataDir: join(config.dataDir, 's3'),
    sharedWithOtherProcesses: true,
  });
  const originAccess = createOriginAccessCredentials(Buffer.from(init.originAccessSecret, 'base64'));
  const controlProxy = createControlProxy(init.controlUrl, logger.child({ component: 'control' }));
  const s3 = await startS3Service(config.s3, {
    store,
    logger: logger.child({ component: 's3' }),
    now: deps.now,
    originAccessCredentials: originAccess.byAccessKeyId,
    cloudfront: controlProxy.handler,
  });
  const edgeConfig = config.edge;
  let snapshot: EdgeSnapshot | undefined =
    edgeConfig === undefined ? undefined : loadEdgeSnapshot(edgeConfig, config.context, init.api.edge);
  const published = workerPublishedFunctions(init.api, DEFAULT_ACCOUNT_ID);
  const functionEngine = createFunctionEngine();
  // Load the WebAssembly engine now rather than on the first request through a function (as one process does).
  if (edgeConfig !== undefined && (edgeConfig.functions.length > 0 || init.api.functionResources.length > 0))
    functionEngine
      .compile('function handler(event) { return event.request; }')
      .catch((error: unknown) =>
        logger.error('edge-function-engine-failed', { error: (error as Error).message }),
      );
  const functionStages =
    edgeConfig === undefined
      ? undefined
      : createCloudFrontFunctionStages({
          engine: functionEngine,
          findFunction: (arn) =>
            published.findFunction(arn) ?? findEdgeFunction((snapshot as EdgeSnapshot).functions, arn),
          keyValueStore: (arn) =>
            published.keyValueStore(arn) ?? (snapshot as EdgeSnapshot).functions.keyValueStores.get(arn),
          distributions: () => (snapshot as EdgeSnapshot).distributions,
          originEndpoints: edgeConfig.origins,
        });
  const edge =
    edgeConfig === undefined
      ? undefined
      : createEdge({
          viewerRequestStage: functionStages?.viewerRequestStage,
          viewerResponseStage: functionStages?.viewerResponseStage,
          snapshot: () => snapshot as EdgeSnapshot,
          logger: logger.child({ component: 'edge' }),
          dataDir: workerDataDir(config.dataDir, slot),
          cache: edgeConfig.cache,
          pop: edgeConfig.pop,
          errorResponses: edgeConfig.errorResponses,
          traceAll: edgeConfig.traceAll,
          signatureCacheEntries: edgeConfig.signatureCacheEntries,
          embeddedOrigin: { baseUrl: s3.url, region: config.s3.region },
          originAccessCredentials: originAccess.forDistribution,
          nowMs,
          onTrace: (trace) => deps.channel.send({ type: 'trace', trace }),
        });
  const applyInvalidation = (order: InvalidationOrder): void => {
    if (edge === undefined) return;
    try {
      // The primary's id as CallerReference: a batch sent twice (restart) is swept once.
      edge.invalidations.create(order.distributionId, order.paths, order.id);
    } catch (error) {
      logger.warn('worker-invalidation-not-applied', { id: order.id, error: (error as Error).message });
    }
  };
  for (const order of init.invalidations) applyInvalidation(order);
  edge?.setAdminUrl(init.adminUrl);

  const listeners: EdgeListener[] = [];
  if (edge !== undefined && edgeConfig !== undefined) {
    const handler: Parameters<typeof startHttpListener>[1] = (viewer, sink) =>
      edge.runtime.handle(viewer, sink);
    const onError = (error: unknown) =>
      logger.error('edge-listener-error', { error: (error as Error).message });
    const listenerOptions = {
      requestTooLarge: () => edge.runtime.renderRequestTooLarge(),
      onHeaderDropped: (header: string) =>
        logger.warn('edge-header-dropped', { header, reason: 'not a valid header field' }),
    };
    // Every worker listens in the same order (S3, HTTPS, HTTP): node:cluster pairs the n-th `listen(0)` of each
    // worker, so port 0 means one shared port per listener.
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
    }
    listeners.unshift(await startHttpListener(edgeConfig.listen, handler, nowMs, onError, listenerOptions));
  }

  deliver = (message) => {
    if (message.type === 'invalidate') {
      applyInvalidation(message.order);
      deps.channel.send({ type: 'invalidated', slot, id: message.order.id });
    } else if (message.type === 'report-cache') {
      deps.channel.send({
        type: 'cache-report',
        slot,
        requestId: message.requestId,
        entries: edge === undefined ? [] : summarizeCacheEntries(edge.cache),
      });
    } else if (message.type === 'reload') {
      let ok = true;
      try {
        if (edgeConfig !== undefined)
          snapshot = loadEdgeSnapshot(edgeConfig, config.context, message.api.edge);
        published.replace(message.api);
        edge?.snapshotLoaded();
      } catch (error) {
        ok = false;
        logger.error('edge-config-reload-failed', { error: (error as Error).message });
      }
      deps.channel.send({ type: 'reloaded', slot, configVersion: message.configVersion, ok });
    }
  };
  for (const message of queued.splice(0)) deliver(message);
  deps.channel.send({
    type: 'ready',
    slot,
    configVersion: init.configVersion,
    s3Url: s3.url,
    edgeUrls: listeners.map((l) => l.url),
    invalidated: init.invalidations.map((o) => o.id),
  });
  logger.info('worker-ready', { pid: process.pid });

  await stopped;
  await Promise.all(listeners.map((l) => l.close()));
  await edge?.close();
  await s3.close();
  controlProxy.close();
  await store.close();
}
