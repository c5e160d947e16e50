// `frontgate demo` (what `npm start` runs): the founding story on embedded defaults, in your browser.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DemoNameMode } from '../demo/demo-names.ts';
import { startDemo } from '../demo/start-demo.ts';
import { createJsonLogger } from '../log/logger.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

const usage = `Usage: frontgate demo [--names localhost|story] [--data-dir DIR] [--log-level debug|info|warn|error] [--debug]

Runs the founding story: the store seeded with private media under videos/course-1/, the edge serving
distribution E1JUNLOGDEV (signed cookies, before the fix), the story's backend and a demo page whose
four steps reproduce the three CORS failures and the fix, each drawn stage by stage. The web console on the
edge's admin listener (printed below) shows the configuration, every edge request, the cache and invalidations.

  --names localhost  (default) names under junlog.localhost: browsers resolve *.localhost to this machine
  --names story      the story's own names (local.junlog.dev, dev.cloudfront.junlog.dev): start Chromium
                     with --host-resolver-rules="MAP *.junlog.dev 127.0.0.1"
  --data-dir DIR     where the demo keeps its CA, keys, config and store (default ./.frontgate)
  --log-level LEVEL  JSON log lines on stderr from this level up (default warn)
  --debug            stack traces for fatal errors

HTTPS uses a local certificate authority created on first use (DIR/ca/ca.pem). Trust it in your browser,
or start Chromium with --ignore-certificate-errors and a fresh --user-data-dir (printed below).`;

function browserCommand(mode: DemoNameMode, pageUrl: string): string {
  const rules = mode === 'story' ? ` --host-resolver-rules="MAP *.junlog.dev 127.0.0.1"` : '';
  return `chromium --user-data-dir="$(mktemp -d)" --ignore-certificate-errors${rules} ${pageUrl}`;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the founding story (signed cookies, three CORS failures, the fix) in your browser',
  usage,
  run: async (args, io) => {
    let values: { names?: string; 'data-dir'?: string; 'log-level'?: string };
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          names: { type: 'string' },
          'data-dir': { type: 'string' },
          'log-level': { type: 'string' },
          debug: { type: 'boolean' },
        },
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const mode = values.names ?? 'localhost';
    if (mode !== 'localhost' && mode !== 'story') throw new UsageError(`--names must be localhost or story`);
    const level = values['log-level'] ?? 'warn';
    if (!['debug', 'info', 'warn', 'error'].includes(level))
      throw new UsageError(`--log-level must be debug, info, warn or error, got ${JSON.stringify(level)}`);
    const logger = createJsonLogger(io.stderr, { level: level as 'warn' });
    const demo = await startDemo({
      mode,
      dataDir: resolve(io.cwd, values['data-dir'] ?? '.frontgate'),
      logger,
    });
    const pageUrl = `${demo.names.pageOrigin}/`;
    io.stdout(
      [
        'Frontgate demo: the founding story is running.',
        '',
        `  Page (open this):   ${pageUrl}`,
        `  CDN (edge):         ${demo.names.cdnOrigin}   distribution E1JUNLOGDEV`,
        `  Backend:            ${demo.names.backendBeforeOrigin} (before the fix), ${demo.names.backendAfterOrigin} (after)`,
        `  Console:            ${demo.consoleUrl}   (every edge request, stage by stage)`,
        `  S3 API:             ${demo.frontgate.s3Url}`,
        `  Local CA:           ${demo.prepared.caCertPath}`,
        '',
        'Open the page in Chromium with:',
        `  ${browserCommand(mode, pageUrl)}`,
        '',
        'Then click the four steps, in any order. Ctrl-C stops.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) =>
      io.shutdownSignal.addEventListener('abort', () => resolve(), { once: true }),
    );
    await demo.close();
    return 0;
  },
};
