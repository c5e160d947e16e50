// `frontgate invalidate`: creates an edge cache invalidation through the edge's admin listener and prints
// it the way `aws cloudfront create-invalidation` does ({ "Location", "Invalidation" }); `--wait` polls
// until the invalidation is Completed (like `aws cloudfront wait invalidation-completed`).

import { parseArgs } from 'node:util';
import { adminAuthorization, adminBase, DEFAULT_ADMIN_URL, resolveAdminAddress } from './admin-address.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

const usage = `Usage: frontgate invalidate --distribution-id ID --paths PATH [PATH ...] [--caller-reference REF]
                            [--admin URL | -c|--config FILE] [--wait]

Removes cached objects from the running edge: each PATH starts with "/", may end with "*" (e.g. '/*',
'/videos/*', '/index.html'). Quote paths with "*" so the shell leaves them alone. The edge's admin listener
is --admin, else FRONTGATE_ADMIN_URL, else edge.admin.listen of --config FILE (or ./frontgate.json), else
${DEFAULT_ADMIN_URL}; its token (required beyond loopback) is FRONTGATE_ADMIN_TOKEN, else edge.admin.token of that
config file. Prints the invalidation as JSON, as aws cloudfront create-invalidation does; --wait then
polls until it is Completed (up to 60 s) and prints it again, as aws cloudfront get-invalidation does.
Exit status: 0 created, 1 edge unreachable, unknown distribution or still in progress, 2 refused (bad path).`;

type InvalidationJson = { Invalidation: { Id: string; Status: string } };

export const invalidateCommand: Command = {
  name: 'invalidate',
  usage,
  run: async (args, io) => {
    let values: {
      'distribution-id'?: string;
      paths?: string[];
      'caller-reference'?: string;
      admin?: string;
      config?: string;
      wait?: boolean;
    };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: [...args],
        options: {
          'distribution-id': { type: 'string' },
          paths: { type: 'string', multiple: true },
          'caller-reference': { type: 'string' },
          admin: { type: 'string' },
          config: { type: 'string', short: 'c' },
          wait: { type: 'boolean' },
          debug: { type: 'boolean' },
        },
        allowPositionals: true,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const distributionId = values['distribution-id'];
    if (!distributionId) throw new UsageError('--distribution-id is required');
    // `--paths /a /b` as the AWS CLI takes it: the words after --paths arrive as positionals.
    const paths = [...(values.paths ?? []), ...positionals];
    if (paths.length === 0) throw new UsageError('--paths needs at least one path');
    const address = resolveAdminAddress(values, io.env, io.cwd);
    const admin = address.url;
    const base = adminBase(admin);
    let response: Response;
    try {
      response = await fetch(new URL('invalidations', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...adminAuthorization(address) },
        body: JSON.stringify({ distributionId, paths, callerReference: values['caller-reference'] }),
      });
    } catch (error) {
      io.stderr(
        `frontgate invalidate: cannot reach the edge admin listener at ${admin}: ${(error as Error).message}\n`,
      );
      return 1;
    }
    const text = await response.text();
    if (response.status !== 201) {
      const detail = (JSON.parse(text) as { Error?: { Code?: string; Message?: string } }).Error;
      io.stderr(`frontgate invalidate: ${detail?.Code ?? response.status}: ${detail?.Message ?? text}\n`);
      return response.status === 404 ? 1 : 2;
    }
    const created = JSON.parse(text) as InvalidationJson & { Location: string };
    io.stdout(`${JSON.stringify(created, null, 4)}\n`);
    if (!values.wait) return 0;
    const url = new URL(
      `invalidations/${encodeURIComponent(distributionId)}/${encodeURIComponent(created.Invalidation.Id)}`,
      base,
    );
    for (let attempt = 0; attempt < 120; attempt++) {
      const status = (await (
        await fetch(url, { headers: adminAuthorization(address) })
      ).json()) as InvalidationJson;
      if (status.Invalidation.Status === 'Completed') {
        io.stdout(`${JSON.stringify(status, null, 4)}\n`);
        return 0;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    io.stderr(`frontgate invalidate: ${created.Invalidation.Id} is still in progress\n`);
    return 1;
  },
};
