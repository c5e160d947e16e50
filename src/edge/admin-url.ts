// The URL a client uses to reach the admin listener bound to `edge.admin.listen`: an unspecified bind
// address (0.0.0.0, ::) is reached on loopback. Shared by the listener and `frontgate trace`/`doctor`.

import type { ListenAddress } from './config/index.ts';
import { DEFAULT_EDGE_ADMIN_LISTEN, parseListen } from './config/index.ts';

export function adminUrlFor(address: ListenAddress): string {
  const host =
    address.host === '0.0.0.0' || address.host === ''
      ? '127.0.0.1'
      : address.host === '::'
        ? '[::1]'
        : address.host.includes(':')
          ? `[${address.host}]`
          : address.host;
  return `http://${host}:${address.port}`;
}

/**
 * The admin URL a Frontgate config file (parsed JSON) sets with `edge.admin.listen`, the default
 * `127.0.0.1:9090` when the file has an `edge` section without it, undefined without an `edge` section.
 */
export function adminUrlFromConfigJson(raw: unknown): string | undefined {
  const edge = (raw as { edge?: { admin?: { listen?: unknown } } } | null)?.edge;
  if (edge === undefined || edge === null) return undefined;
  return adminUrlFor(parseListen(edge.admin?.listen ?? DEFAULT_EDGE_ADMIN_LISTEN, 'edge.admin.listen'));
}
