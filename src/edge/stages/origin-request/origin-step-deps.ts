// What the origin-request steps share: their dependencies, and the error-caching TTL they all apply.

import type { CacheStore } from '../../cache/cache-store.ts';
import type { CompiledBehavior, CompiledDistribution } from '../../distribution/compiled-distribution.ts';
import type { BehaviorSelectors } from '../../origin/behavior-selectors.ts';
import type { EmbeddedOrigin } from '../../origin/build-origin-request.ts';
import type { OriginClient } from '../../origin/origin-client.ts';
import type { SignOriginRequest } from '../../origin/sign-origin-request.ts';

export type OriginStepDeps = {
  readonly cache: CacheStore;
  readonly originClient: OriginClient;
  readonly nowMs: () => number;
  readonly viaHostHex: string;
  readonly embeddedOrigin?: EmbeddedOrigin;
  /** OAC SigV4 signing; absent → OAC origins are called unsigned (logged once by the service). */
  readonly signOriginRequest?: SignOriginRequest;
  /** Objects above this size are streamed to the viewer but not cached (spec §3.2: 30 GB on AWS). */
  readonly maxCacheableObjectBytes: number;
  /** True when an invalidation created after `sinceMs` covers this entry: an in-flight fill must not land. */
  readonly invalidatedSince: (distributionId: string, invalidationPath: string, sinceMs: number) => boolean;
  /** The behavior's precompiled selectors (built per snapshot, not per request). */
  readonly selectorsFor?: (behavior: CompiledBehavior) => BehaviorSelectors;
};

const DEFAULT_ERROR_CACHING_MIN_TTL = 10;

/** The distribution's ErrorCachingMinTTL for this status, else CloudFront's default of 10 seconds (spec §7.1). */
export function errorCachingMinTTL(distribution: CompiledDistribution, status: number): number {
  return distribution.customErrorResponses.get(status)?.errorCachingMinTTL ?? DEFAULT_ERROR_CACHING_MIN_TTL;
}
