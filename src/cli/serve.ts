// `frontgate serve`: runs the store and the edge from a config file (or embedded defaults) until
// SIGINT/SIGTERM; SIGHUP re-reads the distribution configs without dropping the cache.

import { parseArgs } from 'node:util';
import { defaultFrontgateConfig, loadConfigFile } from '../config/index.ts';
import { createJsonLogger } from '../log/logger.ts';
import { startFrontgate } from '../server/start-frontgate.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

const usage = `Usage: frontgate serve [-c|--config FILE] [--log-level debug|info|warn|error] [--debug]

Starts the S3-compatible store and, when the config has an "edge" section, the CloudFront-compatible edge. The
S3 listener also answers the CloudFront control API (2020-05-31) for requests signed for "cloudfront", with the
same credentials: aws --endpoint-url http://127.0.0.1:9000 cloudfront list-distributions.
Prints the URLs it listens on (with the edge: the web console at the admin listener's root, docs/console.md;
off loopback its URL carries a token) and writes JSON log lines to stderr (--log-level, default info; --debug adds stack
traces to fatal errors). Distribution and public-key files are reloaded when they change, and on SIGHUP (the cache is
kept); changes to the config file itself (keys, key groups, policies, the distribution list) need a restart.
SIGINT/SIGTERM stop.

Without --config: the store and the CloudFront API on http://127.0.0.1:9000 (region us-east-1, credentials
FRONTGATEEXAMPLEKEY / frontgate/EXAMPLE/secret/key/do-not-use), the edge on http://127.0.0.1:8080 with its admin
listener on http://127.0.0.1:9090, data under ./.frontgate (see docs/control-api.md).`;

export const serveCommand: Command = {
  name: 'serve',
  usage,
  run: async (args, io) => {
    let values: { config?: string; 'log-level'?: string };
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          config: { type: 'string', short: 'c' },
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
    const logger = createJsonLogger(io.stderr, { level: level as 'info' });
    const running = await startFrontgate(config, { logger });
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
