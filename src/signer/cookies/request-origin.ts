// Learns the origin a browser used to reach the backend (scheme, host, port) from an IncomingMessage-like
// request: Host, TLS socket, and X-Forwarded-Proto/-Host only when the caller trusts its proxy.

export type RequestLike = {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** A TLS socket has `encrypted: true` (node:tls). */
  readonly socket?: object | null;
};

export type RequestOrigin = {
  readonly scheme: 'http' | 'https';
  /** Lower-case, without port or IPv6 brackets. */
  readonly hostname: string;
  /** As written in Host (`localhost:3001`). */
  readonly host: string;
  readonly port?: string;
  /** `http://localhost:3001`. */
  readonly origin: string;
};

export function readRequestOrigin(request: RequestLike, trustProxy: boolean): RequestOrigin {
  const forwardedHost = trustProxy ? firstValue(request.headers['x-forwarded-host']) : undefined;
  const host = (
    forwardedHost ??
    firstValue(request.headers.host) ??
    firstValue(request.headers[':authority']) ??
    ''
  ).trim();
  if (host === '')
    throw new TypeError(
      'the request has no Host header: cannot tell which host the browser will store the cookies for',
    );
  const forwardedProto = trustProxy
    ? firstValue(request.headers['x-forwarded-proto'])?.trim().toLowerCase()
    : undefined;
  const scheme =
    forwardedProto === 'https' || forwardedProto === 'http'
      ? forwardedProto
      : isEncrypted(request.socket)
        ? 'https'
        : 'http';
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  const plain = /^([^:]+)(?::(\d+))?$/.exec(host);
  const match = bracket ?? plain;
  if (match === null) throw new TypeError(`cannot parse Host header ${JSON.stringify(host)}`);
  const hostname = match[1].toLowerCase().replace(/\.$/, '');
  const port = match[2];
  return { scheme, hostname, host, ...(port === undefined ? {} : { port }), origin: `${scheme}://${host}` };
}

/** First element of a list header (`a, b` or an array), as proxies append. */
function firstValue(value: string | readonly string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : (value as string | undefined);
  if (text === undefined) return undefined;
  const first = text.split(',')[0].trim();
  return first === '' ? undefined : first;
}

function isEncrypted(socket: object | null | undefined): boolean {
  return socket !== null && socket !== undefined && (socket as { encrypted?: unknown }).encrypted === true;
}
