// Step: the origin failed or answered 5xx and an expired copy is cached — keep serving that copy for
// ErrorCachingMinTTL, then ask the origin again (spec cloudfront.md §7.1 stale-on-error), unless the
// origin forbade it with `stale-if-error=0` (§4.1).

import type { CachedObject, CachedObjectMeta } from '../../cache/cache-store.ts';
import { responseFromCache } from '../../cache/response-from-cache.ts';
import type { CompiledDistribution } from '../../distribution/compiled-distribution.ts';
import type { EdgeResponse } from '../../edge-response.ts';
import { errorCachingMinTTL, type OriginStepDeps } from './origin-step-deps.ts';

export function serveStaleOnError(
  stale: CachedObject | undefined,
  status: number,
  distribution: CompiledDistribution,
  deps: Pick<OriginStepDeps, 'cache' | 'nowMs'>,
): EdgeResponse | undefined {
  if (!stale || stale.meta.noStaleIfError) return undefined;
  const meta: CachedObjectMeta = {
    ...stale.meta,
    expiresAtMs: deps.nowMs() + errorCachingMinTTL(distribution, status) * 1000,
  };
  deps.cache.updateMeta(meta);
  return responseFromCache({ meta, open: stale.open }, 'Hit', deps.nowMs());
}
