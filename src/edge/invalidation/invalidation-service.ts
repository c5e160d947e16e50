// Invalidations for the edge cache (AWS: "Invalidate files to remove content"): `createInvalidation` validates the paths, sweeps
// every matching cached variant (all header/cookie/encoding variants share the wire path) and records the
// invalidation in CloudFront's JSON shape. In-flight fills that started before an invalidation never land.

import { randomBytes } from 'node:crypto';
import type { CacheStore } from '../cache/cache-store.ts';
import {
  InvalidationError,
  invalidationPathMatches,
  validateInvalidationPaths,
} from './invalidation-path.ts';

export type Invalidation = {
  readonly Id: string;
  readonly Status: 'InProgress' | 'Completed';
  readonly CreateTime: string;
  readonly InvalidationBatch: {
    readonly Paths: { readonly Quantity: number; readonly Items: readonly string[] };
    readonly CallerReference: string;
  };
};

type Record_ = {
  invalidation: Invalidation;
  distributionId: string;
  createdAtMs: number;
  completedAtMs?: number;
  /** How many cache entries the sweep removed. */
  removedEntries: number;
  /** ETag of the distribution config in force when the invalidation was created. */
  configEtag: string | undefined;
};

/** The newest invalidation of a distribution, as the admin listener's `GET /distributions` shows it. */
export type LastInvalidation = {
  readonly id: string;
  readonly createTime: string;
  readonly paths: readonly string[];
  readonly configEtag: string | undefined;
};

export type InvalidationService = {
  readonly create: (
    distributionId: string,
    paths: unknown,
    callerReference?: string,
  ) => { readonly invalidation: Invalidation; readonly created: boolean };
  readonly get: (
    distributionId: string,
    id: string,
  ) => (Invalidation & { readonly CompletedTime?: string }) | undefined;
  readonly list: (distributionId: string) => readonly Invalidation[];
  readonly invalidatedSince: (distributionId: string, invalidationPath: string, sinceMs: number) => boolean;
  readonly last: (distributionId: string) => LastInvalidation | undefined;
};

function createInvalidationId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(13);
  let id = 'I';
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

export function createInvalidationService(deps: {
  readonly cache: CacheStore;
  readonly nowMs: () => number;
  readonly distributionExists: (distributionId: string) => boolean;
  /** ETag of the distribution's config in force now (recorded with each invalidation). */
  readonly currentConfigEtag?: (distributionId: string) => string | undefined;
  readonly createId?: () => string;
}): InvalidationService {
  const byDistribution = new Map<string, Record_[]>();
  const createId = deps.createId ?? createInvalidationId;
  const sweep = (distributionId: string, paths: readonly string[]): number => {
    const doomed: string[] = [];
    for (const meta of deps.cache.entries()) {
      if (meta.distributionId !== distributionId) continue;
      if (paths.some((p) => invalidationPathMatches(p, meta.invalidationPath))) doomed.push(meta.key);
    }
    for (const key of doomed) deps.cache.delete(key);
    return doomed.length;
  };
  return {
    create: (distributionId, rawPaths, callerReference) => {
      if (!deps.distributionExists(distributionId))
        throw new InvalidationError('NoSuchDistribution', 'The specified distribution does not exist.', 404);
      const paths = validateInvalidationPaths(rawPaths);
      const records = byDistribution.get(distributionId) ?? [];
      const reference = callerReference ?? `frontgate-${deps.nowMs()}-${randomBytes(4).toString('hex')}`;
      const earlier = records.find((r) => r.invalidation.InvalidationBatch.CallerReference === reference);
      if (earlier) {
        const same =
          earlier.invalidation.InvalidationBatch.Paths.Items.length === paths.length &&
          earlier.invalidation.InvalidationBatch.Paths.Items.every((p, i) => p === paths[i]);
        // Same reference and paths → the earlier invalidation; different paths → error (AWS: "Invalidate files to remove content", docs/decisions/).
        if (same) return { invalidation: earlier.invalidation, created: false };
        throw new InvalidationError(
          'InvalidationBatchAlreadyExists',
          'An invalidation batch with this CallerReference already exists with different paths.',
          409,
        );
      }
      const createdAtMs = deps.nowMs();
      const invalidation: Invalidation = {
        Id: createId(),
        Status: 'InProgress',
        CreateTime: new Date(createdAtMs).toISOString(),
        InvalidationBatch: {
          Paths: { Quantity: paths.length, Items: [...paths] },
          CallerReference: reference,
        },
      };
      const record: Record_ = {
        invalidation,
        distributionId,
        createdAtMs,
        removedEntries: 0,
        configEtag: deps.currentConfigEtag?.(distributionId),
      };
      records.push(record);
      byDistribution.set(distributionId, records);
      // The sweep is synchronous: by the time the caller has the answer, no viewer gets the old objects.
      record.removedEntries = sweep(distributionId, paths);
      record.completedAtMs = deps.nowMs();
      record.invalidation = { ...invalidation, Status: 'Completed' };
      return { invalidation, created: true };
    },
    get: (distributionId, id) => {
      const record = byDistribution.get(distributionId)?.find((r) => r.invalidation.Id === id);
      if (!record) return undefined;
      return record.completedAtMs === undefined
        ? record.invalidation
        : { ...record.invalidation, CompletedTime: new Date(record.completedAtMs).toISOString() };
    },
    last: (distributionId) => {
      const records = byDistribution.get(distributionId);
      const r = records?.[records.length - 1];
      if (r === undefined) return undefined;
      return {
        id: r.invalidation.Id,
        createTime: r.invalidation.CreateTime,
        paths: r.invalidation.InvalidationBatch.Paths.Items,
        configEtag: r.configEtag,
      };
    },
    list: (distributionId) =>
      [...(byDistribution.get(distributionId) ?? [])].reverse().map((r) => r.invalidation),
    invalidatedSince: (distributionId, invalidationPath, sinceMs) => {
      const records = byDistribution.get(distributionId);
      if (!records) return false;
      for (let i = records.length - 1; i >= 0; i--) {
        const r = records[i];
        if (r.createdAtMs < sinceMs) break;
        if (
          r.invalidation.InvalidationBatch.Paths.Items.some((p) =>
            invalidationPathMatches(p, invalidationPath),
          )
        )
          return true;
      }
      return false;
    },
  };
}
