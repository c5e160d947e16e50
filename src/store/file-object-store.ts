// Durable ObjectStore: bytes in files under `dataDir` (data-files.ts), metadata in node:sqlite (WAL,
// synchronous=FULL; sqlite-metadata.ts). Bytes are durable before the metadata commit; replaced bytes are
// removed after it. Buckets and objects are here; multipart is file-multipart-uploads.ts.
// Layout and crash reasoning: docs/decisions/store-durability.md.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { changeAccessSettings, NO_ACCESS_SETTINGS } from './bucket-access-settings.ts';
import { createDataFiles } from './data-files.ts';
import { createSmallObjectBytes } from './small-object-bytes.ts';
import { createFileMultipartUploads } from './file-multipart-uploads.ts';
import { collectListPage } from './list-objects-page.ts';
import { highestKey, normalize, type ObjectRow, type Row, toBucket, toObject } from './metadata-rows.ts';
import type { BucketInfo, ObjectStore, StoredObject } from './object-store.ts';
import { StoreError } from './object-store.ts';
import { openMetadataDatabase, prepareMetadataStatements } from './sqlite-metadata.ts';
import { checkKey, renderEtag, utf8 } from './store-key.ts';
import { withVerifiedChecksum } from './verified-checksum.ts';
import { checkWriteConditions } from './write-conditions.ts';

export type FileObjectStoreOptions = {
  readonly dataDir: string;
  readonly now?: () => Date;
  /** Source of data file names and upload ids: 8–128 characters of [A-Za-z0-9_-]. */
  readonly randomId?: () => string;
  /** How long replaced bytes stay on disk for a reader that looked the object up just before (default 10 s). */
  readonly readGraceMs?: number;
  /** How long a completed upload is remembered so a repeated Complete succeeds (default 1 h). */
  readonly completedUploadTtlMs?: number;
  /** Minimum size of every part but the last (5 MiB in S3; lower only in tests). */
  readonly minPartBytes?: number;
  /**
   * Other processes open the same data directory at the same time (serve's workers): no exclusive lock and no
   * start-up recovery, which would remove another process's in-flight temp and data files. The process that
   * forks them opens the directory unshared first, and so recovers it (docs/decisions/workers.md).
   */
  readonly sharedWithOtherProcesses?: boolean;
};

