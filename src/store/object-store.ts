// The ObjectStore contract: buckets, objects and multipart uploads, persisted durably.
// The S3 API (src/s3/) is its only caller; it speaks S3 vocabulary but knows nothing of HTTP.

import type { Readable } from 'node:stream';

/**
 * Canned ACLs S3 accepts on CreateBucket/PutObject (AWS "Access control list (ACL) overview", Canned ACL).
 * One account owns every bucket and object here, so `bucket-owner-*` and `aws-exec-read` grant anonymous
 * callers nothing more than `private`.
 */
export type CannedAcl =
  | 'private'
  | 'public-read'
  | 'public-read-write'
  | 'authenticated-read'
  | 'aws-exec-read'
  | 'bucket-owner-read'
  | 'bucket-owner-full-control';

/** An ACL as stored: a canned ACL, or `no-grants` for an AccessControlPolicy that listed no grant at all. */
export type StoredAcl = CannedAcl | 'no-grants';

/** S3's Block Public Access settings of one bucket (PutPublicAccessBlock's `PublicAccessBlockConfiguration`). */
export type PublicAccessBlockConfiguration = {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
};

/** S3 Object Ownership (PutBucketOwnershipControls' one rule). */
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

/** The bucket settings that decide who may do what, besides the ACL; `null` = not configured. */
export type BucketAccessSettings = {
  /** The bucket policy document as stored (compact JSON text), or null when the bucket has none. */
  readonly policy: string | null;
  readonly publicAccessBlock: PublicAccessBlockConfiguration | null;
  readonly ownershipControls: ObjectOwnership | null;
};

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256' | 'CRC64NVME';

/** A checksum as S3 returns it: base64 of the digest; COMPOSITE for checksums of multipart parts' checksums ("…-N"). */
export type StoredChecksum = {
  readonly algorithm: ChecksumAlgorithm;
  readonly value: string;
  readonly type: 'FULL_OBJECT' | 'COMPOSITE';
};

/** What S3 stores with an object and returns on GET/HEAD. */
export type ObjectMetadata = {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly contentDisposition?: string;
  readonly contentLanguage?: string;
  readonly cacheControl?: string;
  readonly expires?: string;
  /** User metadata: names lower-cased, without the `x-amz-meta-` prefix. */
  readonly userMetadata: Readonly<Record<string, string>>;
  readonly checksum?: StoredChecksum;
  readonly acl?: StoredAcl;
  /** SSE-S3 as the client asked for it (`x-amz-server-side-encryption: AES256`), echoed on reads. */
  readonly serverSideEncryption?: 'AES256';
  /** On a multipart upload: the checksum algorithm and type CreateMultipartUpload named, enforced on its parts. */
  readonly uploadChecksum?: {
    readonly algorithm: ChecksumAlgorithm;
    readonly type: 'FULL_OBJECT' | 'COMPOSITE';
  };
  /** On a multipart object: each part's checksum (base64, the object checksum's algorithm), in part order. */
  readonly partChecksums?: readonly string[];
};

export type StoredObject = {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** Quoted, as S3 sends it: `"<md5 hex>"` or `"<md5 of part md5s>-<N>"`. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly metadata: ObjectMetadata;
  /** Sizes of the parts, in order, for multipart objects (GetObject `partNumber`); absent otherwise. */
  readonly partSizes?: readonly number[];
  /** Opaque handle of this exact version's bytes; `openObject` reads exactly these bytes even after an overwrite. */
  readonly dataId: string;
};

export type BucketInfo = BucketAccessSettings & {
  readonly name: string;
  readonly creationDate: Date;
  readonly region: string;
  readonly acl: StoredAcl;
  /** The bucket CORS configuration as the cors/ module's JSON form, or null when none is set. */
  readonly cors: unknown;
  /**
   * The config's `allowedDistributions` for this bucket, as last applied. A record only: what origin access
   * control may do is decided by the bucket policy (`policy`), which that setting contributes statements to.
   */
  readonly allowedDistributionIds: readonly string[];
};

export type ListObjectsOptions = {
  readonly prefix?: string;
  readonly delimiter?: string;
  /** Exclusive: only keys (and common prefixes) strictly after this one, in UTF-8 binary order. */
  readonly after?: string;
  readonly maxKeys: number;
};

