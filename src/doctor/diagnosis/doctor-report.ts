// The doctor's answer for one request as a browser would make it: what the page sees, the stages the
// request went through, the first stage that went wrong (the root cause) and the fix in AWS terms.

import type { ChromiumCorsError } from '../browser/chromium-cors-message.ts';
import type { CredentialsMode } from '../browser/check-cors-response.ts';

export type RootCauseCode =
  | 'ok'
  | 'cookie-rejected-domain'
  | 'cookie-rejected-samesite'
  | 'cookie-not-sent-samesite'
  | 'cookie-secure-over-http'
  | 'cookie-not-sent-scope'
  | 'credentials-not-included'
  | 'signature-missing'
  | 'signature-invalid'
  | 'signed-resource-mismatch'
  | 'origin-not-forwarded'
  | 'wildcard-with-credentials'
  | 'stale-cache'
  | 'origin-not-in-cache-key'
  | 'preflight-to-signed-behavior'
  | 'options-not-allowed'
  | 'method-not-allowed'
  | 's3-cors-no-matching-rule'
  | 'cors-headers-missing'
  | 'acao-mismatch'
  | 'credentials-not-allowed'
  | 'preflight-rejected'
  | 'origin-access-denied'
  | 'function-removed-header'
  | 'http-error'
  | 'network-error';

export type StageName =
  | 'backend-cookies'
  | 'cookie-selection'
  | 'preflight'
  | 'edge-behavior'
  | 'signed-access'
  | 'cloudfront-function'
  | 'cache'
  | 'origin-request'
  | 'origin-cors'
  | 'response-headers'
  | 'response'
  | 'browser-cors-check';

export type StageOutcome = 'ok' | 'failed' | 'warning' | 'skipped' | 'info';

export type DoctorStage = {
  readonly name: StageName;
  readonly outcome: StageOutcome;
  readonly summary: string;
  readonly details?: Readonly<Record<string, unknown>>;
};

export type PageSees =
  | { readonly kind: 'response'; readonly status: number }
  | {
      readonly kind: 'network-error';
      /** Chromium's console line; absent for transport failures (DNS, TLS, refused). */
      readonly consoleMessage?: string;
      readonly chromiumError?: ChromiumCorsError;
      readonly detail?: string;
    };

export type RootCause = {
  readonly code: RootCauseCode;
  readonly stage: StageName;
  readonly explanation: string;
  readonly fix: string;
  /** `trace` when an edge trace confirmed it, `response` when read from the wire alone. */
  readonly evidence: 'trace' | 'response' | 'browser-model';
};

export type DoctorReport = {
  /** `ok` when the page gets a readable 2xx/304 response; `blocked` otherwise (network error or HTTP error). */
  readonly verdict: 'ok' | 'blocked';
  readonly pageSees: PageSees;
  readonly rootCause: RootCause;
  readonly stages: readonly DoctorStage[];
  readonly request: {
    readonly pageOrigin: string;
    readonly url: string;
    readonly method: string;
    readonly credentialsMode: CredentialsMode;
    readonly preflight: boolean;
  };
  readonly traceId?: string;
};

/** A root cause as the diagnosis finds it; describe-fix.ts words its `fix`. */
export type Cause = Omit<RootCause, 'fix'>;
