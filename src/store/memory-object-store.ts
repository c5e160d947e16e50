// In-memory ObjectStore: same behaviour as the file store, nothing persisted. For tests and `demo`;
// bytes live in Buffers keyed by data id, so an opened or just-read version survives an overwrite.
// Buckets and objects are here; multipart is memory-multipart-uploads.ts.

import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { changeAccessSettings, NO_ACCESS_SETTINGS } from './bucket-access-settings.ts';
import { failingStream, readAll, streamBytes } from './buffer-streams.ts';
import { collectListPage } from './list-objects-page.ts';
import { createMemoryMultipartUploads } from './memory-multipart-uploads.ts';
import type { MemoryBucket } from './memory-store-state.ts';
import { lowerBound } from './sorted-key-index.ts';
import type {
  DeleteOptions,
  BucketInfo,
  StoredAcl,
  ListObjectsOptions,
  ListObjectsPage,
  ObjectMetadata,
  ObjectStore,
  StoredObject,
  WriteOptions,
} from './object-store.ts';
import { StoreError } from './object-store.ts';
import { checkKey, renderEtag, utf8 } from './store-key.ts';
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

export function createMemoryObjectStore(options: MemoryObjectStoreOptions = {}): ObjectStore {
  const now = options.now ?? (() => new Date());
  const randomId = options.randomId ?? (() => randomUUID().replaceAll('-', ''));
  const readGraceMs = options.readGraceMs ?? 10_000;
  const completedUploadTtlMs = options.completedUploadTtlMs ?? 60 * 60 * 1000;
  const minPartBytes = options.minPartBytes;

  const buckets = new Map<string, MemoryBucket>();
  const data = new Map<string, Buffer>();
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

  const multipart = createMemoryMultipartUploads({
    now,
    randomId,
    completedUploadTtlMs,
    minPartBytes,
    bucketOrThrow,
    storeData,
    dataOf,
    setObject,
    release,
  });

  const store: ObjectStore = {
    async createBucket(name: string, opts: { region: string; acl: StoredAcl }): Promise<BucketInfo> {
      assertOpen();
      if (buckets.has(name)) throw new StoreError('BucketAlreadyOwnedByYou', `bucket ${name} already exists`);
      const info: BucketInfo = {
        name,
        creationDate: now(),
        region: opts.region,
        acl: opts.acl,
        cors: null,
        allowedDistributionIds: [],
        ...NO_ACCESS_SETTINGS,
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
      if (bucket.objects.size > 0) {
        throw new StoreError('BucketNotEmpty', `bucket ${name} is not empty`);
      }
      for (const upload of bucket.uploads.values())
        for (const part of upload.parts.values()) release(part.dataId);
      buckets.delete(name);
      multipart.forgetBucket(name);
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
        ...changeAccessSettings(bucket.info, changes),
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

    readObjectBytes(object: StoredObject, range?: { start: number; end: number }): Buffer {
      const bytes = data.get(object.dataId);
      if (bytes === undefined)
        throw new StoreError('NoSuchKey', 'that version of the object no longer exists');
      return range ? bytes.subarray(range.start, range.end + 1) : bytes;
    },

    async deleteObject(bucketName: string, key: string, options?: DeleteOptions): Promise<void> {
      const bucket = bucketOrThrow(bucketName);
      options?.precondition?.(bucket.objects.get(key));
      removeObject(bucket, key);
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

    ...multipart,

    async close(): Promise<void> {
      closed = true;
      for (const timer of releaseTimers) clearTimeout(timer);
      releaseTimers.clear();
    },
  };
  return store;
}
