// Durable ObjectStore: bytes in files under `dataDir` (data-files.ts), metadata in node:sqlite (WAL,
// synchronous=FULL). Bytes are durable before the metadata commit; replaced bytes are removed after it.
// Layout and crash reasoning: docs/decisions/store-durability.md.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DatabaseSync } from 'node:sqlite';
import { samePartList, selectCompletedParts } from './complete-parts.ts';
import { createDataFiles } from './data-files.ts';
import { collectListPage } from './list-objects-page.ts';
import type {
  BucketInfo,
  CannedAcl,
  MultipartUpload,
  ObjectMetadata,
  ObjectStore,
  StoredChecksum,
  StoredObject,
  StoredPart,
  WriteOptions,
} from './object-store.ts';
import { StoreError } from './object-store.ts';
import { checkKey, renderEtag, renderMultipartEtag, utf8 } from './store-key.ts';
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
};

const schema = `
CREATE TABLE IF NOT EXISTS buckets (
  name TEXT PRIMARY KEY,
  creation_ms INTEGER NOT NULL,
  region TEXT NOT NULL,
  acl TEXT NOT NULL,
  cors_json TEXT NOT NULL,
  allowed_distribution_ids_json TEXT NOT NULL
) STRICT;
-- Keys are stored as UTF-8 BLOBs: BLOBs compare with memcmp, which is S3's listing order.
CREATE TABLE IF NOT EXISTS objects (
  bucket TEXT NOT NULL,
  key BLOB NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  metadata_json TEXT NOT NULL,
  part_sizes_json TEXT,
  data_id TEXT NOT NULL,
  PRIMARY KEY (bucket, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_data_id ON objects (data_id);
CREATE TABLE IF NOT EXISTS uploads (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  key BLOB NOT NULL,
  initiated_ms INTEGER NOT NULL,
  metadata_json TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS uploads_by_bucket ON uploads (bucket, key, initiated_ms);
CREATE TABLE IF NOT EXISTS parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  etag TEXT NOT NULL,
  md5 BLOB NOT NULL,
  size INTEGER NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  checksum_json TEXT,
  data_id TEXT NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS parts_by_data_id ON parts (data_id);
CREATE TABLE IF NOT EXISTS completed_uploads (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  upload_json TEXT NOT NULL,
  parts_json TEXT NOT NULL,
  object_json TEXT NOT NULL,
  completed_ms INTEGER NOT NULL
) STRICT;
`;

type Row = Record<string, unknown>;
type ObjectRow = {
  key: Uint8Array;
  size: number;
  etag: string;
  last_modified_ms: number;
  metadata_json: string;
  part_sizes_json: string | null;
  data_id: string;
};

const objectColumns = 'key, size, etag, last_modified_ms, metadata_json, part_sizes_json, data_id';
const highestKey = Buffer.of(0xff);

function decodeKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Metadata goes through JSON once so what a write returns equals what a later read returns. */
function normalize<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function toObject(bucket: string, row: ObjectRow): StoredObject {
  return {
    bucket,
    key: decodeKey(row.key),
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified_ms),
    metadata: JSON.parse(row.metadata_json) as ObjectMetadata,
    ...(row.part_sizes_json !== null ? { partSizes: JSON.parse(row.part_sizes_json) as number[] } : {}),
    dataId: row.data_id,
  };
}

function toBucket(row: Row): BucketInfo {
  return {
    name: row.name as string,
    creationDate: new Date(row.creation_ms as number),
    region: row.region as string,
    acl: row.acl as CannedAcl,
    cors: JSON.parse(row.cors_json as string),
    allowedDistributionIds: JSON.parse(row.allowed_distribution_ids_json as string) as string[],
  };
}

function toUpload(row: Row): MultipartUpload {
  return {
    uploadId: row.upload_id as string,
    bucket: row.bucket as string,
    key: decodeKey(row.key as Uint8Array),
    initiated: new Date(row.initiated_ms as number),
    metadata: JSON.parse(row.metadata_json as string) as ObjectMetadata,
  };
}

type PartRow = StoredPart & { readonly md5: Buffer; readonly dataId: string };

function toPart(row: Row): PartRow {
  const md5 = row.md5 as Uint8Array;
  return {
    partNumber: row.part_number as number,
    etag: row.etag as string,
    size: row.size as number,
    lastModified: new Date(row.last_modified_ms as number),
    ...(row.checksum_json !== null
      ? { checksum: JSON.parse(row.checksum_json as string) as StoredChecksum }
      : {}),
    md5: Buffer.from(md5.buffer, md5.byteOffset, md5.byteLength),
    dataId: row.data_id as string,
  };
}

