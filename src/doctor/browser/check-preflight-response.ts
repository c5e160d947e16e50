// The checks a browser runs on a CORS preflight response, in Chromium's order
// (services/network/cors/preflight_controller.cc CheckPreflightAccess, then preflight_result.cc):
// ACAO/ACAC as for any CORS response, then an ok (2xx) status, then the parse of Allow-Methods and
// Allow-Headers, then the method and each CORS-unsafe header against them.

import type { ChromiumCorsError } from './chromium-cors-message.ts';
import type { CorsCheckCode, CorsCheckInput } from './check-cors-response.ts';
import { credentialsFlag, runCorsCheck } from './check-cors-response.ts';
import { type CorsCheckFailure, corsCheckFailure } from './cors-check-failure.ts';
import { getHeader } from './header-list.ts';
import { corsUnsafeReason, isForbiddenRequestHeader } from './needs-preflight.ts';

export type PreflightCheckCode =
  | CorsCheckCode
  | 'preflight-not-ok-status'
  | 'invalid-allow-methods'
  | 'invalid-allow-headers'
  | 'method-not-allowed'
  | 'header-not-allowed';

export type PreflightCheckResult = { readonly kind: 'ok' } | CorsCheckFailure<PreflightCheckCode>;

export type PreflightCheckInput = CorsCheckInput & {
  /** The actual request's method and the headers the script set on it. */
  readonly method: string;
  readonly requestHeaders: readonly (readonly [string, string])[];
};

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Parses an Access-Control-Allow-* list; undefined when an element is not a token (Chromium refuses it). */
function parseAllowList(value: string | undefined): string[] | undefined {
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.every((item) => TOKEN.test(item)) ? items : undefined;
}

const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** Fetch "normalize a method": the six well-known methods are upper-cased, others kept as typed. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

export function checkPreflightResponse(input: PreflightCheckInput): PreflightCheckResult {
  const fail = (
    code: PreflightCheckCode,
    chromiumError: ChromiumCorsError,
    hint = '',
  ): PreflightCheckResult => corsCheckFailure(input, code, chromiumError, hint, true);
  // The preflight is judged with the actual request's credentials mode (Fetch "CORS-preflight fetch" step 7).
  const access = runCorsCheck(input, true);
  if (access.kind === 'failed') {
    return { ...access };
  }
  if (input.status < 200 || input.status > 299)
    return fail('preflight-not-ok-status', 'PreflightInvalidStatus');
  const methods = parseAllowList(getHeader(input.headers, 'access-control-allow-methods'));
  if (methods === undefined) return fail('invalid-allow-methods', 'InvalidAllowMethodsPreflightResponse');
  const allowHeaders = parseAllowList(getHeader(input.headers, 'access-control-allow-headers'));
  if (allowHeaders === undefined)
    return fail('invalid-allow-headers', 'InvalidAllowHeadersPreflightResponse');
  const withCredentials = credentialsFlag(input.credentialsMode);

  // Methods compare case-sensitively after normalization; safelisted methods always pass; `*` only
  // counts without credentials.
  const method = normalizeMethod(input.method);
  const methodAllowed =
    methods.includes(method) ||
    ['GET', 'HEAD', 'POST'].includes(method) ||
    (!withCredentials && methods.includes('*'));
  if (!methodAllowed) return fail('method-not-allowed', 'MethodDisallowedByPreflightResponse', input.method);

  const allowed = new Set(allowHeaders.map((name) => name.toLowerCase()));
  const unsafe = [
    ...new Set(
      input.requestHeaders
        .filter(
          ([name, value]) => !isForbiddenRequestHeader(name) && corsUnsafeReason(name, value) !== undefined,
        )
        .map(([name]) => name.toLowerCase()),
    ),
  ].sort();
  if (!withCredentials && allowed.has('*')) {
    // `Authorization` is the one "CORS non-wildcard request-header name": `*` never covers it.
    if (unsafe.includes('authorization') && !allowed.has('authorization')) {
      return fail('header-not-allowed', 'HeaderDisallowedByPreflightResponse', 'authorization');
    }
    return { kind: 'ok' };
  }
  for (const name of unsafe) {
    if (!allowed.has(name)) return fail('header-not-allowed', 'HeaderDisallowedByPreflightResponse', name);
  }
  return { kind: 'ok' };
}
