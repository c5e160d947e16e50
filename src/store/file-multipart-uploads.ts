// The file store's multipart operations: uploads and parts live in SQLite rows, part bytes in data files;
// Complete concatenates the chosen parts into one data file and remembers the completion for a retry.
// Built by file-object-store.ts over the core it shares (transactions, commits, retiring bytes).

import { Readable } from 'node:stream';
import { samePartList, selectCompletedParts } from './complete-parts.ts';
import type { DataFiles } from './data-files.ts';
import {
  normalize,
  type ObjectRow,
  type PartRow,
  publicPart,
  type Row,
  reviveObject,
  reviveUpload,
  toObject,
  toPart,
  toUpload,
} from './metadata-rows.ts';
import type {
  MultipartOperations,
  MultipartUpload,
  StoredChecksum,
  StoredObject,
  StoredPart,
  WriteOptions,
} from './object-store.ts';
import { StoreError } from './object-store.ts';
import type { MetadataStatements } from './sqlite-metadata.ts';
import { checkKey, renderEtag, renderMultipartEtag } from './store-key.ts';
import { checkWriteConditions } from './write-conditions.ts';

/** What the multipart operations need from the file store that owns them. */
export type FileStoreCore = {
  readonly sql: MetadataStatements;
  readonly files: DataFiles;
  readonly now: () => Date;
  readonly randomId: () => string;
  readonly completedUploadTtlMs: number;
  readonly minPartBytes: number | undefined;
  readonly assertOpen: () => void;
  /** Runs `work` in one synchronous write transaction. */
  readonly transaction: <T>(work: () => T) => T;
  readonly bucketExists: (name: string) => boolean;
  readonly requireBucket: (name: string) => void;
  /** Inside a transaction: makes `object` current; returns the replaced data id. */
  readonly commitObject: (object: StoredObject) => string | undefined;
  /** Commits freshly written bytes, removing them again if the commit fails. */
  readonly commitWritten: <T>(
    dataId: string,
    work: () => { result: T; replaced: (string | undefined)[] },
  ) => Promise<T>;
  /** Removes bytes nothing references any more, after the read grace period. */
  readonly retire: (dataId: string | undefined) => void;
};

export function createFileMultipartUploads(core: FileStoreCore): MultipartOperations {
  const { sql, files, now, completedUploadTtlMs } = core;

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
    core.assertOpen();
    activeUpload(upload);
    const written = await files.write(body, verify);
    const checksum = written.verified?.checksum ?? givenChecksum;
    return core.commitWritten(written.dataId, () => {
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

  /** One data file per object keeps ranged reads a single seek. */
  function concatenateParts(chosen: readonly PartRow[]) {
    // Parts are opened up front so a concurrent re-upload of a part cannot change the bytes under us.
    const sources = chosen.map((part) => files.open(part.dataId));
    return files
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
  }

  /** Inside the commit transaction: the object replaces the upload, which is remembered as completed. */
  function commitCompletion(
    active: MultipartUpload,
    parts: readonly { partNumber: number; etag: string }[],
    object: StoredObject,
  ): (string | undefined)[] {
    const replaced = core.commitObject(object);
    const partData = (sql.parts.all(active.uploadId) as Row[]).map((r) => r.data_id as string);
    sql.deleteParts.run(active.uploadId);
    sql.deleteUpload.run(active.uploadId);
    const completedAt = now();
    sql.insertCompleted.run(
      active.uploadId,
      active.bucket,
      JSON.stringify({ ...active, completedAt }),
      JSON.stringify(parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag }))),
      JSON.stringify(object),
      completedAt.getTime(),
    );
    sql.pruneCompleted.run(completedAt.getTime() - completedUploadTtlMs);
    return [replaced, ...partData];
  }

  return {
    async createMultipartUpload(bucket, key, metadata) {
      const keyBytes = checkKey(key);
      return core.transaction(() => {
        if (!core.bucketExists(bucket))
          throw new StoreError('NoSuchBucket', `bucket ${bucket} does not exist`);
        const upload: MultipartUpload = {
          uploadId: core.randomId(),
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
      core.requireBucket(bucket);
      const row = sql.upload.get(uploadId, bucket) as Row | undefined;
      if (row !== undefined) return toUpload(row);
      if (!opts?.includeCompleted) return undefined;
      const done = sql.completed.get(uploadId, bucket) as Row | undefined;
      if (done === undefined || (done.completed_ms as number) < now().getTime() - completedUploadTtlMs)
        return undefined;
      return reviveUpload(done.upload_json as string);
    },

    async putPart(upload, partNumber, body, opts) {
      core.requireBucket(upload.bucket);
      return writePart(upload, partNumber, body, opts?.verify, opts?.checksum);
    },

    async copyPart(upload, partNumber, source, range) {
      core.requireBucket(upload.bucket);
      activeUpload(upload);
      return writePart(upload, partNumber, files.open(source.dataId, range));
    },

    async listParts(upload) {
      core.requireBucket(upload.bucket);
      activeUpload(upload);
      return (sql.parts.all(upload.uploadId) as Row[]).map((row) => publicPart(toPart(row)));
    },

    async listMultipartUploads(bucket) {
      core.requireBucket(bucket);
      return (sql.uploads.all(bucket) as Row[]).map(toUpload);
    },

    async completeMultipartUpload(upload, parts, options) {
      core.requireBucket(upload.bucket);
      const row = sql.upload.get(upload.uploadId, upload.bucket) as Row | undefined;
      if (row === undefined) return previousCompletion(upload, parts);
      const active = toUpload(row);
      const stored = new Map(
        (sql.parts.all(upload.uploadId) as Row[]).map((r) => [r.part_number as number, toPart(r)]),
      );
      const chosen = selectCompletedParts(parts, stored, core.minPartBytes);
      const current = () => {
        const found = sql.object.get(active.bucket, Buffer.from(active.key, 'utf8')) as ObjectRow | undefined;
        return found ? toObject(active.bucket, found) : undefined;
      };
      // Checked before the bytes are assembled (cheap refusal) and again inside the commit (no race).
      checkWriteConditions(current(), options);
      const written = await concatenateParts(chosen);
      return core.commitWritten(written.dataId, () => {
        if (sql.upload.get(upload.uploadId, upload.bucket) === undefined) {
          return { result: previousCompletion(upload, parts), replaced: [written.dataId] };
        }
        checkWriteConditions(current(), options);
        const base = options?.metadata ?? active.metadata;
        const object: StoredObject = {
          bucket: active.bucket,
          key: active.key,
          size: written.size,
          etag: renderMultipartEtag(chosen.map((part) => part.md5)),
          lastModified: now(),
          metadata: options?.checksum ? { ...base, checksum: options.checksum } : base,
          partSizes: chosen.map((part) => part.size),
          dataId: written.dataId,
        };
        return { result: object, replaced: commitCompletion(active, parts, object) };
      });
    },

    async abortMultipartUpload(upload) {
      core.requireBucket(upload.bucket);
      const partData = core.transaction(() => {
        activeUpload(upload);
        const data = (sql.parts.all(upload.uploadId) as Row[]).map((r) => r.data_id as string);
        sql.deleteParts.run(upload.uploadId);
        sql.deleteUpload.run(upload.uploadId);
        return data;
      });
      for (const dataId of partData) core.retire(dataId);
    },
  };
}
