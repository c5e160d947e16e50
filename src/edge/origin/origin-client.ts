// HTTP/1.1 to origins over pooled keep-alive connections (undici `Agent`, one per connection-timeout value),
// with CloudFront's timeouts: connection timeout and attempts, read (response) timeout (AWS: "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)").
// Failures come back as an `OriginFailure` value: `connect` → 502, `timeout` → 504. Names under `.localhost`
// are the loopback address (localhost-lookup.ts).

import type { Readable } from 'node:stream';
import { Agent } from 'undici';
import type { OriginRequest } from './build-origin-request.ts';
import { lookupOriginHost } from './localhost-lookup.ts';

export type OriginResponse = {
  readonly status: number;
  /** Lower-cased names, origin order, repeated headers (Set-Cookie) as separate pairs. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Readable;
};

export type OriginFailure = { readonly kind: 'connect' | 'timeout' | 'aborted'; readonly message: string };

export type OriginCallOptions = {
  readonly connectionTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly connectionAttempts: number;
  /** The origin's OriginKeepaliveTimeout: how long an idle pooled connection is kept. */
  readonly keepAliveTimeoutMs?: number;
  readonly signal: AbortSignal;
  readonly body?: Readable;
};

export type OriginClient = {
  readonly request: (
    request: OriginRequest,
    options: OriginCallOptions,
  ) => Promise<{ kind: 'response'; response: OriginResponse } | { kind: 'failure'; failure: OriginFailure }>;
  readonly close: () => Promise<void>;
};

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function classify(error: unknown, signal: AbortSignal): OriginFailure {
  const err = error as { code?: string; message?: string; name?: string };
  if (signal.aborted) return { kind: 'aborted', message: 'viewer went away' };
  if (err.code && TIMEOUT_CODES.has(err.code)) return { kind: 'timeout', message: err.message ?? err.code };
  return { kind: 'connect', message: err.message ?? String(error) };
}

export function createOriginClient(
  options: {
    keepAliveTimeoutMs?: number;
    /** Extra trusted roots for HTTPS origins (PEM), e.g. a local CA; the system roots otherwise. */
    ca?: string | readonly string[];
  } = {},
): OriginClient {
  // One pool per (connection timeout, keep-alive timeout): undici sets both per agent.
  const agents = new Map<string, Agent>();
  const agentFor = (connectTimeoutMs: number, keepAliveTimeoutMs: number): Agent => {
    const key = `${connectTimeoutMs}|${keepAliveTimeoutMs}`;
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: {
          timeout: connectTimeoutMs,
          lookup: lookupOriginHost,
          ...(options.ca === undefined ? {} : { ca: options.ca as string | string[] }),
        },
        keepAliveTimeout: keepAliveTimeoutMs,
        keepAliveMaxTimeout: Math.max(keepAliveTimeoutMs, 1000),
        connections: 64,
      });
      agents.set(key, agent);
    }
    return agent;
  };
  return {
    request: async (request, call) => {
      const agent = agentFor(
        call.connectionTimeoutMs,
        call.keepAliveTimeoutMs ?? options.keepAliveTimeoutMs ?? 5000,
      );
      const headers: string[] = [];
      for (const [n, v] of request.headers) headers.push(n, v);
      // Only idempotent requests without a body are retried, and only when the connection failed (AWS: "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)").
      const attempts = call.body === undefined ? Math.max(1, call.connectionAttempts) : 1;
      let last: OriginFailure = { kind: 'connect', message: 'no attempt' };
      for (let attempt = 0; attempt < attempts; attempt++) {
        try {
          const res = await agent.request({
            origin: request.connectOrigin,
            path: request.path,
            method: request.method as 'GET',
            headers,
            body: call.body,
            signal: call.signal,
            headersTimeout: call.readTimeoutMs,
            bodyTimeout: call.readTimeoutMs,
          });
          const pairs: [string, string][] = [];
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            if (Array.isArray(value)) for (const v of value) pairs.push([name, v]);
            else pairs.push([name, String(value)]);
          }
          return { kind: 'response', response: { status: res.statusCode, headers: pairs, body: res.body } };
        } catch (error) {
          last = classify(error, call.signal);
          // Connection failures and connection timeouts are retried (ConnectionAttempts); a read timeout is not.
          const connectTimeout = (error as { code?: string }).code === 'UND_ERR_CONNECT_TIMEOUT';
          if (last.kind !== 'connect' && !connectTimeout) break;
        }
      }
      return { kind: 'failure', failure: last };
    },
    close: async () => {
      await Promise.all([...agents.values()].map((a) => a.close()));
      agents.clear();
    },
  };
}
