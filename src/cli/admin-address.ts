// Where the running edge's admin listener is, for the commands that talk to it (invalidate, trace, doctor):
// the --admin flag, else FRONTGATE_ADMIN_URL, else `edge.admin.listen` of the config file (--config FILE, or
// ./frontgate.json when it exists), else the default listener. The bearer token it may require:
// FRONTGATE_ADMIN_TOKEN, else `edge.admin.token` of that config file.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminUrlFromConfigJson } from '../edge/index.ts';
import { UsageError } from './command.ts';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:9090';

/** Where the admin URL came from: an explicit choice (flag, environment) or the config file / default. */
export type AdminAddress = {
  readonly url: string;
  readonly source: 'flag' | 'env' | 'config' | 'default';
  /** Sent as `Authorization: Bearer <token>` (an admin listener beyond loopback requires it). */
  readonly token?: string;
};

/** The headers that carry the admin token, when there is one. */
export function adminAuthorization(address: AdminAddress): Record<string, string> {
  return address.token === undefined ? {} : { authorization: `Bearer ${address.token}` };
}

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
  const token = env.FRONTGATE_ADMIN_TOKEN || adminTokenOfConfig(flags.config, cwd);
  return token ? { ...chosen, token } : chosen;
}

function readConfigJson(config: string | undefined, cwd: string): unknown {
  const file = resolve(cwd, config ?? 'frontgate.json');
  if (config === undefined && !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The admin listener a config file names; undefined without --config and without ./frontgate.json. */
export function adminAddressOfConfig(config: string | undefined, cwd: string): AdminAddress | undefined {
  const raw = readConfigJson(config, cwd);
  if (raw === undefined) return undefined;
  try {
    const url = adminUrlFromConfigJson(raw);
    if (url === undefined) return undefined;
    const token = adminTokenOf(raw);
    return { url, source: 'config', ...(token === undefined ? {} : { token }) };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `edge.admin.token` of the config file, when it sets one. */
function adminTokenOfConfig(config: string | undefined, cwd: string): string | undefined {
  return adminTokenOf(readConfigJson(config, cwd));
}

function adminTokenOf(raw: unknown): string | undefined {
  const token = (raw as { edge?: { admin?: { token?: unknown } } } | null)?.edge?.admin?.token;
  return typeof token === 'string' ? token : undefined;
}

/** `base` with one trailing slash, so relative admin paths resolve under it. */
export function adminBase(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
