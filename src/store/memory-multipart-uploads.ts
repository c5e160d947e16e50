// The memory store's multipart operations: parts are Buffers under data ids, Complete concatenates the
// chosen parts into one version and remembers the completion so a repeated Complete succeeds.

import { createHash } from 'node:crypto';
import { readAll } from './buffer-streams.ts';
import { samePartList, selectCompletedParts } from './complete-parts.ts';
import { checkWriteConditions } from './write-conditions.ts';
import type { MemoryPart, MemoryStoreCore, MemoryUpload } from './memory-store-state.ts';
import type {
  MultipartOperations,
  MultipartUpload,
  ObjectMetadata,
  StoredChecksum,
  StoredObject,
  StoredPart,
} from './object-store.ts';
import { StoreError } from './object-store.ts';
import { checkKey, renderEtag, renderMultipartEtag, utf8 } from './store-key.ts';

type CompletedUpload = {
  readonly upload: MultipartUpload;
  readonly parts: readonly { partNumber: number; etag: string }[];
  readonly object: StoredObject;
};

export type MemoryMultipartUploads = MultipartOperations & {
  /** Forgets the completed uploads of a deleted bucket. */
  forgetBucket(name: string): void;
};

export function createMemoryMultipartUploads(core: MemoryStoreCore): MemoryMultipartUploads {
  const { now, randomId, completedUploadTtlMs, minPartBytes, bucketOrThrow, storeData, dataOf, release } =
    core;
  const completed = new Map<string, CompletedUpload>();

  function pruneCompleted(): void {
    const oldest = now().getTime() - completedUploadTtlMs;
    for (const [id, record] of completed) {
      if ((record.upload.completedAt?.getTime() ?? 0) < oldest) completed.delete(id);
    }
  }

  function activeUpload(upload: MultipartUpload): MemoryUpload {
    const state = bucketOrThrow(upload.bucket).uploads.get(upload.uploadId);
    if (state === undefined) throw new StoreError('NoSuchUpload', `upload ${upload.uploadId} does not exist`);
    return state;
  }

  function addPart(
    state: MemoryUpload,
    partNumber: number,
    bytes: Buffer,
    md5: Buffer,
    checksum?: StoredChecksum,
  ) {
    const part: MemoryPart = {
      partNumber,
      etag: renderEtag(md5),
      size: bytes.length,
      lastModified: now(),
      md5,
      dataId: storeData(bytes),
      ...(checksum ? { checksum } : {}),
    };
    const previous = state.parts.get(partNumber);
    state.parts.set(partNumber, part);
    if (previous !== undefined) release(previous.dataId);
    return publicPart(part);
  }

  function publicPart(part: MemoryPart): StoredPart {
    const { md5: _md5, dataId: _dataId, ...rest } = part;
    return rest;
  }

  return {
    forgetBucket(name) {
      for (const [id, record] of completed) if (record.upload.bucket === name) completed.delete(id);
    },

    async createMultipartUpload(bucketName: string, key: string, metadata: ObjectMetadata) {
      checkKey(key);
      const bucket = bucketOrThrow(bucketName);
      const upload: MultipartUpload = {
        uploadId: randomId(),
        bucket: bucketName,
        key,
        initiated: now(),
        metadata,
      };
      bucket.uploads.set(upload.uploadId, { upload, parts: new Map() });
      return upload;
    },

    async getMultipartUpload(bucketName, uploadId, opts) {
      const active = bucketOrThrow(bucketName).uploads.get(uploadId);
      if (active !== undefined) return active.upload;
      if (!opts?.includeCompleted) return undefined;
      pruneCompleted();
      const record = completed.get(uploadId);
      return record?.upload.bucket === bucketName ? record.upload : undefined;
    },

    async putPart(upload, partNumber, body, opts) {
      activeUpload(upload);
      const { bytes, md5 } = await readAll(body);
      const verified = (await opts?.verify?.({ size: bytes.length, md5 })) ?? undefined;
      return addPart(activeUpload(upload), partNumber, bytes, md5, verified?.checksum ?? opts?.checksum);
    },

    async copyPart(upload, partNumber, source, range) {
      const state = activeUpload(upload);
      const whole = dataOf(source);
      const bytes = range ? whole.subarray(range.start, range.end + 1) : whole;
      return addPart(state, partNumber, bytes, createHash('md5').update(bytes).digest());
    },

    async listParts(upload) {
      const state = activeUpload(upload);
      return [...state.parts.values()].sort((a, b) => a.partNumber - b.partNumber).map(publicPart);
    },

    async listMultipartUploads(bucketName) {
      const bucket = bucketOrThrow(bucketName);
      return [...bucket.uploads.values()]
        .map((u) => u.upload)
        .sort(
          (a, b) => Buffer.compare(utf8(a.key), utf8(b.key)) || a.initiated.getTime() - b.initiated.getTime(),
        );
    },

    async completeMultipartUpload(upload, parts, options) {
      const bucket = bucketOrThrow(upload.bucket);
      const state = bucket.uploads.get(upload.uploadId);
      if (state === undefined) {
        pruneCompleted();
        const record = completed.get(upload.uploadId);
        if (
          record !== undefined &&
          record.upload.bucket === upload.bucket &&
          samePartList(record.parts, parts)
        ) {
          return record.object;
        }
        throw new StoreError('NoSuchUpload', `upload ${upload.uploadId} does not exist`);
      }
      const chosen = selectCompletedParts(parts, state.parts, minPartBytes);
      checkWriteConditions(bucket.objects.get(state.upload.key), options);
      const base = options?.metadata ?? state.upload.metadata;
      const bytes = Buffer.concat(chosen.map((part) => dataOf(part)));
      const object: StoredObject = {
        bucket: upload.bucket,
        key: state.upload.key,
        size: bytes.length,
        etag: renderMultipartEtag(chosen.map((part) => part.md5)),
        lastModified: now(),
        metadata: options?.checksum ? { ...base, checksum: options.checksum } : base,
        partSizes: chosen.map((part) => part.size),
        dataId: storeData(bytes),
      };
      core.setObject(bucket, object);
      bucket.uploads.delete(upload.uploadId);
      for (const part of state.parts.values()) release(part.dataId);
      completed.set(upload.uploadId, {
        upload: { ...state.upload, completedAt: now() },
        parts: parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
        object,
      });
      return object;
    },

    async abortMultipartUpload(upload) {
      const bucket = bucketOrThrow(upload.bucket);
      const state = activeUpload(upload);
      bucket.uploads.delete(upload.uploadId);
      for (const part of state.parts.values()) release(part.dataId);
    },
  };
}
