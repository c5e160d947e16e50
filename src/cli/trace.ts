// `frontgate trace ID [--admin URL] [--json]`: fetches one edge trace from the admin listener and prints its
// stages (the same record `frontgate doctor` reads to explain a request).

import { parseArgs } from 'node:util';
import { request } from 'undici';
import { adminAuthorization, adminBase, DEFAULT_ADMIN_URL, resolveAdminAddress } from './admin-address.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

const usage = `Usage: frontgate trace ID [--admin URL | -c|--config FILE] [--json]

Prints the stages of the edge request whose response carried x-frontgate-trace-id: ID
(ask for one with the request header x-frontgate-trace: 1). The admin listener is --admin, else
FRONTGATE_ADMIN_URL, else edge.admin.listen of --config FILE (or ./frontgate.json), else ${DEFAULT_ADMIN_URL};
its token (required beyond loopback) is FRONTGATE_ADMIN_TOKEN, else edge.admin.token of that config file.
--json prints the trace record as the admin listener serves it. Exit status 1 when the trace is unknown.`;

function describeEntry(entry: Record<string, unknown>): string {
  const { stage, ...rest } = entry;
  const parts = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `  ${String(stage).padEnd(20)} ${parts.join(' ')}`;
}

export const traceCommand: Command = {
  name: 'trace',
  usage,
  run: async (args, io) => {
    let values: { admin?: string; config?: string; json?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        // A trace id is url-safe base64 and may start with '-': it goes after '--' so it is not read as an option.
        args: [...args.filter((a) => a !== '--' && !isTraceId(a)), '--', ...args.filter(isTraceId)],
        options: {
          admin: { type: 'string' },
          config: { type: 'string', short: 'c' },
          json: { type: 'boolean' },
          debug: { type: 'boolean' },
        },
        allowPositionals: true,
        strict: true,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const [id, extra] = positionals;
    if (id === undefined || extra !== undefined) throw new UsageError('expected exactly one trace ID');
    const address = resolveAdminAddress(values, io.env, io.cwd);
    const admin = address.url;
    const base = adminBase(admin);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(new URL(`traces/${encodeURIComponent(id)}`, base), {
        headers: adminAuthorization(address),
      });
    } catch (error) {
      io.stderr(
        `frontgate trace: cannot reach the edge admin listener at ${admin}: ${(error as Error).message}\n`,
      );
      return 1;
    }
    const text = await response.body.text();
    if (response.statusCode === 404) {
      io.stderr(`frontgate trace: no trace ${id} at ${admin} (traces are kept in a bounded ring)\n`);
      return 1;
    }
    if (response.statusCode !== 200) {
      io.stderr(`frontgate trace: ${admin} answered ${response.statusCode}\n`);
      return 1;
    }
    if (values.json) {
      io.stdout(`${text.trimEnd()}\n`);
      return 0;
    }
    const trace = JSON.parse(text) as {
      id: string;
      method?: string;
      rawTarget?: string;
      startedAt?: string;
      entries?: Record<string, unknown>[];
    };
    io.stdout(
      `${[`trace ${trace.id}: ${trace.method ?? ''} ${trace.rawTarget ?? ''} at ${trace.startedAt ?? ''}`, ...(trace.entries ?? []).map(describeEntry)].join('\n')}\n`,
    );
    return 0;
  },
};

function isTraceId(arg: string): boolean {
  return /^[A-Za-z0-9_-]{40,}={0,2}$/.test(arg);
}
