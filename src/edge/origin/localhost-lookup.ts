// Host name resolution for origin connections: `localhost` and every name under `.localhost` are the loopback
// address without asking DNS (RFC 6761 §6.3, as browsers do), so a virtual-hosted S3 endpoint on this
// machine (`<bucket>.s3.localhost:7480`) is reachable without wildcard DNS. Everything else: `dns.lookup`.

import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

export function lookupOriginHost(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  if (!isLocalhostName(hostname)) {
    lookup(
      hostname,
      options,
      callback as (e: NodeJS.ErrnoException | null, a: string | LookupAddress[]) => void,
    );
    return;
  }
  const address = options.family === 6 ? '::1' : '127.0.0.1';
  const family = options.family === 6 ? 6 : 4;
  if (options.all === true) callback(null, [{ address, family }]);
  else callback(null, address, family);
}
