// In-memory ObjectStore: same behaviour as the file store, nothing persisted. For tests and `demo`;
// bytes live in Buffers keyed by data id, so an opened or just-read version survives an overwrite.

import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { failingStream, readAll, streamBytes } from './buffer-streams.ts';
import { samePartList, selectCompletedParts } from './complete-parts.ts';
import { collectListPage, type KeyedRow } from './list-objects-page.ts';
import { lowerBound } from './sorted-key-index.ts';
import type {
  BucketInfo,
  CannedAcl,
  ListObjectsOptions,
  ListObjectsPage,
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

export type MemoryObjectStoreOptions = {
  readonly now?: () => Date;
  readonly randomId?: () => string;
  /** How long a replaced version's bytes stay readable by `openObject` (a reader between HEAD and open). */
  readonly readGraceMs?: number;
  /** How long a completed upload is remembered so a repeated Complete succeeds. */
  readonly completedUploadTtlMs?: number;
  /** Minimum size of every part but the last (5 MiB in S3; lower only in tests). */
  readonly minPartBytes?: number;
};

type MemoryPart = StoredPart & { readonly md5: Buffer; readonly dataId: string };
type MemoryUpload = { readonly upload: MultipartUpload; readonly parts: Map<number, MemoryPart> };
type CompletedUpload = {
  readonly upload: MultipartUpload;
  readonly parts: readonly { partNumber: number; etag: string }[];
  readonly object: StoredObject;
};
type MemoryBucket = {
  info: BucketInfo;
  readonly objects: Map<string, StoredObject>;
  /** Keys in UTF-8 byte order, maintained on every write so listing is a binary search. */
  readonly index: KeyedRow<string>[];
  readonly uploads: Map<string, MemoryUpload>;
};

export function createMemoryObjectStore(options: MemoryObjectStoreOptions = {}): ObjectStore {
  const now = options.now ?? (() => new Date());
  const randomId = options.randomId ?? (() => randomUUID().replaceAll('-', ''));
  const readGraceMs = options.readGraceMs ?? 10_000;
  const completedUploadTtlMs = options.completedUploadTtlMs ?? 60 * 60 * 1000;
  const minPartBytes = options.minPartBytes;

  const buckets = new Map<string, MemoryBucket>();
  const data = new Map<string, Buffer>();
  const completed = new Map<string, CompletedUpload>();
  const releaseTimers = new Set<NodeJS.Timeout>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error('object store is closed');
  }

  function bucketOrThrow(name: string): MemoryBucket {
    assertOpen();
    const bucket = buckets.get(name);
    if (bucket === undefined) throw new StoreError('NoSuchBucket', `bucket ${name} does not exist`);
    return bucket;
  }

  /** Drops bytes no object or part references any more, after the read grace period. */
  function release(dataId: string): void {
    const timer = setTimeout(() => {
      releaseTimers.delete(timer);
      data.delete(dataId);
    }, readGraceMs);
    timer.unref();
    releaseTimers.add(timer);
  }

  function storeData(bytes: Buffer): string {
    const dataId = randomId();
    data.set(dataId, bytes);
    return dataId;
  }

  function dataOf(object: { dataId: string }): Buffer {
    const bytes = data.get(object.dataId);
    if (bytes === undefined) throw new StoreError('NoSuchKey', 'that version of the object no longer exists');
    return bytes;
  }

  function setObject(bucket: MemoryBucket, object: StoredObject): void {
    const previous = bucket.objects.get(object.key);
    bucket.objects.set(object.key, object);
    if (previous !== undefined) {
      if (previous.dataId !== object.dataId) release(previous.dataId);
      return;
    }
    const keyBytes = utf8(object.key);
    bucket.index.splice(lowerBound(bucket.index, keyBytes), 0, {
      key: object.key,
      keyBytes,
      value: object.key,
    });
  }

  function removeObject(bucket: MemoryBucket, key: string): void {
    const previous = bucket.objects.get(key);
    if (previous === undefined) return;
    bucket.objects.delete(key);
    bucket.index.splice(lowerBound(bucket.index, utf8(key)), 1);
    release(previous.dataId);
  }

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

  const store: ObjectStore = {
    async createBucket(name: string, opts: { region: string; acl: CannedAcl }): Promise<BucketInfo> {
      assertOpen();
      if (buckets.has(name)) throw new StoreError('BucketAlreadyOwnedByYou', `bucket ${name} already exists`);
      const info: BucketInfo = {
        name,
        creationDate: now(),
        region: opts.region,
        acl: opts.acl,
        cors: null,
        allowedDistributionIds: [],
      };
      buckets.set(name, { info, objects: new Map(), index: [], uploads: new Map() });
      return info;
    },

    async getBucket(name: string): Promise<BucketInfo | undefined> {
      assertOpen();
      return buckets.get(name)?.info;
    },

    async listBuckets(): Promise<readonly BucketInfo[]> {
      assertOpen();
      return [...buckets.values()]
        .map((b) => b.info)
        .sort((a, b) => Buffer.compare(utf8(a.name), utf8(b.name)));
    },

    async deleteBucket(name: string): Promise<void> {
      const bucket = bucketOrThrow(name);
      if (bucket.objects.size > 0 || bucket.uploads.size > 0) {
        throw new StoreError('BucketNotEmpty', `bucket ${name} is not empty`);
      }
      buckets.delete(name);
      for (const [id, record] of completed) if (record.upload.bucket === name) completed.delete(id);
    },

    async updateBucket(name, changes): Promise<BucketInfo> {
      const bucket = bucketOrThrow(name);
      bucket.info = {
        ...bucket.info,
        ...(changes.cors !== undefined ? { cors: changes.cors } : {}),
        ...(changes.acl !== undefined ? { acl: changes.acl } : {}),
        ...(changes.allowedDistributionIds !== undefined
          ? { allowedDistributionIds: [...changes.allowedDistributionIds] }
          : {}),
      };
      return bucket.info;
    },

    async putObject(
      bucketName: string,
      key: string,
      body: Readable,
      metadata: ObjectMetadata,
      opts?: WriteOptions,
    ): Promise<StoredObject> {
      checkKey(key);
      checkWriteConditions(bucketOrThrow(bucketName).objects.get(key), opts);
      const { bytes, md5 } = await readAll(body);
      const verified = (await opts?.verify?.({ size: bytes.length, md5 })) ?? undefined;
      // The commit: re-check everything that may have changed while the body streamed in.
      const bucket = bucketOrThrow(bucketName);
      checkWriteConditions(bucket.objects.get(key), opts);
      const object: StoredObject = {
        bucket: bucketName,
        key,
        size: bytes.length,
        etag: renderEtag(md5),
        lastModified: now(),
        metadata: withVerifiedChecksum(metadata, verified),
        dataId: storeData(bytes),
      };
      setObject(bucket, object);
      return object;
    },

    async headObject(bucketName: string, key: string): Promise<StoredObject | undefined> {
      return bucketOrThrow(bucketName).objects.get(key);
    },

    openObject(object: StoredObject, range?: { start: number; end: number }): Readable {
      const bytes = data.get(object.dataId);
      if (bytes === undefined) {
        return failingStream(new StoreError('NoSuchKey', 'that version of the object no longer exists'));
      }
      return streamBytes(range ? bytes.subarray(range.start, range.end + 1) : bytes);
    },

    async deleteObject(bucketName: string, key: string): Promise<void> {
      removeObject(bucketOrThrow(bucketName), key);
    },

    async copyObject(source: StoredObject, bucketName: string, key: string, metadata: ObjectMetadata) {
      checkKey(key);
      const bucket = bucketOrThrow(bucketName);
      // Buffers are never mutated, so the copy shares the source's bytes under a new data id.
      const object: StoredObject = {
        bucket: bucketName,
        key,
        size: source.size,
        etag: source.etag,
        lastModified: now(),
        metadata,
        ...(source.partSizes ? { partSizes: [...source.partSizes] } : {}),
        dataId: storeData(dataOf(source)),
      };
      setObject(bucket, object);
      return object;
    },

    async listObjects(bucketName: string, opts: ListObjectsOptions): Promise<ListObjectsPage> {
      const bucket = bucketOrThrow(bucketName);
      const page = collectListPage(opts, (lower, upper, limit) => {
        const from = lowerBound(bucket.index, lower);
        const to = upper === undefined ? bucket.index.length : lowerBound(bucket.index, upper);
        return bucket.index.slice(from, Math.min(to, from + limit));
      });
      return { ...page, objects: page.objects.map((key) => bucket.objects.get(key)!) };
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
      const bytes = Buffer.concat(chosen.map((part) => dataOf(part)));
      const object: StoredObject = {
        bucket: upload.bucket,
        key: state.upload.key,
        size: bytes.length,
        etag: renderMultipartEtag(chosen.map((part) => part.md5)),
        lastModified: now(),
        metadata: options?.checksum
          ? { ...state.upload.metadata, checksum: options.checksum }
          : state.upload.metadata,
        partSizes: chosen.map((part) => part.size),
        dataId: storeData(bytes),
      };
      setObject(bucket, object);
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

    async close(): Promise<void> {
      closed = true;
      for (const timer of releaseTimers) clearTimeout(timer);
      releaseTimers.clear();
    },
  };
  return store;
}
