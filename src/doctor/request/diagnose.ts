// Request mode: performs, for real, the requests a browser page would make — the backend call that sets the
// cookies, the CORS preflight when one is needed, the actual request with Origin and the cookies the browser
// would attach — asks a Frontgate edge for its trace, and explains the outcome (explainObservation).

import { brotliDecompressSync, constants as zlibConstants, gunzipSync, inflateSync } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { createBrowserCookieJar } from '../browser/browser-cookie-jar.ts';
import type { CredentialsMode } from '../browser/check-cors-response.ts';
import { getHeader, getHeaderValues } from '../browser/header-list.ts';
import type { HeaderRecord } from '../browser/header-list.ts';
import { isForbiddenRequestHeader, needsPreflight } from '../browser/needs-preflight.ts';
import { isSameSite, serializeOrigin } from '../browser/schemeful-site.ts';
import type { DoctorObservation, ExchangeOutcome, HttpExchange } from '../diagnosis/doctor-observation.ts';
import type { DoctorReport } from '../diagnosis/doctor-report.ts';
import { readEdgeTrace } from '../diagnosis/edge-trace-view.ts';
import { explainObservation } from '../diagnosis/explain-observation.ts';
import { createDoctorDispatcher } from './create-doctor-dispatcher.ts';
import type { ResolveRule } from './create-doctor-dispatcher.ts';

export type DiagnoseOptions = {
  readonly pageOrigin: string;
  readonly url: string;
  readonly method?: string;
  /** Headers the page script sets (forbidden ones are dropped, as the browser does). */
  readonly headers?: readonly (readonly [string, string])[];
  readonly credentials?: CredentialsMode;
  /** A URL whose response sets the cookies (the app's backend), fetched first. */
  readonly backendUrl?: string;
  /** How the page reaches the backend: a credentialed fetch() (default) or a top-level navigation. */
  readonly backendRequestKind?: 'fetch' | 'navigation';
  readonly resolve?: readonly ResolveRule[];
  readonly ca?: string;
  readonly insecure?: boolean;
  /** Frontgate admin listener (`http://127.0.0.1:9090`) to fetch traces from; else taken from `x-frontgate-admin`. */
  readonly adminUrl?: string;
  /** Ask a Frontgate edge for traces (`x-frontgate-trace: 1`). Default true. */
  readonly trace?: boolean;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** A dispatcher to use instead of building one from resolve/ca/insecure. */
  readonly dispatcher?: Dispatcher;
};

const BODY_PREVIEW_BYTES = 8192;

