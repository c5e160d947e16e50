// The file store's SQLite metadata: the schema (WAL, synchronous=FULL) and the prepared statements that
// file-object-store.ts and file-multipart-uploads.ts run. Crash reasoning: docs/decisions/store-durability.md.

import { DatabaseSync } from 'node:sqlite';
import { migrateMetadata } from './metadata-migrations.ts';

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

const objectColumns = 'key, size, etag, last_modified_ms, metadata_json, part_sizes_json, data_id';

/**
 * Opens (creating if needed) the metadata database at `path`; closes it again if setting it up fails.
 * `shared`: other processes (serve's workers) open the same file; writers then queue on SQLite's write lock
 * (BEGIN IMMEDIATE) for up to the busy timeout (docs/decisions/workers.md).
 */
export function openMetadataDatabase(
  path: string,
  options: { readonly shared?: boolean } = {},
): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    // One process owns a data directory unless shared: an exclusive lock makes a second one fail instead of
    // racing the orphan scan. WAL with synchronous=FULL makes every COMMIT durable before it returns.
    db.exec(`PRAGMA busy_timeout = ${options.shared ? 10_000 : 1000}`);
    db.exec(`PRAGMA locking_mode = ${options.shared ? 'NORMAL' : 'EXCLUSIVE'}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('BEGIN IMMEDIATE');
    db.exec(schema);
    migrateMetadata(db);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export type MetadataStatements = ReturnType<typeof prepareMetadataStatements>;

export function prepareMetadataStatements(db: DatabaseSync) {
  return {
    bucket: db.prepare('SELECT * FROM buckets WHERE name = ?'),
    buckets: db.prepare('SELECT * FROM buckets ORDER BY name'),
    insertBucket: db.prepare(
      'INSERT INTO buckets (name, creation_ms, region, acl, cors_json, allowed_distribution_ids_json) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateBucket: db.prepare(
      'UPDATE buckets SET acl = ?, cors_json = ?, allowed_distribution_ids_json = ? WHERE name = ?',
    ),
    updateBucketAccess: db.prepare(
      'UPDATE buckets SET policy = ?, public_access_block_json = ?, object_ownership = ? WHERE name = ?',
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
}
