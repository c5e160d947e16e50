// What the doctor saw while replaying a browser's requests: the raw exchanges and the browser model's
// decisions along the way. Built by the request runner (or by a test); `explainObservation` turns it into a
// report without touching the network.

import type { CookieRejection, SendResult, StoredCookie } from '../browser/browser-cookie-jar.ts';
import type { CredentialsMode } from '../browser/check-cors-response.ts';
import type { HeaderRecord } from '../browser/header-list.ts';
import type { NeedsPreflightResult } from '../browser/needs-preflight.ts';
import type { EdgeTraceView } from './edge-trace-view.ts';

export type HttpExchange = {
  readonly url: string;
  readonly method: string;
  readonly requestHeaders: readonly (readonly [string, string])[];
  readonly status: number;
  readonly headers: HeaderRecord;
  /** The first few KB of the body as text, enough to read an error document. */
  readonly bodyText: string;
  readonly traceId?: string;
  readonly trace?: EdgeTraceView;
  /** The admin listener the trace was read from (the edge's `x-frontgate-admin`, or the one given). */
  readonly adminUrl?: string;
  /** Why the trace could not be fetched, when the edge announced one. */
  readonly traceError?: string;
};

export type ExchangeOutcome =
  | { readonly kind: 'response'; readonly exchange: HttpExchange }
  | { readonly kind: 'transport-error'; readonly url: string; readonly message: string };

export type DoctorObservation = {
  readonly pageOrigin: string;
  readonly url: string;
  readonly method: string;
  readonly credentialsMode: CredentialsMode;
  readonly authorHeaders: readonly (readonly [string, string])[];
  readonly backend?: {
    readonly url: string;
    readonly outcome: ExchangeOutcome;
    readonly stored: readonly StoredCookie[];
    readonly rejected: readonly CookieRejection[];
  };
  readonly preflight: NeedsPreflightResult;
  readonly preflightOutcome?: ExchangeOutcome;
  readonly cookies: SendResult;
  /** Absent when the preflight failed (the browser stops there). */
  readonly actualOutcome?: ExchangeOutcome;
};
