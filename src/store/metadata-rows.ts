// Row ↔ record conversion for the file store's SQLite metadata: decodes object, bucket, upload and part
// rows into the ObjectStore records, and revives the JSON snapshots kept for completed uploads.

import type {
  BucketInfo,
  StoredAcl,
  MultipartUpload,
  ObjectMetadata,
  ObjectOwnership,
  PublicAccessBlockConfiguration,
  StoredChecksum,
  StoredObject,
  StoredPart,
} from './object-store.ts';

export type Row = Record<string, unknown>;
export type ObjectRow = {
  key: Uint8Array;
  size: number;
  etag: string;
  last_modified_ms: number;
  metadata_json: string;
  part_sizes_json: string | null;
  data_id: string;
};

/** Upper bound for an open-ended key range: no UTF-8 encoded key starts with byte 0xff. */
export const highestKey = Buffer.of(0xff);

export function decodeKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Metadata goes through JSON once so what a write returns equals what a later read returns. */
export function normalize<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function toObject(bucket: string, row: ObjectRow): StoredObject {
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

export function toBucket(row: Row): BucketInfo {
  return {
    name: row.name as string,
    creationDate: new Date(row.creation_ms as number),
    region: row.region as string,
    acl: row.acl as StoredAcl,
    cors: JSON.parse(row.cors_json as string),
    allowedDistributionIds: JSON.parse(row.allowed_distribution_ids_json as string) as string[],
    policy: (row.policy as string | null) ?? null,
    publicAccessBlock:
      row.public_access_block_json == null
        ? null
        : (JSON.parse(row.public_access_block_json as string) as PublicAccessBlockConfiguration),
    ownershipControls: (row.object_ownership as ObjectOwnership | null) ?? null,
  };
}

export function toUpload(row: Row): MultipartUpload {
  return {
    uploadId: row.upload_id as string,
    bucket: row.bucket as string,
    key: decodeKey(row.key as Uint8Array),
    initiated: new Date(row.initiated_ms as number),
    metadata: JSON.parse(row.metadata_json as string) as ObjectMetadata,
  };
}

export type PartRow = StoredPart & { readonly md5: Buffer; readonly dataId: string };

export function toPart(row: Row): PartRow {
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

export function publicPart(part: PartRow): StoredPart {
  const { md5: _md5, dataId: _dataId, ...rest } = part;
  return rest;
}

export function reviveObject(json: string): StoredObject {
  const raw = JSON.parse(json) as StoredObject & { lastModified: string };
  return { ...raw, lastModified: new Date(raw.lastModified) };
}

export function reviveUpload(json: string): MultipartUpload {
  const raw = JSON.parse(json) as { initiated: string; completedAt: string } & MultipartUpload;
  return { ...raw, initiated: new Date(raw.initiated), completedAt: new Date(raw.completedAt) };
}
