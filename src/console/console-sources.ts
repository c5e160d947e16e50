// What the console reads: the edge's live snapshot, trace ring, cache and invalidations, and the store's
// buckets. Everything is a function so the console always shows the state of now (reloads, new entries).

import type { CacheStore, DistributionStatus, InvalidationService, TraceRing } from '../edge/index.ts';
import type { EdgeSnapshot } from '../edge/config/index.ts';

/**
 * A bucket as the console shows it; `bucketPolicy` is the policy document (not a secret: it names principals and
 * ARNs), null when the bucket has none.
 */
export type ConsoleBucket = {
  readonly name: string;
  readonly region: string;
  readonly acl: string;
  /** The bucket's CORS rules in the S3 API's JSON form (`CORSRules` items), or null when none is set. */
  readonly corsRules: unknown;
  readonly allowedDistributionIds: readonly string[];
  readonly bucketPolicy: unknown;
};

/** The fleet sharing this edge's control-plane state (`state.postgres`), as the console shows it. */
export type ConsoleFleet = {
  readonly thisEdge: string;
  readonly liveTimeoutSeconds: number;
  readonly edges: readonly {
    readonly edgeId: string;
    readonly lastHeartbeat: string;
    readonly deployed: Readonly<Record<string, string>>;
    readonly live: boolean;
    readonly invalidationsNotApplied: number;
  }[];
};

export type ConsoleSources = {
  readonly snapshot: () => EdgeSnapshot;
  readonly traces: () => TraceRing;
  readonly cache: () => CacheStore;
  readonly invalidations: () => InvalidationService;
  readonly distributionStatus: () => readonly DistributionStatus[];
  readonly buckets: () => Promise<readonly ConsoleBucket[]>;
  /** The fleet, read from PostgreSQL; absent when this edge keeps its state alone. */
  readonly fleet?: () => Promise<ConsoleFleet>;
  /** Whether every edge request is traced (`edge.traceAll`); otherwise only `x-frontgate-trace: 1` ones. */
  readonly traceAll: boolean;
  readonly nowMs: () => number;
  /** The port the viewer listener of a scheme is on, so a rebuilt request URL names it as the browser did. */
  readonly viewerPort?: (scheme: 'http' | 'https') => number | undefined;
};
