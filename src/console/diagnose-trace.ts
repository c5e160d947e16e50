// The doctor's diagnosis over one recorded edge trace, for a page origin and credentials mode the reader
// chooses: the trace becomes the doctor's observation (the edge's answer as the browser received it) and
// `explainObservation` gives the verdict, Chromium's console line, the root cause and the fix. When the
// caller knows what the backend sent (the demo does), the cookie story is run through the doctor's
// browser cookie model too.

import {
  createBrowserCookieJar,
  type DoctorObservation,
  type DoctorReport,
  explainObservation,
  type CredentialsMode,
  needsPreflight,
  readEdgeTrace,
  type SendResult,
} from '../doctor/index.ts';
import type { CookieRejection, StoredCookie } from '../doctor/index.ts';
import type { EdgeTrace, TraceEntry } from '../edge/index.ts';

export type BackendCookies = {
  /** The backend URL the page fetched its cookies from. */
  readonly url: string;
  /** The `Set-Cookie` lines it answered with. */
  readonly setCookie: readonly string[];
};

export type TraceDiagnosis = {
  readonly report: DoctorReport;
  /** What the browser model did with the backend's cookies and which it attached to this request. */
  readonly cookies: {
    readonly stored: readonly StoredCookie[];
    readonly rejected: readonly CookieRejection[];
    readonly sent: SendResult;
  };
};

function entry<S extends TraceEntry['stage']>(
  trace: EdgeTrace,
  stage: S,
): Extract<TraceEntry, { stage: S }> | undefined {
  return trace.entries.find((e) => e.stage === stage) as Extract<TraceEntry, { stage: S }> | undefined;
}

/** The URL the viewer asked for, rebuilt from the receive stage (with the listener's port when not the default). */
export function viewerUrl(trace: EdgeTrace, port?: (scheme: 'http' | 'https') => number | undefined): string {
  const received = entry(trace, 'receive');
  const scheme = received?.scheme ?? 'https';
  const host = received?.host ?? 'unknown.invalid';
  const number = port?.(scheme);
  const shown = number === undefined || number === (scheme === 'https' ? 443 : 80) ? '' : `:${number}`;
  return `${scheme}://${host}${shown}${trace.rawTarget}`;
}

/** What the trace says about the signed cookies the viewer sent (names only: values never reach a trace). */
function cookiesFromTrace(trace: EdgeTrace): SendResult {
  const signed = entry(trace, 'check-signed-access');
  const via = (signed?.detail as { via?: unknown } | undefined)?.via;
  if (signed?.decision === 'allowed' && via === 'cookie')
    return {
      sent: ['CloudFront-Key-Pair-Id', 'CloudFront-Policy', 'CloudFront-Signature'].map((name) => ({
        name,
        value: '',
      })),
      withheld: [],
    };
  return { sent: [], withheld: [] };
}

export async function diagnoseTrace(
  trace: EdgeTrace,
  options: {
    readonly pageOrigin: string;
    readonly credentialsMode: CredentialsMode;
    readonly backend?: BackendCookies;
    readonly now?: () => Date;
    readonly viewerPort?: (scheme: 'http' | 'https') => number | undefined;
  },
): Promise<TraceDiagnosis> {
  const url = viewerUrl(trace, options.viewerPort);
  const sendStage = entry(trace, 'send');
  const headers: Record<string, string> = {};
  for (const [name, value] of sendStage?.headers ?? []) {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  let backendPart: DoctorObservation['backend'];
  let cookies: SendResult = cookiesFromTrace(trace);
  let stored: readonly StoredCookie[] = [];
  let rejected: readonly CookieRejection[] = [];
  if (options.backend !== undefined) {
    const jar = createBrowserCookieJar({ now: options.now });
    const received = await jar.receive({
      url: options.backend.url,
      setCookie: options.backend.setCookie,
      initiatorOrigin: options.pageOrigin,
      requestKind: 'fetch',
      credentialsMode: options.credentialsMode,
    });
    stored = received.stored;
    rejected = received.rejected;
    cookies = await jar.cookiesFor({
      url,
      initiatorOrigin: options.pageOrigin,
      credentialsMode: options.credentialsMode,
    });
    backendPart = {
      url: options.backend.url,
      outcome: {
        kind: 'response',
        exchange: {
          url: options.backend.url,
          method: 'GET',
          requestHeaders: [],
          status: 200,
          headers: { 'set-cookie': options.backend.setCookie },
          bodyText: '',
        },
      },
      stored,
      rejected,
    };
  }
  const observation: DoctorObservation = {
    pageOrigin: options.pageOrigin,
    url,
    method: trace.method,
    credentialsMode: options.credentialsMode,
    authorHeaders: [],
    ...(backendPart === undefined ? {} : { backend: backendPart }),
    preflight: needsPreflight({ method: trace.method, headers: [] }),
    cookies,
    actualOutcome: {
      kind: 'response',
      exchange: {
        url,
        method: trace.method,
        requestHeaders: [],
        status: sendStage?.status ?? 0,
        headers,
        bodyText: '',
        traceId: trace.id,
        trace: readEdgeTrace(trace),
      },
    },
  };
  return { report: explainObservation(observation), cookies: { stored, rejected, sent: cookies } };
}
