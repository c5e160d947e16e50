// Collects what would be a bug on a page: uncaught exceptions, console errors and failed loads, except the
// CORS failures a founding-story step is about (Chromium's CORS line and the net::ERR_FAILED of the same
// request to the CDN).

import type { Page } from 'playwright-core';

export type PageProblems = { readonly list: () => readonly string[] };

export function watchPageProblems(
  page: Page,
  options: { readonly expectedCorsTo?: string } = {},
): PageProblems {
  const problems: string[] = [];
  const expected = (text: string, url: string | undefined) =>
    options.expectedCorsTo !== undefined &&
    ((text.includes('blocked by CORS policy') && text.includes(`'${options.expectedCorsTo}`)) ||
      (text.includes('net::ERR_FAILED') && (url ?? '').startsWith(options.expectedCorsTo)));
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (expected(message.text(), message.location().url)) return;
    problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('requestfailed', (request) => {
    if (options.expectedCorsTo !== undefined && request.url().startsWith(options.expectedCorsTo)) return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  return { list: () => [...problems] };
}
