// Public surface of the object store: the ObjectStore contract and its two implementations.

export type {
  BucketAccessSettings,
  BucketInfo,
  CannedAcl,
  ChecksumAlgorithm,
  CompleteOptions,
  DeleteOptions,
  ListObjectsOptions,
  ListObjectsPage,
  MultipartUpload,
  ObjectOwnership,
  ObjectMetadata,
  ObjectStore,
  PublicAccessBlockConfiguration,
  StoredAcl,
  StoredChecksum,
  StoredObject,
  StoredPart,
  StoreErrorCode,
  WriteOptions,
  VerifiedBytes,
  WrittenBytes,
} from './object-store.ts';
export { StoreError } from './object-store.ts';
export { createFileObjectStore, type FileObjectStoreOptions } from './file-object-store.ts';
export { createMemoryObjectStore, type MemoryObjectStoreOptions } from './memory-object-store.ts';
export { maxKeyBytes } from './store-key.ts';
export { minPartSizeBytes } from './complete-parts.ts';