export type ListObjectsPage = {
  readonly objects: readonly StoredObject[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** The last key or common prefix returned; pass it as `after` for the next page. */
  readonly lastReturned?: string;
};

export type MultipartUpload = {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: Date;
  readonly metadata: ObjectMetadata;
  /** Set only on an upload that already completed (see `getMultipartUpload`'s `includeCompleted`). */
  readonly completedAt?: Date;
};

export type StoredPart = {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: Date;
  readonly checksum?: StoredChecksum;
};

/** What a write learned about the bytes; `verify` may reject them before anything is committed. */
export type WrittenBytes = { readonly size: number; readonly md5: Buffer };

/**
 * What `verify` may hand back: a checksum only known once the body has ended (aws-chunked trailers,
 * streamed taps). When present it is stored with the object or part, replacing any checksum given up front.
 */
export type VerifiedBytes = { readonly checksum?: StoredChecksum };

/** A `verify` hook that only checks returns nothing; one that learned a checksum returns it. */
// biome-ignore lint/suspicious/noConfusingVoidType: hooks written as `(w) => { check(w); }` must stay valid
export type VerifyOutcome = VerifiedBytes | undefined | void;

export type WriteOptions = {
  /**
   * Called after every byte is on disk and before the metadata commit. Throwing here (bad Content-MD5,
   * wrong checksum, short body) discards the bytes and leaves the previous object untouched.
   */
  readonly verify?: (written: WrittenBytes) => VerifyOutcome | Promise<VerifyOutcome>;
  /** Conditional write: `*` fails when the key exists; a quoted ETag fails when it differs (StoreError PreconditionFailed). */
  readonly ifNoneMatch?: string;
  readonly ifMatch?: string;
};

export type DeleteOptions = {
  readonly precondition?: (current: StoredObject | undefined) => void;
};

export type CompleteOptions = {
  /** The object's checksum (e.g. S3's COMPOSITE checksum of the parts' checksums), stored in its metadata. */
  readonly checksum?: StoredChecksum;
  /** The completed object's metadata, when it differs from the upload's (checksum fields); `checksum` still applies. */
  readonly metadata?: ObjectMetadata;
  /** Conditional completion against the key's current object, checked in the commit (as on PutObject). */
  readonly ifNoneMatch?: string;
  readonly ifMatch?: string;
};

export type StoreErrorCode =
  | 'NoSuchBucket'
  | 'BucketAlreadyOwnedByYou'
  | 'BucketNotEmpty'
  | 'NoSuchKey'
  | 'NoSuchUpload'
  | 'InvalidPart'
  | 'InvalidPartOrder'
  | 'EntityTooSmall'
  | 'PreconditionFailed'
  | 'ConditionalRequestConflict';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

export interface ObjectStore {
  createBucket(name: string, options: { region: string; acl: StoredAcl }): Promise<BucketInfo>;
  getBucket(name: string): Promise<BucketInfo | undefined>;
  listBuckets(): Promise<readonly BucketInfo[]>;
  /** Fails with BucketNotEmpty while objects remain; unfinished multipart uploads are aborted with it. */
  deleteBucket(name: string): Promise<void>;
  updateBucket(
    name: string,
    changes: {
      cors?: unknown;
      acl?: StoredAcl;
      allowedDistributionIds?: readonly string[];
    } & Partial<BucketAccessSettings>,
  ): Promise<BucketInfo>;

  putObject(
    bucket: string,
    key: string,
    body: Readable,
    metadata: ObjectMetadata,
    options?: WriteOptions,
  ): Promise<StoredObject>;
  headObject(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** Streams the bytes of exactly that version; `range` is inclusive and already validated. */
  openObject(object: StoredObject, range?: { start: number; end: number }): Readable;
  /**
   * The bytes of exactly that version (or the inclusive `range`) in one synchronous read, for small bodies
   * the caller bounds (GetObject uses it up to SMALL_OBJECT_READ_BYTES): no stream, no thread-pool round
   * trips. Throws StoreError `NoSuchKey` when that version is gone.
   */
  readObjectBytes(object: StoredObject, range?: { start: number; end: number }): Buffer;
  /**
   * No error when the key does not exist (S3 answers 204 either way). `precondition` runs inside the commit
   * against the current object (undefined when absent); whatever it throws cancels the delete.
   */
  deleteObject(bucket: string, key: string, options?: DeleteOptions): Promise<void>;
  /** Server-side copy; the source may be the destination. Metadata is the new object's metadata. */
  copyObject(
    source: StoredObject,
    bucket: string,
    key: string,
    metadata: ObjectMetadata,
  ): Promise<StoredObject>;
  listObjects(bucket: string, options: ListObjectsOptions): Promise<ListObjectsPage>;

  createMultipartUpload(bucket: string, key: string, metadata: ObjectMetadata): Promise<MultipartUpload>;
  /**
   * An upload in progress. With `includeCompleted`, also one that completed recently (it has `completedAt`):
   * CompleteMultipartUpload repeated with the same parts succeeds again (spec s3.md B.4); every other
   * operation on a completed upload fails with NoSuchUpload.
   */
  getMultipartUpload(
    bucket: string,
    uploadId: string,
    options?: { readonly includeCompleted?: boolean },
  ): Promise<MultipartUpload | undefined>;
  putPart(
    upload: MultipartUpload,
    partNumber: number,
    body: Readable,
    options?: Pick<WriteOptions, 'verify'> & { checksum?: StoredChecksum },
  ): Promise<StoredPart>;
  /** Copies a byte range of an existing object into a part (UploadPartCopy). */
  copyPart(
    upload: MultipartUpload,
    partNumber: number,
    source: StoredObject,
    range?: { start: number; end: number },
  ): Promise<StoredPart>;
  listParts(upload: MultipartUpload): Promise<readonly StoredPart[]>;
  listMultipartUploads(bucket: string): Promise<readonly MultipartUpload[]>;
  /**
   * Assembles the listed parts (ascending part numbers, matching ETags, all but the last ≥ 5 MiB) into
   * one object atomically; StoreError InvalidPart / InvalidPartOrder / EntityTooSmall / NoSuchUpload otherwise.
   */
  completeMultipartUpload(
    upload: MultipartUpload,
    parts: readonly { partNumber: number; etag: string }[],
    options?: CompleteOptions,
  ): Promise<StoredObject>;
  abortMultipartUpload(upload: MultipartUpload): Promise<void>;

  close(): Promise<void>;
}

/** The multipart half of the store, which each implementation builds in its own file. */
export type MultipartOperations = Pick<
  ObjectStore,
  | 'createMultipartUpload'
  | 'getMultipartUpload'
  | 'putPart'
  | 'copyPart'
  | 'listParts'
  | 'listMultipartUploads'
  | 'completeMultipartUpload'
  | 'abortMultipartUpload'
>;
