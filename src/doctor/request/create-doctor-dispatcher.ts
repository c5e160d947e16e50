// The HTTP client the doctor replays browser requests with: an undici Agent whose connector honours curl-style
// `--resolve HOST:PORT:ADDRESS` overrides (wildcards like `*.junlog.dev` allowed, port `*` or omitted = any),
// trusts `--cacert` roots or skips verification with `--insecure`, and keeps SNI = the URL's host name.

import { Agent, buildConnector } from 'undici';

export type ResolveRule = { readonly host: string; readonly port?: number; readonly address: string };

/** Parses `HOST:PORT:ADDRESS` (curl) or `HOST:ADDRESS`; IPv6 addresses may be bracketed. Throws on bad input. */
export function parseResolveRule(text: string): ResolveRule {
  const match = /^([^:]+):(?:(\d+|\*):)?(\[[^\]]+\]|[^:]+|[0-9a-fA-F:]+)$/.exec(text);
  if (match === null) throw new TypeError(`--resolve "${text}": expected HOST:PORT:ADDRESS`);
  const [, host, port, address] = match;
  return {
    host: host.toLowerCase(),
    port: port === undefined || port === '*' ? undefined : Number(port),
    address: address.replace(/^\[|\]$/g, ''),
  };
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

/** The address to connect to for `host:port`, or undefined to use DNS. */
export function resolveAddress(
  rules: readonly ResolveRule[],
  host: string,
  port: number,
): string | undefined {
  const lower = host.toLowerCase();
  return rules.find((r) => hostMatches(r.host, lower) && (r.port === undefined || r.port === port))?.address;
}

export function createDoctorDispatcher(options: {
  readonly resolve: readonly ResolveRule[];
  /** PEM roots trusted in addition to none (replacing the default store, as curl --cacert does). */
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly connectTimeoutMs?: number;
}): Agent {
  const base = buildConnector({
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    rejectUnauthorized: options.insecure !== true,
    timeout: options.connectTimeoutMs ?? 10_000,
  });
  return new Agent({
    connect: (connectOptions, callback) => {
      const defaultPort = connectOptions.protocol === 'https:' ? 443 : 80;
      const port = connectOptions.port === '' ? defaultPort : Number(connectOptions.port);
      const address = resolveAddress(options.resolve, connectOptions.hostname, port);
      if (address === undefined) {
        base(connectOptions, callback);
        return;
      }
      // Connect to the mapped address but keep the name for SNI and certificate checks.
      base(
        {
          ...connectOptions,
          hostname: address,
          servername: connectOptions.servername ?? connectOptions.hostname,
        },
        callback,
      );
    },
  });
}
