// Request mode: performs, for real, the requests a browser page would make — the backend call that sets the
// cookies, the CORS preflight when one is needed, the actual request with Origin and the cookies the browser
// would attach — asks a Frontgate edge for its trace, and explains the outcome (explainObservation).

import type { Dispatcher } from 'undici';
import { type BrowserCookieJar, createBrowserCookieJar } from '../browser/browser-cookie-jar.ts';
import type { CredentialsMode } from '../browser/check-cors-response.ts';
import { getHeaderValues } from '../browser/header-list.ts';
import { isForbiddenRequestHeader, needsPreflight } from '../browser/needs-preflight.ts';
import { isSameSite, serializeOrigin } from '../browser/schemeful-site.ts';
import type { DoctorObservation, ExchangeOutcome } from '../diagnosis/doctor-observation.ts';
import type { DoctorReport } from '../diagnosis/doctor-report.ts';
import { explainObservation } from '../diagnosis/explain-observation.ts';
import { createDoctorDispatcher } from './create-doctor-dispatcher.ts';
import { createExchangeRunner, type ExchangeRunner } from './create-exchange-runner.ts';
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
  /** Admin listener used only when the edge does not name one (e.g. `edge.admin.listen` of a config file). */
  readonly fallbackAdminUrl?: string;
  /** The admin listener's bearer token; sent only to `adminUrl` / `fallbackAdminUrl`, never to a URL a response names. */
  readonly adminToken?: string;
  /** Ask a Frontgate edge for traces (`x-frontgate-trace: 1`). Default true. */
  readonly trace?: boolean;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** A dispatcher to use instead of building one from resolve/ca/insecure. */
  readonly dispatcher?: Dispatcher;
};

/** Chromium's Accept-Encoding: it matters, because cache policies key on the normalized value (AWS: "Serve compressed files"). */
function browserAcceptEncoding(url: string): string {
  return url.startsWith('https:') ? 'gzip, deflate, br, zstd' : 'gzip, deflate';
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

  const exchange = createExchangeRunner({
    dispatcher,
    timeoutMs,
    wantTrace,
    adminUrl: options.adminUrl,
    fallbackAdminUrl: options.fallbackAdminUrl,
    adminToken: options.adminToken,
  });

  try {
    const backend =
      options.backendUrl === undefined
        ? undefined
        : await visitBackend(exchange, jar, {
            backendUrl: options.backendUrl,
            kind: options.backendRequestKind ?? 'fetch',
            pageOrigin,
            credentials,
          });

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
        ...preflightHeaders(pageOrigin, preflight),
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
      ...actualRequestHeaders({ url, method, pageOrigin, authorHeaders, crossOrigin, cookies }),
      ...secFetch,
      ...traceHeader,
    ];
    const actualOutcome = await exchange(url, method.toUpperCase(), headers);
    return explainObservation({ ...observationBase, actualOutcome });
  } finally {
    await ownDispatcher?.close();
  }
}

/** The page's call to its backend, which sets the cookies; what the browser stored and refused. */
async function visitBackend(
  exchange: ExchangeRunner,
  jar: BrowserCookieJar,
  visit: {
    readonly backendUrl: string;
    readonly kind: 'fetch' | 'navigation';
    readonly pageOrigin: string;
    readonly credentials: CredentialsMode;
  },
): Promise<NonNullable<DoctorObservation['backend']>> {
  const { kind, pageOrigin } = visit;
  const backendUrl = new URL(visit.backendUrl).href;
  const headers: [string, string][] = [['accept', '*/*']];
  if (kind === 'fetch' && serializeOrigin(backendUrl) !== pageOrigin) headers.push(['origin', pageOrigin]);
  const outcome = await exchange(backendUrl, 'GET', headers);
  const setCookie =
    outcome.kind === 'response' ? getHeaderValues(outcome.exchange.headers, 'set-cookie') : [];
  const received = await jar.receive({
    url: backendUrl,
    setCookie,
    initiatorOrigin: pageOrigin,
    requestKind: kind,
    credentialsMode: kind === 'navigation' ? 'include' : visit.credentials,
  });
  return { url: backendUrl, outcome, stored: received.stored, rejected: received.rejected };
}

function preflightHeaders(
  pageOrigin: string,
  preflight: Extract<ReturnType<typeof needsPreflight>, { kind: 'preflight' }>,
): [string, string][] {
  return [
    ['accept', '*/*'],
    ['origin', pageOrigin],
    ['access-control-request-method', preflight.accessControlRequestMethod],
    ...(preflight.accessControlRequestHeaders === undefined
      ? []
      : [['access-control-request-headers', preflight.accessControlRequestHeaders] as [string, string]]),
  ];
}

/** The actual request's headers as Chromium sends them, before the Sec-Fetch-* and trace headers. */
function actualRequestHeaders(request: {
  readonly url: string;
  readonly method: string;
  readonly pageOrigin: string;
  readonly authorHeaders: readonly (readonly [string, string])[];
  readonly crossOrigin: boolean;
  readonly cookies: { readonly cookieHeader?: string | undefined };
}): [string, string][] {
  const { url, method, pageOrigin, authorHeaders, crossOrigin, cookies } = request;
  return [
    ...(authorHeaders.some(([n]) => n.toLowerCase() === 'accept')
      ? []
      : [['accept', '*/*'] as [string, string]]),
    ['accept-encoding', browserAcceptEncoding(url)],
    ...authorHeaders.map(([n, v]) => [n, v] as [string, string]),
    ...(crossOrigin || method !== 'GET' ? [['origin', pageOrigin] as [string, string]] : []),
    ...(cookies.cookieHeader === undefined ? [] : [['cookie', cookies.cookieHeader] as [string, string]]),
  ];
}
