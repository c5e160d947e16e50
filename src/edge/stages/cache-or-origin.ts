// Stages 4–5 as a state machine: the cache lookup decides which state the request is in, and each state
// has its one step — a fresh hit is served from the cache, a stale entry is revalidated, a miss or an
// uncacheable request goes to the origin (spec cloudfront.md §3.2, §4.1, §7.1).

import { responseFromCache } from '../cache/response-from-cache.ts';
import type { EdgeResponse } from '../edge-response.ts';
import { type CacheLookupDeps, type CacheLookupOutcome, cacheLookup } from './cache-lookup.ts';
import type { AuthorizedRequest } from './check-signed-access.ts';
import { fetchFromOrigin } from './origin-request/fetch-from-origin.ts';
import type { OriginStepDeps } from './origin-request/origin-step-deps.ts';
import { revalidateStale } from './origin-request/revalidate-stale.ts';

export type CacheOrOriginDeps = CacheLookupDeps & OriginStepDeps;

const noop = (): void => {};

function step(lookup: CacheLookupOutcome, deps: CacheOrOriginDeps): EdgeResponse | Promise<EdgeResponse> {
  switch (lookup.kind) {
    case 'fresh-hit':
      return responseFromCache(lookup.cached, 'Hit', deps.nowMs());
    case 'stale':
      return revalidateStale(lookup, deps);
    case 'miss':
      return fetchFromOrigin(lookup.request, true, lookup.release, deps);
    case 'uncacheable':
      return fetchFromOrigin(lookup.request, false, noop, deps);
  }
}

export async function cacheOrOrigin(req: AuthorizedRequest, deps: CacheOrOriginDeps): Promise<EdgeResponse> {
  const lookup = await cacheLookup(req, deps);
  try {
    return await step(lookup, deps);
  } catch (error) {
    // A step that throws must not leave concurrent viewers of the key waiting for a fill that never comes.
    if (lookup.kind === 'stale' || lookup.kind === 'miss') lookup.release();
    throw error;
  }
}
