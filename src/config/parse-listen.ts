// Parses a listener address of the config file (`edge.listen`, `edge.tls.listen`, `edge.admin.listen`).
// It lives with the config component so that every section's listener can share the one syntax.

import { ConfigError } from './config-error.ts';

export type ListenAddress = { readonly host: string; readonly port: number };

/** `host:port`, `[v6]:port` or a bare port number. */
export function parseListen(value: unknown, path: string): ListenAddress {
  if (typeof value === 'number') value = `127.0.0.1:${value}`;
  if (typeof value !== 'string') throw new ConfigError(path, 'must be "host:port"');
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = match === null ? Number.NaN : Number(match[3]);
  if (match === null || port > 65535)
    throw new ConfigError(path, `"${value}" is not "host:port" (port 0-65535)`);
  return Object.freeze({ host: match[1] ?? (match[2] === '' ? '0.0.0.0' : match[2]), port });
}
