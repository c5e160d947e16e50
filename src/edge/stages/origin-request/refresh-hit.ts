// Step: the origin answered 304 to a revalidation — the 304's validators and freshness headers replace the
// stored ones (RFC 9111 §4.3.4), the entry is fresh again and served as `RefreshHit` (spec cloudfront.md §4.1).

import type { CachedObject, CachedObjectMeta } from '../../cache/cache-store.ts';
import { decideFreshness } from '../../cache/freshness.ts';
import { responseFromCache } from '../../cache/response-from-cache.ts';
import type { EdgeResponse, HeaderPairs } from '../../edge-response.ts';
import { getHeader } from '../../edge-response.ts';
import type { KeyedRequest } from '../cache-lookup.ts';
import { drainOriginBody, type OriginCall } from './call-origin.ts';
import { corsHeadersOf } from './origin-headers.ts';
import { errorCachingMinTTL, type OriginStepDeps } from './origin-step-deps.ts';

const REPLACED_ON_REVALIDATION: ReadonlySet<string> = new Set([
  'cache-control',
  'expires',
  'date',
  'etag',
  'last-modified',
]);

export function mergeRevalidatedHeaders(stored: HeaderPairs, fresh: HeaderPairs): HeaderPairs {
  const incoming = fresh.filter(([n]) => REPLACED_ON_REVALIDATION.has(n.toLowerCase()));
  const names = new Set(incoming.map(([n]) => n.toLowerCase()));
  return [...stored.filter(([n]) => !names.has(n.toLowerCase())), ...incoming];
}

export function refreshHit(
  req: KeyedRequest,
  stale: CachedObject,
  notModified: Extract<OriginCall, { kind: 'response' }>,
  release: () => void,
  deps: OriginStepDeps,
): EdgeResponse {
  drainOriginBody(notModified.body);
  const merged = mergeRevalidatedHeaders(stale.meta.headers, notModified.headers);
  const freshness = decideFreshness(
    {
      status: stale.meta.status,
      cacheControl: getHeader(merged, 'cache-control'),
      expires: getHeader(merged, 'expires'),
      nowMs: deps.nowMs(),
    },
    req.behavior.cachePolicy,
    errorCachingMinTTL(req.distribution, stale.meta.status),
  );
  const meta: CachedObjectMeta = {
    ...stale.meta,
    headers: merged,
    storedAtMs: deps.nowMs(),
    expiresAtMs: deps.nowMs() + (freshness.kind === 'store' ? freshness.ttlSeconds * 1000 : 0),
    etag: getHeader(merged, 'etag'),
    lastModified: getHeader(merged, 'last-modified'),
  };
  deps.cache.updateMeta(meta);
  release();
  req.trace?.add({
    stage: 'origin-response',
    status: 304,
    corsHeaders: corsHeadersOf(notModified.headers),
    freshness,
    stored: true,
  });
  return responseFromCache({ meta, open: stale.open }, 'RefreshHit', deps.nowMs());
}