function publicPart(part: PartRow): StoredPart {
  const { md5: _md5, dataId: _dataId, ...rest } = part;
  return rest;
}

function reviveObject(json: string): StoredObject {
  const raw = JSON.parse(json) as StoredObject & { lastModified: string };
  return { ...raw, lastModified: new Date(raw.lastModified) };
}

function reviveUpload(json: string): MultipartUpload {
  const raw = JSON.parse(json) as { initiated: string; completedAt: string } & MultipartUpload;
  return { ...raw, initiated: new Date(raw.initiated), completedAt: new Date(raw.completedAt) };
}

export async function createFileObjectStore(options: FileObjectStoreOptions): Promise<ObjectStore> {
  const now = options.now ?? (() => new Date());
  const randomId = options.randomId ?? (() => randomBytes(16).toString('hex'));
  const readGraceMs = options.readGraceMs ?? 10_000;
  const completedUploadTtlMs = options.completedUploadTtlMs ?? 60 * 60 * 1000;
  const minPartBytes = options.minPartBytes;

  const files = await createDataFiles(options.dataDir, randomId);
  const db = new DatabaseSync(join(options.dataDir, 'metadata.sqlite'));
  try {
    // One process owns a data directory: an exclusive lock makes a second one fail instead of racing the
    // orphan scan. WAL with synchronous=FULL makes every COMMIT durable before it returns.
    db.exec('PRAGMA busy_timeout = 1000');
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('BEGIN IMMEDIATE');
    db.exec(schema);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    throw error;
  }

  const sql = {
    bucket: db.prepare('SELECT * FROM buckets WHERE name = ?'),
    buckets: db.prepare('SELECT * FROM buckets ORDER BY name'),
    insertBucket: db.prepare(
      'INSERT INTO buckets (name, creation_ms, region, acl, cors_json, allowed_distribution_ids_json) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateBucket: db.prepare(
      'UPDATE buckets SET acl = ?, cors_json = ?, allowed_distribution_ids_json = ? WHERE name = ?',
    ),
    deleteBucket: db.prepare('DELETE FROM buckets WHERE name = ?'),
    anyObject: db.prepare('SELECT 1 FROM objects WHERE bucket = ? LIMIT 1'),
    anyUpload: db.prepare('SELECT 1 FROM uploads WHERE bucket = ? LIMIT 1'),
    object: db.prepare(`SELECT ${objectColumns} FROM objects WHERE bucket = ? AND key = ?`),
    seekObjects: db.prepare(
      `SELECT ${objectColumns} FROM objects WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?`,
    ),
    upsertObject: db.prepare(
      `INSERT OR REPLACE INTO objects (bucket, ${objectColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteObject: db.prepare('DELETE FROM objects WHERE bucket = ? AND key = ?'),
    dataReferenced: db.prepare(
      'SELECT 1 FROM objects WHERE data_id = ? UNION ALL SELECT 1 FROM parts WHERE data_id = ? LIMIT 1',
    ),
    insertUpload: db.prepare(
      'INSERT INTO uploads (upload_id, bucket, key, initiated_ms, metadata_json) VALUES (?, ?, ?, ?, ?)',
    ),
    upload: db.prepare('SELECT * FROM uploads WHERE upload_id = ? AND bucket = ?'),
    uploads: db.prepare('SELECT * FROM uploads WHERE bucket = ? ORDER BY key, initiated_ms, upload_id'),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE upload_id = ?'),
    part: db.prepare('SELECT * FROM parts WHERE upload_id = ? AND part_number = ?'),
    parts: db.prepare('SELECT * FROM parts WHERE upload_id = ? ORDER BY part_number'),
    upsertPart: db.prepare(
      `INSERT OR REPLACE INTO parts (upload_id, part_number, etag, md5, size, last_modified_ms, checksum_json, data_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteParts: db.prepare('DELETE FROM parts WHERE upload_id = ?'),
    deleteOrphanParts: db.prepare('DELETE FROM parts WHERE upload_id NOT IN (SELECT upload_id FROM uploads)'),
    completed: db.prepare('SELECT * FROM completed_uploads WHERE upload_id = ? AND bucket = ?'),
    insertCompleted: db.prepare(
      `INSERT OR REPLACE INTO completed_uploads (upload_id, bucket, upload_json, parts_json, object_json, completed_ms)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    pruneCompleted: db.prepare('DELETE FROM completed_uploads WHERE completed_ms < ?'),
    deleteCompletedOfBucket: db.prepare('DELETE FROM completed_uploads WHERE bucket = ?'),
  };

  let closed = false;
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
  transaction(() => {
    sql.deleteOrphanParts.run();
    sql.pruneCompleted.run(now().getTime() - completedUploadTtlMs);
  });
  await files.clearTemp();
  for (const dataId of await files.listDataIds()) {
    if (!isReferenced(dataId)) await files.remove(dataId);
  }

  function assertOpen(): void {
    if (closed) throw new Error('object store is closed');
  }

  function removeIfUnreferenced(dataId: string): void {
    retiring.delete(dataId);
    if (!isReferenced(dataId)) files.removeSync(dataId);
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

  /** Runs a commit for freshly written bytes; if it fails the bytes are removed again. */
  async function commitWritten<T>(
    dataId: string,
    work: () => { result: T; replaced: (string | undefined)[] },
  ) {
    let outcome: { result: T; replaced: (string | undefined)[] };
    try {
      outcome = transaction(work);
    } catch (error) {
      if (!closed) await files.remove(dataId);
      throw error;
    }
    for (const replaced of outcome.replaced) retire(replaced);
    return outcome.result;
  }

  function activeUpload(upload: MultipartUpload): MultipartUpload {
    const row = sql.upload.get(upload.uploadId, upload.bucket) as Row | undefined;
    if (row === undefined) throw new StoreError('NoSuchUpload', `upload ${upload.uploadId} does not exist`);
    return toUpload(row);
  }

  function previousCompletion(
    upload: MultipartUpload,
    parts: readonly { partNumber: number; etag: string }[],
  ) {
    sql.pruneCompleted.run(now().getTime() - completedUploadTtlMs);
    const row = sql.completed.get(upload.uploadId, upload.bucket) as Row | undefined;
    if (row !== undefined && samePartList(JSON.parse(row.parts_json as string), parts)) {
      return reviveObject(row.object_json as string);
    }
    throw new StoreError('NoSuchUpload', `upload ${upload.uploadId} does not exist`);
  }

  async function writePart(
    upload: MultipartUpload,
    partNumber: number,
    body: Readable,
    verify?: WriteOptions['verify'],
    givenChecksum?: StoredChecksum,
  ): Promise<StoredPart> {
    assertOpen();
    activeUpload(upload);
    const written = await files.write(body, verify);
    const checksum = written.verified?.checksum ?? givenChecksum;
    return commitWritten(written.dataId, () => {
      activeUpload(upload);
      const previous = sql.part.get(upload.uploadId, partNumber) as Row | undefined;
      const part: PartRow = {
        partNumber,
        etag: renderEtag(written.md5),
        size: written.size,
        lastModified: now(),
        ...(checksum ? { checksum } : {}),
        md5: written.md5,
        dataId: written.dataId,
      };
      sql.upsertPart.run(
        upload.uploadId,
        partNumber,
        part.etag,
        part.md5,
        part.size,
        part.lastModified.getTime(),
        checksum ? JSON.stringify(checksum) : null,
        part.dataId,
      );
      return { result: publicPart(part), replaced: [previous?.data_id as string | undefined] };
    });
  }

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
      transaction(() => {
        if (!bucketExists(name)) throw new StoreError('NoSuchBucket', `bucket ${name} does not exist`);
        if (sql.anyObject.get(name) !== undefined || sql.anyUpload.get(name) !== undefined) {
          throw new StoreError('BucketNotEmpty', `bucket ${name} is not empty`);
        }
        sql.deleteBucket.run(name);
        sql.deleteCompletedOfBucket.run(name);
      });
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
        };
        sql.updateBucket.run(
          next.acl,
          JSON.stringify(next.cors ?? null),
          JSON.stringify(next.allowedDistributionIds),
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
      requireBucket(bucket);
      return currentObject(bucket, utf8(key));
    },

    openObject(object, range) {
      return files.open(object.dataId, range);
    },

    async deleteObject(bucket, key) {
      const replaced = transaction(() => {
        if (!bucketExists(bucket)) throw new StoreError('NoSuchBucket', `bucket ${bucket} does not exist`);
        const keyBytes = utf8(key);
        const previous = sql.object.get(bucket, keyBytes) as ObjectRow | undefined;
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

    async createMultipartUpload(bucket, key, metadata) {
      const keyBytes = checkKey(key);
      return transaction(() => {
        if (!bucketExists(bucket)) throw new StoreError('NoSuchBucket', `bucket ${bucket} does not exist`);
        const upload: MultipartUpload = {
          uploadId: randomId(),
          bucket,
          key,
          initiated: now(),
          metadata: normalize(metadata),
        };
        sql.insertUpload.run(
          upload.uploadId,
          bucket,
          keyBytes,
          upload.initiated.getTime(),
          JSON.stringify(metadata),
        );
        return upload;
      });
    },

    async getMultipartUpload(bucket, uploadId, opts) {
      requireBucket(bucket);
      const row = sql.upload.get(uploadId, bucket) as Row | undefined;
      if (row !== undefined) return toUpload(row);
      if (!opts?.includeCompleted) return undefined;
      const done = sql.completed.get(uploadId, bucket) as Row | undefined;
      if (done === undefined || (done.completed_ms as number) < now().getTime() - completedUploadTtlMs)
        return undefined;
      return reviveUpload(done.upload_json as string);
    },

    async putPart(upload, partNumber, body, opts) {
      requireBucket(upload.bucket);
      return writePart(upload, partNumber, body, opts?.verify, opts?.checksum);
    },

    async copyPart(upload, partNumber, source, range) {
      requireBucket(upload.bucket);
      activeUpload(upload);
      return writePart(upload, partNumber, files.open(source.dataId, range));
    },

    async listParts(upload) {
      requireBucket(upload.bucket);
      activeUpload(upload);
      return (sql.parts.all(upload.uploadId) as Row[]).map((row) => publicPart(toPart(row)));
    },

    async listMultipartUploads(bucket) {
      requireBucket(bucket);
      return (sql.uploads.all(bucket) as Row[]).map(toUpload);
    },

    async completeMultipartUpload(upload, parts, options) {
      requireBucket(upload.bucket);
      const row = sql.upload.get(upload.uploadId, upload.bucket) as Row | undefined;
      if (row === undefined) return previousCompletion(upload, parts);
      const active = toUpload(row);
      const stored = new Map(
        (sql.parts.all(upload.uploadId) as Row[]).map((r) => [r.part_number as number, toPart(r)]),
      );
      const chosen = selectCompletedParts(parts, stored, minPartBytes);
      // One data file per object keeps ranged reads a single seek; parts are opened up front so a concurrent
      // re-upload of a part cannot change the bytes under us.
      const sources = chosen.map((part) => files.open(part.dataId));
      const written = await files
        .write(
          Readable.from(
            (async function* concatenate() {
              for (const source of sources) yield* source;
            })(),
          ),
        )
        .finally(() => {
          for (const source of sources) source.destroy();
        });
      return commitWritten(written.dataId, () => {
        if (sql.upload.get(upload.uploadId, upload.bucket) === undefined) {
          return { result: previousCompletion(upload, parts), replaced: [written.dataId] };
        }
        const object: StoredObject = {
          bucket: active.bucket,
          key: active.key,
          size: written.size,
          etag: renderMultipartEtag(chosen.map((part) => part.md5)),
          lastModified: now(),
          metadata: options?.checksum ? { ...active.metadata, checksum: options.checksum } : active.metadata,
          partSizes: chosen.map((part) => part.size),
          dataId: written.dataId,
        };
        const replaced = commitObject(object);
        const partData = (sql.parts.all(upload.uploadId) as Row[]).map((r) => r.data_id as string);
        sql.deleteParts.run(upload.uploadId);
        sql.deleteUpload.run(upload.uploadId);
        const completedAt = now();
        sql.insertCompleted.run(
          upload.uploadId,
          upload.bucket,
          JSON.stringify({ ...active, completedAt }),
          JSON.stringify(parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag }))),
          JSON.stringify(object),
          completedAt.getTime(),
        );
        sql.pruneCompleted.run(completedAt.getTime() - completedUploadTtlMs);
        return { result: object, replaced: [replaced, ...partData] };
      });
    },

    async abortMultipartUpload(upload) {
      requireBucket(upload.bucket);
      const partData = transaction(() => {
        activeUpload(upload);
        const data = (sql.parts.all(upload.uploadId) as Row[]).map((r) => r.data_id as string);
        sql.deleteParts.run(upload.uploadId);
        sql.deleteUpload.run(upload.uploadId);
        return data;
      });
      for (const dataId of partData) retire(dataId);
    },

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
