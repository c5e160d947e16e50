// A scripted HTTP origin for edge tests: records every request it gets (raw target, headers) and answers
// with what the test's script returns, so tests can count origin hits and inspect forwarded headers.

import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';

export type OriginRequestRecord = {
  readonly method: string;
  readonly rawTarget: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The client's port: equal ports on two requests mean one reused (keep-alive) connection. */
  readonly remotePort: number;
  readonly secure: boolean;
};

export type ScriptedResponse = {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Buffer | (() => Readable);
  /** Wait before sending the status line (timeouts, collapsing). */
  readonly delayMs?: number;
  /** Destroy the socket instead of answering. */
  readonly hangUp?: boolean;
};

export type ScriptedOrigin = {
  readonly url: string;
  readonly port: number;
  readonly requests: OriginRequestRecord[];
  readonly count: (rawTargetPrefix?: string) => number;
  readonly close: () => Promise<void>;
};

export async function startScriptedOrigin(
  script: (request: OriginRequestRecord) => ScriptedResponse | Promise<ScriptedResponse>,
  options: { readonly tls?: { readonly cert: string; readonly key: string } } = {},
): Promise<ScriptedOrigin> {
  const requests: OriginRequestRecord[] = [];
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const record: OriginRequestRecord = {
      method: req.method ?? 'GET',
      rawTarget: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks),
      remotePort: req.socket.remotePort ?? 0,
      secure: options.tls !== undefined,
    };
    requests.push(record);
    const answer = await script(record);
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (answer.hangUp) {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers ?? {}))
      headers[name] = typeof value === 'string' ? value : [...value];
    const body = answer.body;
    if (typeof body === 'function') {
      res.writeHead(answer.status ?? 200, headers);
      body().pipe(res);
      return;
    }
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body);
    if (headers['content-length'] === undefined && headers['Content-Length'] === undefined)
      headers['content-length'] = String(bytes.length);
    res.writeHead(answer.status ?? 200, headers);
    res.end(req.method === 'HEAD' ? undefined : bytes);
  };
  const server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    count: (prefix) => requests.filter((r) => prefix === undefined || r.rawTarget.startsWith(prefix)).length,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
