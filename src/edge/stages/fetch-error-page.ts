// Step for custom error responses (spec cloudfront.md §7.2): the configured ResponsePagePath is fetched like
// a GET for that path — through the behavior its path matches, with that behavior's caching — carrying the
// viewer's headers minus conditionals, ranges and body framing. Viewer protocol policy, allowed methods and
// signed access are not checked again for the page.

import { splitRequestTarget } from '../../http/index.ts';
import { selectBehavior } from '../distribution/select-behavior.ts';
import type { EdgeResponse } from '../edge-response.ts';
import { type CacheOrOriginDeps, cacheOrOrigin } from './cache-or-origin.ts';
import type { AuthorizedRequest } from './check-signed-access.ts';
import { targetOrigin } from './match-behavior.ts';
import type { ReceivedRequest } from './receive.ts';

const NOT_FORWARDED_FOR_ERROR_PAGES: readonly string[] = [
  'range',
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'content-length',
  'transfer-encoding',
];

/** The request the edge makes for an error page on behalf of `req`; untraced (the trace shows the swap). */
export function errorPageRequest(req: ReceivedRequest, pagePath: string): AuthorizedRequest {
  const { rawPath, rawQuery } = splitRequestTarget(pagePath);
  const headers: Record<string, string | readonly string[] | undefined> = { ...req.viewer.headers };
  for (const name of NOT_FORWARDED_FOR_ERROR_PAGES) delete headers[name];
  const behavior = selectBehavior(req.distribution, rawPath);
  return {
    ...req,
    viewer: { ...req.viewer, method: 'GET', rawTarget: pagePath, headers },
    rawPath,
    rawQuery,
    query: [],
    cookies: [],
    trace: undefined,
    behavior,
    origin: targetOrigin(req.distribution, behavior),
    originRawPath: rawPath,
    forwardableQuery: [],
    forwardableCookies: [],
  };
}

export function fetchErrorPage(
  req: ReceivedRequest,
  pagePath: string,
  deps: CacheOrOriginDeps,
): Promise<EdgeResponse> {
  return cacheOrOrigin(errorPageRequest(req, pagePath), deps);
}
