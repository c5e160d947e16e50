// A failed browser CORS check as the doctor reports it: its short code, the Chromium error it maps to, the
// value Chromium quotes, and the console message Chromium prints. Shared by the response and preflight checks.

import type { ChromiumCorsError } from './chromium-cors-message.ts';
import { renderChromiumCorsMessage } from './chromium-cors-message.ts';

export type CorsCheckFailure<C extends string> = {
  readonly kind: 'failed';
  readonly code: C;
  readonly chromiumError: ChromiumCorsError;
  /** The offending header value Chromium quotes, '' when none. */
  readonly hint: string;
  /** The exact console message Chromium prints for a fetch() from `requestOrigin`. */
  readonly consoleMessage: string;
};

export function corsCheckFailure<C extends string>(
  request: { readonly url: string; readonly requestOrigin: string },
  code: C,
  chromiumError: ChromiumCorsError,
  hint: string,
  onPreflight: boolean,
): CorsCheckFailure<C> {
  return {
    kind: 'failed',
    code,
    chromiumError,
    hint,
    consoleMessage: renderChromiumCorsMessage({
      url: request.url,
      pageOrigin: request.requestOrigin,
      error: chromiumError,
      hint,
      onPreflight,
    }),
  };
}
