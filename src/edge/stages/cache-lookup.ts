// Stage 4 — cache lookup: the cache key from the cache policy, then which state the request is in — a
// fresh hit, a stale entry to revalidate, a miss, or a request the cache does not keep — with request
// collapsing for concurrent misses (spec cloudfront.md §3.2, §4.1–4.3). `cache-or-origin.ts` dispatches
// on the outcome's `kind`.

import type { CacheKey } from '../cache/cache-key.ts';
import { computeCacheKey } from '../cache/cache-key.ts';
import type { CachedObject, CacheStore } from '../cache/cache-store.ts';
import { collapsingAllowed } from '../cache/freshness.ts';
import type { RequestCollapser } from '../cache/request-collapsing.ts';
import type { BehaviorSelectors } from '../origin/behavior-selectors.ts';
import type { AuthorizedRequest } from './check-signed-access.ts';

/** An authorized request with its cache key: what every step after the lookup works on. */
export type KeyedRequest = AuthorizedRequest & { readonly cacheKey: CacheKey };

export type CacheLookupOutcome =
  | { readonly kind: 'fresh-hit'; readonly request: KeyedRequest; readonly cached: CachedObject }
  | {
      readonly kind: 'stale';
      readonly request: KeyedRequest;
      /** The expired entry: its validators go to the origin; it is served again if the origin fails. */
      readonly cached: CachedObject;
      /** Settles this request's claim on the key (a no-op when it holds none); call when the fill is settled. */
      readonly release: () => void;
    }
  | { readonly kind: 'miss'; readonly request: KeyedRequest; readonly release: () => void }
  /** Not a cached method, or the cache policy's MaxTTL is 0: straight to the origin, nothing stored. */
  | { readonly kind: 'uncacheable'; readonly request: KeyedRequest };

export type CacheLookupDeps = {
  readonly cache: CacheStore;
  readonly collapser: RequestCollapser;
  readonly nowMs: () => number;
  /** The behavior's precompiled selectors (built per snapshot, not per request). */
  readonly selectorsFor?: (behavior: AuthorizedRequest['behavior']) => BehaviorSelectors;
};

function waitOrAbort(done: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    void done.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

const noop = (): void => {};

/** GET/HEAD, and OPTIONS when OPTIONS is a cached method; never when MaxTTL is 0. */
export function isCacheableRequest(behavior: AuthorizedRequest['behavior'], method: string): boolean {
  return (
    behavior.cachePolicy.maxTTL > 0 &&
    (method === 'GET' || method === 'HEAD' || (method === 'OPTIONS' && behavior.cachedMethods.has('OPTIONS')))
  );
}

function expiredOrMissing(
  request: KeyedRequest,
  cached: CachedObject | undefined,
  release: () => void,
): CacheLookupOutcome {
  return cached ? { kind: 'stale', request, cached, release } : { kind: 'miss', request, release };
}

export async function cacheLookup(
  req: AuthorizedRequest,
  deps: CacheLookupDeps,
): Promise<CacheLookupOutcome> {
  const behavior = req.behavior;
  const method = req.viewer.method;
  const cacheKey = computeCacheKey({
    host: req.host,
    method,
    rawPath: req.originRawPath,
    query: req.forwardableQuery,
    headers: req.viewer.headers,
    cookies: req.forwardableCookies,
    cachePolicy: behavior.cachePolicy,
    cachedMethods: behavior.cachedMethods,
    selectors: deps.selectorsFor?.(behavior).key,
  });
  const request: KeyedRequest = { ...req, cacheKey };
  const trace = (
    result: 'hit' | 'stale' | 'miss' | 'not-cacheable' | 'collapsed-hit',
    found?: CachedObject,
  ) =>
    req.trace?.add({
      stage: 'cache-lookup',
      cacheKey: cacheKey.key.replace(/\u0000/g, ' | '),
      invalidationPath: cacheKey.invalidationPath,
      result,
      keyParts: { ...cacheKey.parts, acceptEncoding: cacheKey.acceptEncoding },
      ...(found === undefined
        ? {}
        : {
            storedConfigEtag: found.meta.configEtag,
            storedAt: new Date(found.meta.storedAtMs).toISOString(),
          }),
    });
  if (!isCacheableRequest(behavior, method)) {
    trace('not-cacheable');
    return { kind: 'uncacheable', request };
  }
  const cookiesForwarded =
    behavior.cachePolicy.cookies.behavior !== 'none' ||
    (behavior.originRequestPolicy?.cookies.behavior ?? 'none') !== 'none';
  const collapse = method !== 'HEAD' && collapsingAllowed(behavior.cachePolicy, cookiesForwarded);
  // A waiter re-checks after the owner settles; if the owner stored nothing it may become the owner itself.
  for (let round = 0; round < 3; round++) {
    const cached = deps.cache.get(cacheKey.key);
    if (cached && cached.meta.expiresAtMs > deps.nowMs()) {
      trace(round === 0 ? 'hit' : 'collapsed-hit', cached);
      return { kind: 'fresh-hit', request, cached };
    }
    if (!collapse) {
      trace(cached ? 'stale' : 'miss', cached);
      return expiredOrMissing(request, cached, noop);
    }
    const claim = deps.collapser.claim(cacheKey.key);
    if (claim.kind === 'owner') {
      trace(cached ? 'stale' : 'miss', cached);
      return expiredOrMissing(request, cached, claim.release);
    }
    await waitOrAbort(claim.done, req.viewer.signal);
    if (req.viewer.signal.aborted) break;
  }
  const cached = deps.cache.get(cacheKey.key);
  trace(cached ? 'stale' : 'miss', cached);
  return expiredOrMissing(request, cached, noop);
}
