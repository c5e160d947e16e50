// The messages between serve's primary and its workers over the cluster IPC channel (JSON). The primary
// sends what every worker must apply (invalidations, config reloads); a worker answers with an
// acknowledgement once it has applied it, and forwards the traces it records.

import type { CachedObjectMeta, EdgeTrace } from '../../edge/index.ts';
import type { WorkerApiState } from './worker-api-state.ts';

/** An invalidation as the primary recorded it; a worker sweeps its own cache tiers with it. */
export type InvalidationOrder = {
  readonly id: string;
  readonly distributionId: string;
  readonly paths: readonly string[];
};

export type PrimaryMessage =
  | {
      readonly type: 'init';
      readonly slot: number;
      /** Shared by every process so the edge in one worker signs what the store in another accepts. */
      readonly originAccessSecret: string;
      readonly adminUrl?: string;
      /** The primary's loopback listener for CloudFront API requests (control-proxy.ts). */
      readonly controlUrl: string;
      readonly configVersion: number;
      /** The CloudFront API's state in `configVersion`. */
      readonly api: WorkerApiState;
      /** Invalidations this slot has not acknowledged yet (a restarted worker inherits its disk tier). */
      readonly invalidations: readonly InvalidationOrder[];
    }
  | { readonly type: 'invalidate'; readonly order: InvalidationOrder }
  /** Re-read the config files and take `api` into a new snapshot: that is `configVersion`. */
  | { readonly type: 'reload'; readonly configVersion: number; readonly api: WorkerApiState }
  /** Report the cache entries' metadata (worker-cache-mirror.ts). */
  | { readonly type: 'report-cache'; readonly requestId: number }
  | { readonly type: 'shutdown' };

export type WorkerMessage =
  /** The worker listens on the channel now; the primary answers with `init`. */
  | { readonly type: 'started' }
  | {
      readonly type: 'ready';
      readonly slot: number;
      readonly configVersion: number;
      readonly s3Url: string;
      readonly edgeUrls: readonly string[];
      /** The invalidations of `init`, applied before the first request was accepted. */
      readonly invalidated: readonly string[];
    }
  | { readonly type: 'invalidated'; readonly slot: number; readonly id: string }
  | { readonly type: 'reloaded'; readonly slot: number; readonly configVersion: number; readonly ok: boolean }
  | { readonly type: 'trace'; readonly trace: EdgeTrace }
  | {
      readonly type: 'cache-report';
      readonly slot: number;
      readonly requestId: number;
      readonly entries: readonly CachedObjectMeta[];
    };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Only our own messages: the cluster channel also carries Node's internal ones (`cmd: 'NODE_…'`). */
export function isPrimaryMessage(value: unknown): value is PrimaryMessage {
  return (
    isRecord(value) &&
    ['init', 'invalidate', 'reload', 'report-cache', 'shutdown'].includes(value.type as string)
  );
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return (
    isRecord(value) &&
    ['started', 'ready', 'invalidated', 'reloaded', 'trace', 'cache-report'].includes(value.type as string)
  );
}
