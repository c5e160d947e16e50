// The memory store's state shapes — buckets with their objects, key index and uploads in progress — and
// the core the memory multipart operations use from the store that owns them.

import type { KeyedRow } from './list-objects-page.ts';
import type { BucketInfo, MultipartUpload, StoredObject, StoredPart } from './object-store.ts';

export type MemoryPart = StoredPart & { readonly md5: Buffer; readonly dataId: string };
export type MemoryUpload = { readonly upload: MultipartUpload; readonly parts: Map<number, MemoryPart> };
export type MemoryBucket = {
  info: BucketInfo;
  readonly objects: Map<string, StoredObject>;
  /** Keys in UTF-8 byte order, maintained on every write so listing is a binary search. */
  readonly index: KeyedRow<string>[];
  readonly uploads: Map<string, MemoryUpload>;
};

export type MemoryStoreCore = {
  readonly now: () => Date;
  readonly randomId: () => string;
  readonly completedUploadTtlMs: number;
  readonly minPartBytes: number | undefined;
  readonly bucketOrThrow: (name: string) => MemoryBucket;
  /** Keeps `bytes` under a new data id. */
  readonly storeData: (bytes: Buffer) => string;
  /** The bytes of a version or part; NoSuchKey once released. */
  readonly dataOf: (object: { dataId: string }) => Buffer;
  /** Makes `object` the current version of its key, releasing the bytes it replaces. */
  readonly setObject: (bucket: MemoryBucket, object: StoredObject) => void;
  /** Drops bytes nothing references any more, after the read grace period. */
  readonly release: (dataId: string) => void;
};
