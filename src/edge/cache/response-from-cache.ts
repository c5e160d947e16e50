// A response record served from a cache entry: the stored origin status and headers, `Age`, and the
// X-Cache result (spec cloudfront.md §9.1).

import type { EdgeResponse, ResultType } from '../edge-response.ts';
import type { CachedObject } from './cache-store.ts';

export function responseFromCache(object: CachedObject, resultType: ResultType, nowMs: number): EdgeResponse {
  const meta = object.meta;
  return {
    status: meta.status,
    headers: meta.headers,
    body: { kind: 'cached', object },
    // Cached errors keep reading `Error from cloudfront` (spec §12 #21).
    resultType: meta.isError ? 'Error' : resultType,
    ageSeconds: Math.max(0, Math.floor((nowMs - meta.storedAtMs) / 1000)),
  };
}
