// Performs one HTTP exchange the way the doctor needs it: through the doctor's dispatcher, with a timeout,
// keeping a decoded preview of the body, and — when the edge answered with a trace id — fetching that trace
// from the Frontgate admin listener. Transport failures become values, not exceptions.

import { brotliDecompressSync, constants as zlibConstants, gunzipSync, inflateSync } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { getHeader } from '../browser/header-list.ts';
import type { HeaderRecord } from '../browser/header-list.ts';
import type { ExchangeOutcome, HttpExchange } from '../diagnosis/doctor-observation.ts';
import { readEdgeTrace } from '../diagnosis/edge-trace-view.ts';

export type ExchangeRunnerOptions = {
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  /** Fetch the edge's trace when the response names one. */
  readonly wantTrace: boolean;
  /** The admin listener; else taken from the response's `x-frontgate-admin`. */
  readonly adminUrl: string | undefined;
  /** The admin listener when neither `adminUrl` nor the response names one (e.g. from a config file). */
  readonly fallbackAdminUrl?: string | undefined;
  /** Bearer token for the admin listener, sent only when the trace comes from `adminUrl` or `fallbackAdminUrl`. */
  readonly adminToken?: string | undefined;
};

export type ExchangeRunner = (
  target: string,
  verb: string,
  headers: [string, string][],
) => Promise<ExchangeOutcome>;

const BODY_PREVIEW_BYTES = 8192;

export function createExchangeRunner(options: ExchangeRunnerOptions): ExchangeRunner {
  const { dispatcher, timeoutMs, wantTrace } = options;
  // A response may name any admin URL: the token goes only to the listeners the user named.
  const trusted = [options.adminUrl, options.fallbackAdminUrl].flatMap((u) =>
    u !== undefined && URL.canParse(u) ? [new URL(u).origin] : [],
  );
  const tokenFor = (admin: string): Record<string, string> =>
    options.adminToken !== undefined && URL.canParse(admin) && trusted.includes(new URL(admin).origin)
      ? { authorization: `Bearer ${options.adminToken}` }
      : {};
  async function fetchTrace(
    headers: HeaderRecord,
  ): Promise<Pick<HttpExchange, 'traceId' | 'trace' | 'traceError' | 'adminUrl'>> {
    const traceId = getHeader(headers, 'x-frontgate-trace-id');
    if (traceId === undefined) return {};
    const admin = options.adminUrl ?? getHeader(headers, 'x-frontgate-admin') ?? options.fallbackAdminUrl;
    if (admin === undefined) return { traceId, traceError: 'no admin URL (pass --admin URL)' };
    try {
      const response = await request(
        new URL(`traces/${encodeURIComponent(traceId)}`, admin.endsWith('/') ? admin : `${admin}/`),
        {
          dispatcher,
          headers: tokenFor(admin),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
      );
      const text = await response.body.text();
      if (response.statusCode !== 200)
        return { traceId, traceError: `admin answered ${response.statusCode}` };
      return { traceId, trace: readEdgeTrace(JSON.parse(text)), adminUrl: admin };
    } catch (error) {
      return { traceId, traceError: describeTransportError(error) };
    }
  }

  return async (target: string, verb: string, headers: [string, string][]): Promise<ExchangeOutcome> => {
    try {
      const response = await request(target, {
        method: verb as Dispatcher.HttpMethod,
        headers: Object.fromEntries(groupHeaders(headers)),
        dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      let bodyText = '';
      const responseHeaders = response.headers as HeaderRecord;
      if (verb === 'HEAD') await response.body.dump();
      else
        bodyText = decodePreview(
          await readPreview(response.body),
          getHeader(responseHeaders, 'content-encoding'),
        );
      const traced = wantTrace ? await fetchTrace(responseHeaders) : {};
      return {
        kind: 'response',
        exchange: {
          url: target,
          method: verb,
          requestHeaders: headers,
          status: response.statusCode,
          headers: responseHeaders,
          bodyText,
          ...traced,
        },
      };
    } catch (error) {
      return { kind: 'transport-error', url: target, message: describeTransportError(error) };
    }
  };
}

/** Decompresses a (possibly truncated) preview; an encoding we cannot read leaves a note instead of bytes. */
function decodePreview(preview: Buffer, contentEncoding: string | undefined): string {
  const flush = { finishFlush: zlibConstants.Z_SYNC_FLUSH };
  try {
    switch (contentEncoding?.trim().toLowerCase()) {
      case undefined:
      case '':
      case 'identity':
        return preview.toString('utf8');
      case 'gzip':
        return gunzipSync(preview, flush).toString('utf8');
      case 'deflate':
        return inflateSync(preview, flush).toString('utf8');
      case 'br':
        return brotliDecompressSync(preview, { finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH }).toString(
          'utf8',
        );
      default:
        return `(body encoded with ${contentEncoding})`;
    }
  } catch {
    return `(body encoded with ${contentEncoding})`;
  }
}

async function readPreview(body: AsyncIterable<Uint8Array> & { destroy: () => unknown }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.byteLength;
    if (size >= BODY_PREVIEW_BYTES) break;
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, BODY_PREVIEW_BYTES);
}

function describeTransportError(error: unknown): string {
  const e = error as Error & { code?: string; cause?: Error & { code?: string } };
  const cause = e.cause ?? e;
  return `${cause.code ? `${cause.code}: ` : ''}${cause.message}`;
}

export function groupHeaders(headers: readonly (readonly [string, string])[]): Map<string, string> {
  const grouped = new Map<string, string>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const prior = grouped.get(key);
    grouped.set(key, prior === undefined ? value : `${prior}, ${value}`);
  }
  return grouped;
}
