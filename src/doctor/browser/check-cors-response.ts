// The CORS check a browser runs on a cross-origin response (WHATWG Fetch "CORS check"), in the order
// Chromium's network service runs it (services/network/public/cpp/cors/cors.cc, CheckAccess): wildcard,
// missing header, value mismatch (multiple values / invalid / not equal), then credentials.

import { type CorsCheckFailure, corsCheckFailure } from './cors-check-failure.ts';
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
  | CorsCheckFailure<CorsCheckCode>;

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

/** Internal: the check with the message flavour (plain or preflight) chosen by the caller. */
export function runCorsCheck(input: CorsCheckInput, onPreflight: boolean): CorsCheckResult {
  const allowOrigin = getHeader(input.headers, 'access-control-allow-origin');
  const withCredentials = credentialsFlag(input.credentialsMode);
  if (allowOrigin === '*') {
    // Fetch §3.2.5: `*` never works with credentials, even with Access-Control-Allow-Credentials: true.
    if (!withCredentials) return { kind: 'ok', allowOrigin };
    return corsCheckFailure(input, 'wildcard-with-credentials', 'WildcardOriginNotAllowed', '', onPreflight);
  }
  if (allowOrigin === undefined) {
    return corsCheckFailure(input, 'no-acao', 'MissingAllowOriginHeader', '', onPreflight);
  }
  if (allowOrigin !== input.requestOrigin) {
    // Two ACAO headers arrive joined by ", "; Chromium flags any space or comma as "multiple values".
    if (/[ ,]/.test(allowOrigin)) {
      return corsCheckFailure(input, 'multiple-acao', 'MultipleAllowOriginValues', allowOrigin, onPreflight);
    }
    if (allowOrigin !== 'null' && !URL.canParse(allowOrigin)) {
      return corsCheckFailure(input, 'invalid-acao', 'InvalidAllowOriginValue', allowOrigin, onPreflight);
    }
    return corsCheckFailure(input, 'acao-mismatch', 'AllowOriginMismatch', allowOrigin, onPreflight);
  }
  if (withCredentials) {
    // Case-sensitive: only the exact lower-case `true` passes (Fetch "CORS check" step 7).
    const allowCredentials = getHeader(input.headers, 'access-control-allow-credentials');
    if (allowCredentials !== 'true') {
      return corsCheckFailure(
        input,
        'acac-not-true',
        'InvalidAllowCredentials',
        allowCredentials ?? '',
        onPreflight,
      );
    }
  }
  return { kind: 'ok', allowOrigin };
}

/** The CORS check on an actual (non-preflight) cross-origin response. The status plays no part. */
export function checkCorsResponse(input: CorsCheckInput): CorsCheckResult {
  return runCorsCheck(input, false);
}
