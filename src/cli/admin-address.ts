// Where the running edge's admin listener is, for the commands that talk to it (invalidate, trace, doctor):
// the --admin flag, else FRONTGATE_ADMIN_URL, else `edge.admin.listen` of the config file (--config FILE, or
// ./frontgate.json when it exists), else the default listener.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminUrlFromConfigJson } from '../edge/index.ts';
import { UsageError } from './command.ts';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:9090';

/** Where the admin URL came from: an explicit choice (flag, environment) or the config file / default. */
export type AdminAddress = { readonly url: string; readonly source: 'flag' | 'env' | 'config' | 'default' };

/** The admin listener the running edge uses: flag, environment, the config's edge.admin.listen, default. */
export function resolveAdminAddress(
  flags: { readonly admin?: string; readonly config?: string },
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): AdminAddress {
  const chosen: AdminAddress =
    flags.admin !== undefined
      ? { url: flags.admin, source: 'flag' }
      : env.FRONTGATE_ADMIN_URL
        ? { url: env.FRONTGATE_ADMIN_URL, source: 'env' }
        : (adminAddressOfConfig(flags.config, cwd) ?? { url: DEFAULT_ADMIN_URL, source: 'default' });
  if (!URL.canParse(chosen.url)) throw new UsageError(`admin URL "${chosen.url}" is not a URL`);
  return chosen;
}

/** The admin listener a config file names; undefined without --config and without ./frontgate.json. */
export function adminAddressOfConfig(config: string | undefined, cwd: string): AdminAddress | undefined {
  const file = resolve(cwd, config ?? 'frontgate.json');
  if (config === undefined && !existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const url = adminUrlFromConfigJson(raw);
    return url === undefined ? undefined : { url, source: 'config' };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `base` with one trailing slash, so relative admin paths resolve under it. */
export function adminBase(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
