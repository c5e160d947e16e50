// The edge's listeners: plain HTTP (HTTP/1.1) and HTTPS serving HTTP/1.1 and HTTP/2 on one port
// (`http2.createSecureServer({ allowHTTP1: true })`). Adapts node's request/response objects to the
// pipeline's ViewerRequest and ViewerSink; nothing CloudFront-specific happens here.

import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createSecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { once } from 'node:events';
import { isHeaderFieldName, isHeaderFieldValue } from '../http/index.ts';
import type { HeaderPairs } from './edge-response.ts';
import { http1HeadBytes, http1ResponseForHttp2, MAX_REQUEST_HEAD_BYTES } from './request-head-limit.ts';
import type { ViewerSink } from './stages/send.ts';
import type { ViewerRequest } from './viewer-request.ts';

export type ListenAddress = { readonly host: string; readonly port: number };

export type EdgeListener = {
  readonly url: string;
  readonly port: number;
  readonly close: () => Promise<void>;
};

export type RequestHandler = (viewer: ViewerRequest, sink: ViewerSink) => Promise<void>;

export type ListenerOptions = {
  /** Raw HTTP/1.1 answer to a request over the size limit (the 413 page); absent → node's default 431. */
  readonly requestTooLarge?: () => Buffer;
  /** Told about each response header dropped because it cannot be written (for the log). */
  readonly onHeaderDropped?: (name: string) => void;
};

/** Requests whose head overflows the parser get CloudFront's 413 page and a closed connection. */
function answerOversizedRequests(
  server: {
    on: (
      event: 'clientError',
      listener: (error: Error & { code?: string }, socket: Socket) => void,
    ) => unknown;
  },
  options: ListenerOptions,
): void {
  if (!options.requestTooLarge) return;
  const render = options.requestTooLarge;
  server.on('clientError', (error, socket) => {
    if (error.code === 'HPE_HEADER_OVERFLOW' && socket.writable) {
      socket.end(render());
      return;
    }
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
}

const H2_FORBIDDEN: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
]);

function clientIpOf(socket: Socket | undefined): string {
  const ip = socket?.remoteAddress ?? '0.0.0.0';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** More than one `Host` field in an HTTP/1.x head (`rawHeaders` keeps every field; `headers` only the first). */
function hasRepeatedHost(rawHeaders: readonly string[]): boolean {
  let seen = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length === 4 && name.toLowerCase() === 'host') {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}

function toViewerRequest(
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
  scheme: 'http' | 'https',
  nowMs: () => number,
): ViewerRequest {
  let headers = req.headers as Record<string, string | string[] | undefined>;
  // HTTP/2: a `Host` that names another authority than `:authority` makes the request ambiguous like two
  // HTTP/1.1 Hosts (RFC 9113 §8.3.1); a stream not ended with its HEADERS frame carries a body even without
  // Content-Length (docs/decisions/edge-runtime-duplicate-host.md).
  let conflictingAuthority = false;
  let bodyFollows = false;
  if (req.httpVersion === '2.0') {
    headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!name.startsWith(':')) headers[name] = value;
    const authority = req.headers[':authority'];
    if (headers.host === undefined && typeof authority === 'string') headers.host = authority;
    else if (typeof authority === 'string' && String(headers.host).toLowerCase() !== authority.toLowerCase())
      conflictingAuthority = true;
    bodyFollows = (req as Http2ServerRequest).stream.endAfterHeaders === false;
  }
  const socket = (req as IncomingMessage).socket as Socket | undefined;
  // The abort signal is made on first use: a cache hit never asks for it, and an AbortController plus a
  // `close` listener per request was a measurable share of the hit path (docs/benchmarks.md).
  let controller: AbortController | undefined;
  const signal = (): AbortSignal => {
    if (controller === undefined) {
      const made = new AbortController();
      controller = made;
      if (res.destroyed || (res as ServerResponse).closed === true) {
        if (!res.writableFinished) made.abort();
      } else
        res.on('close', () => {
          if (!res.writableFinished) made.abort();
        });
    }
    return controller.signal;
  };
  return {
    method: req.method ?? 'GET',
    rawTarget: req.url ?? '/',
    headers,
    scheme,
    httpVersion: req.httpVersion,
    clientIp: clientIpOf(socket),
    clientPort: socket?.remotePort ?? 0,
    body: req as IncomingMessage,
    get signal() {
      return signal();
    },
    receivedAtMs: nowMs(),
    ...((req.httpVersion !== '2.0' && hasRepeatedHost(req.rawHeaders)) || conflictingAuthority
      ? { repeatedHost: true }
      : {}),
    ...(bodyFollows ? { bodyFollows: true } : {}),
  };
}

/**
 * The pairs node can write. A value holding CR/LF (an origin's, or one built from stored configuration) would
 * make node throw and the viewer lose the connection; the field is dropped instead and reported.
 */