export async function createFileObjectStore(options: FileObjectStoreOptions): Promise<ObjectStore> {
  const now = options.now ?? (() => new Date());
  const randomId = options.randomId ?? (() => randomBytes(16).toString('hex'));
  const readGraceMs = options.readGraceMs ?? 10_000;
  const completedUploadTtlMs = options.completedUploadTtlMs ?? 60 * 60 * 1000;
  const minPartBytes = options.minPartBytes;

  const files = await createDataFiles(options.dataDir, randomId);
  const shared = options.sharedWithOtherProcesses === true;
  const db = openMetadataDatabase(join(options.dataDir, 'metadata.sqlite'), { shared });
  const sql = prepareMetadataStatements(db);

  let closed = false;
  const smallObjects = createSmallObjectBytes();
  /** Replaced bytes wait `readGraceMs` before removal; see `retire`. */
  const retiring = new Map<string, NodeJS.Timeout>();

  /** Runs `work` in one write transaction; it must be synchronous so nothing interleaves. */
  function transaction<T>(work: () => T): T {
    assertOpen();
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  function isReferenced(dataId: string): boolean {
    return sql.dataReferenced.get(dataId, dataId) !== undefined;
  }

  // Start-up recovery: whatever a killed process left behind that no committed metadata points at.
  if (!shared) {
    transaction(() => {
      sql.deleteOrphanParts.run();
      sql.pruneCompleted.run(now().getTime() - completedUploadTtlMs);
    });
    await files.clearTemp();
    for (const dataId of await files.listDataIds()) {
      if (!isReferenced(dataId)) await files.remove(dataId);
    }
  }

  function assertOpen(): void {
    if (closed) throw new Error('object store is closed');
  }

  function removeIfUnreferenced(dataId: string): void {
    retiring.delete(dataId);
    if (!isReferenced(dataId)) {
      smallObjects.forget(dataId);
      files.removeSync(dataId);
    }
  }

  /**
   * Removes bytes that metadata no longer references, after a grace period so that a caller holding a
   * StoredObject from just before the overwrite can still open it. Re-checked at removal time because a
   * copy may have started sharing the bytes meanwhile. A crash before removal leaves an orphan that the
   * next start-up removes.
   */
  function retire(dataId: string | undefined): void {
    if (dataId === undefined || retiring.has(dataId)) return;
    const timer = setTimeout(() => {
      if (!closed) removeIfUnreferenced(dataId);
    }, readGraceMs);
    timer.unref();
    retiring.set(dataId, timer);
  }

  function bucketExists(name: string): boolean {
    return sql.bucket.get(name) !== undefined;
  }

  function requireBucket(name: string): void {
    assertOpen();
    if (!bucketExists(name)) throw new StoreError('NoSuchBucket', `bucket ${name} does not exist`);
  }

  function currentObject(bucket: string, keyBytes: Buffer): StoredObject | undefined {
    const row = sql.object.get(bucket, keyBytes) as ObjectRow | undefined;
    return row ? toObject(bucket, row) : undefined;
  }

  /** Inside a transaction: makes `object` the current version of its key; returns the replaced data id. */
  function commitObject(object: StoredObject): string | undefined {
    if (!bucketExists(object.bucket))
      throw new StoreError('NoSuchBucket', `bucket ${object.bucket} does not exist`);
    const keyBytes = utf8(object.key);
    const previous = sql.object.get(object.bucket, keyBytes) as ObjectRow | undefined;
    sql.upsertObject.run(
      object.bucket,
      keyBytes,
      object.size,
      object.etag,
      object.lastModified.getTime(),
      JSON.stringify(object.metadata),
      object.partSizes ? JSON.stringify(object.partSizes) : null,
      object.dataId,
    );
    return previous && previous.data_id !== object.dataId ? previous.data_id : undefined;
  }

  type PendingCommit = {
    readonly work: () => { result: unknown; replaced: (string | undefined)[] };
    readonly settle: (
      outcome: { ok: { result: unknown; replaced: (string | undefined)[] } } | { error: unknown },
    ) => void;
  };
  let pendingCommits: PendingCommit[] = [];

  /**
   * Group commit: the commits of writers whose bytes became durable in the same turn of the event loop share
   * one SQLite transaction, so one WAL fsync acknowledges all of them. Each runs in its own savepoint, in
   * arrival order, so a failing write condition rolls back only its own work, and each sees the ones before
   * it exactly as if they had committed alone. Every writer is answered only after the COMMIT returned.
   */
  function commitPending(): void {
    const batch = pendingCommits;
    pendingCommits = [];
    const outcomes: Parameters<PendingCommit['settle']>[0][] = [];
    try {
      transaction(() => {
        for (const item of batch) {
          db.exec('SAVEPOINT pending_commit');
          try {
            outcomes.push({ ok: item.work() });
            db.exec('RELEASE pending_commit');
          } catch (error) {
            db.exec('ROLLBACK TO pending_commit');
            db.exec('RELEASE pending_commit');
            outcomes.push({ error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.settle({ error });
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i].settle(outcomes[i]);
  }

  /** Runs a commit for freshly written bytes; if it fails the bytes are removed again. */
  async function commitWritten<T>(
    dataId: string,
    work: () => { result: T; replaced: (string | undefined)[] },
  ) {
    const outcome = await new Promise<Parameters<PendingCommit['settle']>[0]>((settle) => {
      if (pendingCommits.length === 0) setImmediate(commitPending);
      pendingCommits.push({ work, settle });
    });
    if ('error' in outcome) {
      if (!closed) await files.remove(dataId);
      throw outcome.error;
    }
    for (const replaced of outcome.ok.replaced) retire(replaced);
    return outcome.ok.result as T;
  }

  const multipart = createFileMultipartUploads({
    sql,
    files,
    now,
    randomId,
    completedUploadTtlMs,
    minPartBytes,
    assertOpen,
    transaction,
    bucketExists,
    requireBucket,
    commitObject,
    commitWritten,
    retire,
  });

  const store: ObjectStore = {
    async createBucket(name, opts) {
      return transaction(() => {
        if (bucketExists(name))
          throw new StoreError('BucketAlreadyOwnedByYou', `bucket ${name} already exists`);
        const info: BucketInfo = {
          name,
          creationDate: now(),
          region: opts.region,
          acl: opts.acl,
          cors: null,
          allowedDistributionIds: [],
          ...NO_ACCESS_SETTINGS,
        };
        sql.insertBucket.run(name, info.creationDate.getTime(), info.region, info.acl, 'null', '[]');
        return info;
      });
    },

    async getBucket(name) {
      assertOpen();
      const row = sql.bucket.get(name) as Row | undefined;
      return row ? toBucket(row) : undefined;
    },

    async listBuckets() {
      assertOpen();
      return (sql.buckets.all() as Row[]).map(toBucket);
    },

    async deleteBucket(name) {
      const partData = transaction(() => {
        if (!bucketExists(name)) throw new StoreError('NoSuchBucket', `bucket ${name} does not exist`);
        if (sql.anyObject.get(name) !== undefined) {
          throw new StoreError('BucketNotEmpty', `bucket ${name} is not empty`);
        }
        // Unfinished multipart uploads go with the bucket, as on S3 (docs/decisions/s3-parity-choices.md).
        const partData: string[] = [];
        for (const upload of sql.uploads.all(name) as Row[]) {
          const uploadId = upload.upload_id as string;
          for (const part of sql.parts.all(uploadId) as Row[]) partData.push(part.data_id as string);
          sql.deleteParts.run(uploadId);
          sql.deleteUpload.run(uploadId);
        }
        sql.deleteBucket.run(name);
        sql.deleteCompletedOfBucket.run(name);
        return partData;
      });
      for (const dataId of partData) retire(dataId);
    },

    async updateBucket(name, changes) {
      return transaction(() => {
        const row = sql.bucket.get(name) as Row | undefined;
        if (row === undefined) throw new StoreError('NoSuchBucket', `bucket ${name} does not exist`);
        const current = toBucket(row);
        const next: BucketInfo = {
          ...current,
          ...(changes.cors !== undefined ? { cors: normalize(changes.cors) } : {}),
          ...(changes.acl !== undefined ? { acl: changes.acl } : {}),
          ...(changes.allowedDistributionIds !== undefined
            ? { allowedDistributionIds: [...changes.allowedDistributionIds] }
            : {}),
          ...changeAccessSettings(current, changes),
        };
        sql.updateBucket.run(
          next.acl,
          JSON.stringify(next.cors ?? null),
          JSON.stringify(next.allowedDistributionIds),
          name,
        );
        sql.updateBucketAccess.run(
          next.policy,
          next.publicAccessBlock === null ? null : JSON.stringify(next.publicAccessBlock),
          next.ownershipControls,
          name,
        );
        return next;
      });
    },

    async putObject(bucket, key, body, metadata, opts) {
      const keyBytes = checkKey(key);
      requireBucket(bucket);
      // Checked early to avoid storing a doomed body, and again inside the commit where it counts.
      checkWriteConditions(currentObject(bucket, keyBytes), opts);
      const written = await files.write(body, opts?.verify);
      return commitWritten(written.dataId, () => {
        checkWriteConditions(currentObject(bucket, keyBytes), opts);
        const object: StoredObject = {
          bucket,
          key,
          size: written.size,
          etag: renderEtag(written.md5),
          lastModified: now(),
          metadata: normalize(withVerifiedChecksum(metadata, written.verified)),
          dataId: written.dataId,
        };
        return { result: object, replaced: [commitObject(object)] };
      });
    },

    async headObject(bucket, key) {
      assertOpen();
      // An object row exists only in an existing bucket: the bucket is looked up only when there is none.
      const found = currentObject(bucket, utf8(key));
      if (found === undefined) requireBucket(bucket);
      return found;
    },

    openObject(object, range) {
      return files.open(object.dataId, range);
    },

    readObjectBytes(object, range) {
      const wanted = range ?? { start: 0, end: object.size - 1 };
      if (wanted.end < wanted.start) return Buffer.alloc(0);
      return smallObjects.read(object.dataId, object.size, wanted, (r) => files.readSync(object.dataId, r));
    },

    async deleteObject(bucket, key, options) {
      const replaced = transaction(() => {
        if (!bucketExists(bucket)) throw new StoreError('NoSuchBucket', `bucket ${bucket} does not exist`);
        const keyBytes = utf8(key);
        const previous = sql.object.get(bucket, keyBytes) as ObjectRow | undefined;
        options?.precondition?.(previous ? toObject(bucket, previous) : undefined);
        sql.deleteObject.run(bucket, keyBytes);
        return previous?.data_id;
      });
      retire(replaced);
    },

    async copyObject(source, bucket, key, metadata) {
      checkKey(key);
      // The copy shares the source's data file; removal happens only once no row references it.
      const replaced = transaction(() => {
        if (!isReferenced(source.dataId) && !retiring.has(source.dataId)) {
          throw new StoreError('NoSuchKey', 'the source version no longer exists');
        }
        const object: StoredObject = {
          bucket,
          key,
          size: source.size,
          etag: source.etag,
          lastModified: now(),
          metadata: normalize(metadata),
          ...(source.partSizes ? { partSizes: [...source.partSizes] } : {}),
          dataId: source.dataId,
        };
        return { object, replaced: commitObject(object) };
      });
      retire(replaced.replaced);
      return replaced.object;
    },

    async listObjects(bucket, opts) {
      requireBucket(bucket);
      const page = collectListPage(opts, (lower, upper, limit) =>
        (sql.seekObjects.all(bucket, lower, upper ?? highestKey, limit) as ObjectRow[]).map((row) => {
          const object = toObject(bucket, row);
          return { key: object.key, keyBytes: Buffer.from(row.key), value: object };
        }),
      );
      return page;
    },

    ...multipart,

    async close() {
      if (closed) return;
      for (const [dataId, timer] of retiring) {
        clearTimeout(timer);
        removeIfUnreferenced(dataId);
      }
      closed = true;
      db.close();
    },
  };
  return store;
}
