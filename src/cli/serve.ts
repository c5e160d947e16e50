// `frontgate serve`: runs the store and the edge from a config file (or embedded defaults) until
// SIGINT/SIGTERM; SIGHUP re-reads the distribution configs without dropping the cache. With more than one
// worker this process is the primary and node:cluster re-runs the same command in each worker.

import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  defaultFrontgateConfig,
  type FrontgateConfig,
  loadConfigFile,
  MAX_WORKERS,
  parseWorkerCount,
} from '../config/index.ts';
import { createJsonLogger } from '../log/logger.ts';
import { startFrontgate } from '../server/start-frontgate.ts';
import { isPrimaryMessage, runServeWorker, startServePrimary } from '../server/workers/index.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

const usage = `Usage: frontgate serve [-c|--config FILE] [--workers N] [--log-level debug|info|warn|error] [--debug]

Starts the S3-compatible store and, when the config has an "edge" section, the CloudFront-compatible edge. The
S3 listener also answers the CloudFront control API (2020-05-31) for requests signed for "cloudfront", with the
same credentials: aws --endpoint-url http://127.0.0.1:9000 cloudfront list-distributions.
Prints the URLs it listens on (with the edge: the web console at the admin listener's root, docs/console.md;
off loopback its URL carries a token) and writes JSON log lines to stderr (--log-level, default info; --debug adds stack
traces to fatal errors). Distribution and public-key files are reloaded when they change, and on SIGHUP (the cache is
kept); changes to the config file itself (keys, key groups, policies, the distribution list) need a restart.
SIGINT/SIGTERM stop.

--workers N (config "workers"; default: the number of available cores, os.availableParallelism()): the S3 API
and the edge's viewer listeners run in N worker processes sharing the ports; this process keeps the CloudFront
API and its state (workers pass its requests on), the admin listener, the console, config versions and
invalidations (Deployed / Completed once every worker applied them) and restarts a worker that dies
(docs/edge.md#workers). --workers 1 runs everything in this one process.

Without --config: the store and the CloudFront API on http://127.0.0.1:9000 (region us-east-1, credentials
FRONTGATEEXAMPLEKEY / frontgate/EXAMPLE/secret/key/do-not-use), the edge on http://127.0.0.1:8080 with its admin
listener on http://127.0.0.1:9090, data under ./.frontgate (see docs/control-api.md).`;

export const serveCommand: Command = {
  name: 'serve',
  usage,
  run: async (args, io) => {
    let values: { config?: string; workers?: string; 'log-level'?: string };
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          config: { type: 'string', short: 'c' },
          workers: { type: 'string' },
          'log-level': { type: 'string' },
          debug: { type: 'boolean' },
        },
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const level = values['log-level'] ?? 'info';
    if (!['debug', 'info', 'warn', 'error'].includes(level))
      throw new UsageError(`unknown log level "${level}"`);
    const config =
      values.config === undefined ? defaultFrontgateConfig(io.cwd) : loadConfigFile(values.config, io.env);
    const workers = workerCount(values.workers, config);
    const logger = createJsonLogger(io.stderr, { level: level as 'info' });
    if (cluster.isWorker) {
      // The primary decides when a worker stops (it goes away, or says so); a terminal's Ctrl-C reaches the
      // whole process group, and the primary must not take that for a crash.
      await runServeWorker(config, { logger, channel: processChannel() });
      return 0;
    }
    const running =
      workers === 1
        ? await startFrontgate(config, { logger })
        : await startServePrimary(config, { logger, workers });
    if (workers > 1) io.stdout(`Workers: ${workers} processes (node:cluster)\n`);
    io.stdout(`S3 API:  ${running.s3Url}\n`);
    io.stdout(`CloudFront API: ${running.s3Url} (requests signed for "cloudfront")\n`);
    for (const url of running.edgeUrls) io.stdout(`Edge:    ${url}\n`);
    if (running.adminUrl !== undefined) io.stdout(`Admin:   ${running.adminUrl}\n`);
    if (running.consoleUrl !== undefined) io.stdout(`Console: ${running.consoleUrl}\n`);
    for (const d of running.distributions()) {
      io.stdout(`Distribution ${d.id}: ${[...d.aliases, d.domainName].join(', ')} (by Host header)\n`);
    }
    io.stdout('Ready. Ctrl-C stops; SIGHUP reloads distribution configs.\n');
    const stopReload = io.onReload(() => {
      running
        .reload()
        .catch((error: unknown) => logger.error('config.reload.failed', { error: String(error) }));
    });
    await new Promise<void>((resolve) =>
      io.shutdownSignal.addEventListener('abort', () => resolve(), { once: true }),
    );
    stopReload();
    io.stdout('Shutting down…\n');
    await running.close();
    return 0;
  },
};

function workerCount(flag: string | undefined, config: FrontgateConfig): number {
  if (flag === undefined) return config.workers ?? Math.min(availableParallelism(), MAX_WORKERS);
  try {
    return parseWorkerCount(/^\d+$/.test(flag) ? Number(flag) : flag, '--workers');
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** This worker's end of the cluster IPC channel. */
function processChannel(): Parameters<typeof runServeWorker>[1]['channel'] {
  return {
    send: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) =>
      process.on('message', (message: unknown) => {
        if (isPrimaryMessage(message)) listener(message);
      }),
    onDisconnect: (listener) => process.once('disconnect', listener),
  };
}