function writableHeaders(headers: HeaderPairs, onDropped: ((name: string) => void) | undefined): HeaderPairs {
  if (headers.every(([name, value]) => isHeaderFieldName(name) && isHeaderFieldValue(value))) return headers;
  return headers.filter(([name, value]) => {
    if (isHeaderFieldName(name) && isHeaderFieldValue(value)) return true;
    onDropped?.(name);
    return false;
  });
}

function toSink(
  res: ServerResponse | Http2ServerResponse,
  http2: boolean,
  onHeaderDropped: ((name: string) => void) | undefined,
): ViewerSink {
  return {
    writeHead: (status: number, pairs: HeaderPairs) => {
      const headers = writableHeaders(pairs, onHeaderDropped);
      if (http2) {
        const object: Record<string, string | string[]> = {};
        for (const [name, value] of headers) {
          const lower = name.toLowerCase();
          if (H2_FORBIDDEN.has(lower)) continue;
          const existing = object[lower];
          if (existing === undefined) object[lower] = value;
          else object[lower] = Array.isArray(existing) ? [...existing, value] : [existing, value];
        }
        (res as Http2ServerResponse).writeHead(status, object);
      } else {
        const flat: string[] = [];
        for (const [name, value] of headers) flat.push(name, value);
        (res as ServerResponse).writeHead(status, flat);
      }
    },
    write: (chunk) => (res as ServerResponse).write(chunk),
    drained: () =>
      new Promise<void>((resolve) => {
        if (res.destroyed || (res as ServerResponse).writableEnded) return resolve();
        // Plain listeners removed afterwards: `events.once` would leave the losing one (and an error listener) behind.
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      }),
    end: (last) => {
      if (!res.destroyed) (res as ServerResponse).end(last);
    },
    closed: () => res.destroyed,
    connection: () =>
      http2 ? undefined : (res as ServerResponse).shouldKeepAlive === false ? 'close' : 'keep-alive',
  };
}

function headTooLarge(req: Http2ServerRequest): boolean {
  return http1HeadBytes(req.method, req.url, req.rawHeaders) > MAX_REQUEST_HEAD_BYTES;
}

function urlOf(scheme: string, address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
}

export async function startHttpListener(
  address: ListenAddress,
  handler: RequestHandler,
  nowMs: () => number,
  onError: (error: unknown) => void,
  options: ListenerOptions = {},
): Promise<EdgeListener> {
  const maxHeaderSize = options.requestTooLarge ? MAX_REQUEST_HEAD_BYTES : undefined;
  const server = createHttpServer({ keepAliveTimeout: 5000, maxHeaderSize }, (req, res) => {
    handler(toViewerRequest(req, res, 'http', nowMs), toSink(res, false, options.onHeaderDropped)).catch(
      (error) => {
        onError(error);
        res.destroy();
      },
    );
  });
  answerOversizedRequests(server, options);
  server.listen(address.port, address.host);
  await once(server, 'listening');
  const bound = server.address() as AddressInfo;
  return {
    url: urlOf('http', bound),
    port: bound.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

export async function startHttpsListener(
  address: ListenAddress,
  tls: { readonly cert: string | Buffer; readonly key: string | Buffer },
  handler: RequestHandler,
  nowMs: () => number,
  onError: (error: unknown) => void,
  options: ListenerOptions = {},
): Promise<EdgeListener> {
  const sessions = new Set<Http2Session>();
  const sockets = new Set<Socket>();
  const maxHeaderSize = options.requestTooLarge ? MAX_REQUEST_HEAD_BYTES : undefined;
  // The HTTP/1.1 fallback's parser reads `maxHeaderSize` like http.createServer does (node's types omit it).
  const serverOptions = {
    cert: tls.cert,
    key: tls.key,
    allowHTTP1: true,
    maxHeaderSize,
  };
  const server = createSecureServer(serverOptions, (req, res) => {
    const isH2 = req.httpVersion === '2.0';
    if (isH2 && options.requestTooLarge && headTooLarge(req)) {
      // The same limit and page as on HTTP/1.1; only this stream ends, the connection's others go on.
      const page = http1ResponseForHttp2(options.requestTooLarge());
      (res as Http2ServerResponse).writeHead(page.status, page.headers);
      (res as Http2ServerResponse).end(page.body);
      return;
    }
    handler(toViewerRequest(req, res, 'https', nowMs), toSink(res, isH2, options.onHeaderDropped)).catch(
      (error) => {
        onError(error);
        if (isH2) (res as Http2ServerResponse).stream.close();
        else (res as unknown as ServerResponse).destroy();
      },
    );
  });
  answerOversizedRequests(server as unknown as Parameters<typeof answerOversizedRequests>[0], options);
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(address.port, address.host);
  await once(server, 'listening');
  const bound = server.address() as AddressInfo;
  return {
    url: urlOf('https', bound),
    port: bound.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
