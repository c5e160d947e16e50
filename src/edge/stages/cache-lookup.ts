// Stage 4 — cache lookup: the cache key from the cache policy, then fresh hit / stale (revalidate) / miss,
// with request collapsing for concurrent misses (AWS: "Cache behavior settings", "Manage how long content stays in the cache (expiration)", "Serve compressed files").

import type { CacheKey } from '../cache/cache-key.ts';
import { computeCacheKey } from '../cache/cache-key.ts';
import type { CachedObject, CacheStore } from '../cache/cache-store.ts';
import { collapsingAllowed } from '../cache/freshness.ts';
import type { RequestCollapser } from '../cache/request-collapsing.ts';
import type { BehaviorSelectors } from '../origin/behavior-selectors.ts';
import type { EdgeResponse, ResultType } from '../edge-response.ts';
import type { AuthorizedRequest } from './check-signed-access.ts';

export type CacheLookup = AuthorizedRequest & {
  readonly cacheKey: CacheKey;
  /** GET/HEAD, and OPTIONS when OPTIONS is a cached method. */
  readonly cacheable: boolean;
  readonly state: 'hit' | 'stale' | 'miss' | 'not-cacheable';
  readonly cached: CachedObject | undefined;
  /** Set when this request owns the in-flight origin fetch for its key; call when the fill is settled. */
  readonly release: () => void;
};

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

export async function cacheLookup(req: AuthorizedRequest, deps: CacheLookupDeps): Promise<CacheLookup> {
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
  const cacheable =
    behavior.cachePolicy.maxTTL > 0 &&
    (method === 'GET' ||
      method === 'HEAD' ||
      (method === 'OPTIONS' && behavior.cachedMethods.has('OPTIONS')));
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
  if (!cacheable) {
    trace('not-cacheable');
    return { ...req, cacheKey, cacheable, state: 'not-cacheable', cached: undefined, release: noop };
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
      return { ...req, cacheKey, cacheable, state: 'hit', cached, release: noop };
    }
    if (!collapse) {
      trace(cached ? 'stale' : 'miss', cached);
      return { ...req, cacheKey, cacheable, state: cached ? 'stale' : 'miss', cached, release: noop };
    }
    const claim = deps.collapser.claim(cacheKey.key);
    if (claim.kind === 'owner') {
      trace(cached ? 'stale' : 'miss', cached);
      return {
        ...req,
        cacheKey,
        cacheable,
        state: cached ? 'stale' : 'miss',
        cached,
        release: claim.release,
      };
    }
    await waitOrAbort(claim.done, req.viewer.signal);
    if (req.viewer.signal.aborted) break;
  }
  const cached = deps.cache.get(cacheKey.key);
  trace(cached ? 'stale' : 'miss', cached);
  return { ...req, cacheKey, cacheable, state: cached ? 'stale' : 'miss', cached, release: noop };
}

/** A response served from a cache entry: stored origin headers, `Age`, and the X-Cache result. */
export function responseFromCache(object: CachedObject, resultType: ResultType, nowMs: number): EdgeResponse {
  const meta = object.meta;
  return {
    status: meta.status,
    headers: meta.headers,
    body: { kind: 'cached', object },
    // Cached errors keep reading `Error from cloudfront` (docs/decisions/).
    resultType: meta.isError ? 'Error' : resultType,
    ageSeconds: Math.max(0, Math.floor((nowMs - meta.storedAtMs) / 1000)),
  };
}
