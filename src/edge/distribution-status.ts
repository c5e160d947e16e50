// What the admin listener's `GET /distributions` reports per distribution: the config ETag in force, when it
// went live, the last invalidation (with the ETag in force then) and how many cached entries were stored
// under another config — the facts `frontgate doctor --config --admin` needs for its stale-cache warning.

import type { CacheStore } from './cache/cache-store.ts';
import type { InvalidationService, LastInvalidation } from './invalidation/invalidation-service.ts';

export type DistributionStatus = {
  readonly id: string;
  readonly etag: string;
  readonly configLoadedAt: string;
  readonly lastInvalidation: LastInvalidation | null;
  readonly cache: {
    readonly entries: number;
    /** Entries stored while another config (another ETag) was in force. */
    readonly entriesUnderOtherConfig: number;
  };
};

export function describeDistributions(
  distributions: readonly { readonly id: string; readonly etag: string }[],
  deps: {
    readonly loadedAt: (distributionId: string) => number;
    readonly invalidations: InvalidationService;
    readonly cache: CacheStore;
  },
): DistributionStatus[] {
  const counts = new Map<string, { entries: number; other: number }>();
  const etags = new Map(distributions.map((d) => [d.id, d.etag]));
  for (const meta of deps.cache.entries()) {
    const current = etags.get(meta.distributionId);
    if (current === undefined) continue;
    const count = counts.get(meta.distributionId) ?? { entries: 0, other: 0 };
    count.entries++;
    // An entry without a recorded ETag predates this bookkeeping: count it as another config's.
    if (meta.configEtag !== current) count.other++;
    counts.set(meta.distributionId, count);
  }
  return distributions.map((d) => ({
    id: d.id,
    etag: d.etag,
    configLoadedAt: new Date(deps.loadedAt(d.id)).toISOString(),
    lastInvalidation: deps.invalidations.last(d.id) ?? null,
    cache: {
      entries: counts.get(d.id)?.entries ?? 0,
      entriesUnderOtherConfig: counts.get(d.id)?.other ?? 0,
    },
  }));
}