/** Chromium's Accept-Encoding: it matters, because cache policies key on the normalized value (spec §4.3). */
function browserAcceptEncoding(url: string): string {
  return url.startsWith('https:') ? 'gzip, deflate, br, zstd' : 'gzip, deflate';
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

function secFetchSite(pageOrigin: string, url: string): string {
  if (serializeOrigin(url) === pageOrigin) return 'same-origin';
  return isSameSite(pageOrigin, url) ? 'same-site' : 'cross-site';
}

export async function diagnose(options: DiagnoseOptions): Promise<DoctorReport> {
  const pageOrigin = serializeOrigin(options.pageOrigin);
  const url = new URL(options.url).href;
  const method = options.method ?? 'GET';
  const credentials = options.credentials ?? 'include';
  const authorHeaders = (options.headers ?? []).filter(([name]) => !isForbiddenRequestHeader(name));
  const wantTrace = options.trace ?? true;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const ownDispatcher =
    options.dispatcher === undefined
      ? createDoctorDispatcher({ resolve: options.resolve ?? [], ca: options.ca, insecure: options.insecure })
      : undefined;
  const dispatcher = options.dispatcher ?? ownDispatcher!;
  const jar = createBrowserCookieJar({ now: options.now });

  const fetchTrace = async (
    headers: HeaderRecord,
  ): Promise<Pick<HttpExchange, 'traceId' | 'trace' | 'traceError'>> => {
    const traceId = getHeader(headers, 'x-frontgate-trace-id');
    if (traceId === undefined) return {};
    const admin = options.adminUrl ?? getHeader(headers, 'x-frontgate-admin');
    if (admin === undefined) return { traceId, traceError: 'no admin URL (pass --admin URL)' };
    try {
      const response = await request(
        new URL(`traces/${encodeURIComponent(traceId)}`, admin.endsWith('/') ? admin : `${admin}/`),
        {
          dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
      );
      const text = await response.body.text();
      if (response.statusCode !== 200)
        return { traceId, traceError: `admin answered ${response.statusCode}` };
      return { traceId, trace: readEdgeTrace(JSON.parse(text)) };
    } catch (error) {
      return { traceId, traceError: describeTransportError(error) };
    }
  };

  const exchange = async (
    target: string,
    verb: string,
    headers: [string, string][],
  ): Promise<ExchangeOutcome> => {
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

  try {
    let backend: DoctorObservation['backend'];
    if (options.backendUrl !== undefined) {
      const backendUrl = new URL(options.backendUrl).href;
      const kind = options.backendRequestKind ?? 'fetch';
      const headers: [string, string][] = [['accept', '*/*']];
      if (kind === 'fetch' && serializeOrigin(backendUrl) !== pageOrigin)
        headers.push(['origin', pageOrigin]);
      const outcome = await exchange(backendUrl, 'GET', headers);
      const setCookie =
        outcome.kind === 'response' ? getHeaderValues(outcome.exchange.headers, 'set-cookie') : [];
      const received = await jar.receive({
        url: backendUrl,
        setCookie,
        initiatorOrigin: pageOrigin,
        requestKind: kind,
        credentialsMode: kind === 'navigation' ? 'include' : credentials,
      });
      backend = { url: backendUrl, outcome, stored: received.stored, rejected: received.rejected };
    }

    const crossOrigin = serializeOrigin(url) !== pageOrigin;
    const preflight = needsPreflight({ method, headers: authorHeaders });
    const secFetch: [string, string][] = [
      ['sec-fetch-mode', 'cors'],
      ['sec-fetch-site', secFetchSite(pageOrigin, url)],
      ['sec-fetch-dest', 'empty'],
    ];
    const traceHeader: [string, string][] = wantTrace ? [['x-frontgate-trace', '1']] : [];
    let preflightOutcome: ExchangeOutcome | undefined;
    if (crossOrigin && preflight.kind === 'preflight') {
      // Fetch "CORS-preflight fetch": no cookies, no author headers, only Origin and Access-Control-Request-*.
      const headers: [string, string][] = [
        ['accept', '*/*'],
        ['origin', pageOrigin],
        ['access-control-request-method', preflight.accessControlRequestMethod],
        ...(preflight.accessControlRequestHeaders === undefined
          ? []
          : [['access-control-request-headers', preflight.accessControlRequestHeaders] as [string, string]]),
        ...secFetch,
        ...traceHeader,
      ];
      preflightOutcome = await exchange(url, 'OPTIONS', headers);
    }

    const cookies = await jar.cookiesFor({ url, initiatorOrigin: pageOrigin, credentialsMode: credentials });
    const observationBase = {
      pageOrigin,
      url,
      method,
      credentialsMode: credentials,
      authorHeaders,
      backend,
      preflight,
      preflightOutcome,
      cookies,
    };
    // The browser stops after a failed preflight; ask the model before sending the actual request.
    const preflightReport = explainObservation(observationBase);
    if (preflightReport.stages.some((stage) => stage.name === 'preflight' && stage.outcome === 'failed')) {
      return preflightReport;
    }

    const headers: [string, string][] = [
      ...(authorHeaders.some(([n]) => n.toLowerCase() === 'accept')
        ? []
        : [['accept', '*/*'] as [string, string]]),
      ['accept-encoding', browserAcceptEncoding(url)],
      ...authorHeaders.map(([n, v]) => [n, v] as [string, string]),
      ...(crossOrigin || method !== 'GET' ? [['origin', pageOrigin] as [string, string]] : []),
      ...(cookies.cookieHeader === undefined ? [] : [['cookie', cookies.cookieHeader] as [string, string]]),
      ...secFetch,
      ...traceHeader,
    ];
    const actualOutcome = await exchange(url, method.toUpperCase(), headers);
    return explainObservation({ ...observationBase, actualOutcome });
  } finally {
    await ownDispatcher?.close();
  }
}

function groupHeaders(headers: readonly (readonly [string, string])[]): Map<string, string> {
  const grouped = new Map<string, string>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const prior = grouped.get(key);
    grouped.set(key, prior === undefined ? value : `${prior}, ${value}`);
  }
  return grouped;
}
