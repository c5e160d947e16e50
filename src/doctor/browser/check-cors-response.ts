// The CORS check a browser runs on a cross-origin response (WHATWG Fetch "CORS check"), in the order
// Chromium's network service runs it (services/network/public/cpp/cors/cors.cc, CheckAccess): wildcard,
// missing header, value mismatch (multiple values / invalid / not equal), then credentials.

import type { ChromiumCorsError } from './chromium-cors-message.ts';
import { renderChromiumCorsMessage } from './chromium-cors-message.ts';
import type { HeaderRecord } from './header-list.ts';
import { getHeader } from './header-list.ts';

export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** The doctor's short names for the CORS check failures. */
export type CorsCheckCode =
  | 'no-acao'
  | 'acao-mismatch'
  | 'wildcard-with-credentials'
  | 'multiple-acao'
  | 'invalid-acao'
  | 'acac-not-true';

export type CorsCheckResult =
  | { readonly kind: 'ok'; readonly allowOrigin: string }
  | {
      readonly kind: 'failed';
      readonly code: CorsCheckCode;
      readonly chromiumError: ChromiumCorsError;
      /** The offending header value Chromium quotes, '' when none. */
      readonly hint: string;
      /** The exact console message Chromium prints for a fetch() from `requestOrigin`. */
      readonly consoleMessage: string;
    };

export type CorsCheckInput = {
  /** The request URL as the browser shows it in messages. */
  readonly url: string;
  /** Serialized page origin, e.g. `https://local.junlog.dev:3000`. */
  readonly requestOrigin: string;
  readonly credentialsMode: CredentialsMode;
  readonly status: number;
  readonly headers: HeaderRecord;
};

/**
 * Whether the credentials flag is set for a cross-origin request: only mode `include` (Fetch: `same-origin`
 * sends credentials only when the response tainting is basic, i.e. same origin).
 */
export function credentialsFlag(mode: CredentialsMode): boolean {
  return mode === 'include';
}

function failed(
  input: CorsCheckInput,
  code: CorsCheckCode,
  chromiumError: ChromiumCorsError,
  hint: string,
  onPreflight: boolean,
): CorsCheckResult {
  return {
    kind: 'failed',
    code,
    chromiumError,
    hint,
    consoleMessage: renderChromiumCorsMessage({
      url: input.url,
      pageOrigin: input.requestOrigin,
      error: chromiumError,
      hint,
      onPreflight,
    }),
  };
}

/** Internal: the check with the message flavour (plain or preflight) chosen by the caller. */
export function runCorsCheck(input: CorsCheckInput, onPreflight: boolean): CorsCheckResult {
  const allowOrigin = getHeader(input.headers, 'access-control-allow-origin');
  const withCredentials = credentialsFlag(input.credentialsMode);
  if (allowOrigin === '*') {
    // Fetch §3.2.5: `*` never works with credentials, even with Access-Control-Allow-Credentials: true.
    if (!withCredentials) return { kind: 'ok', allowOrigin };
    return failed(input, 'wildcard-with-credentials', 'WildcardOriginNotAllowed', '', onPreflight);
  }
  if (allowOrigin === undefined) {
    return failed(input, 'no-acao', 'MissingAllowOriginHeader', '', onPreflight);
  }
  if (allowOrigin !== input.requestOrigin) {
    // Two ACAO headers arrive joined by ", "; Chromium flags any space or comma as "multiple values".
    if (/[ ,]/.test(allowOrigin)) {
      return failed(input, 'multiple-acao', 'MultipleAllowOriginValues', allowOrigin, onPreflight);
    }
    if (allowOrigin !== 'null' && !URL.canParse(allowOrigin)) {
      return failed(input, 'invalid-acao', 'InvalidAllowOriginValue', allowOrigin, onPreflight);
    }
    return failed(input, 'acao-mismatch', 'AllowOriginMismatch', allowOrigin, onPreflight);
  }
  if (withCredentials) {
    // Case-sensitive: only the exact lower-case `true` passes (Fetch "CORS check" step 7).
    const allowCredentials = getHeader(input.headers, 'access-control-allow-credentials');
    if (allowCredentials !== 'true') {
      return failed(input, 'acac-not-true', 'InvalidAllowCredentials', allowCredentials ?? '', onPreflight);
    }
  }
  return { kind: 'ok', allowOrigin };
}

/** The CORS check on an actual (non-preflight) cross-origin response. The status plays no part. */
export function checkCorsResponse(input: CorsCheckInput): CorsCheckResult {
  return runCorsCheck(input, false);
}
