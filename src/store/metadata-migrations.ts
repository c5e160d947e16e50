// Schema changes of the file store's SQLite metadata after its first release, applied in order once each
// and recorded in `PRAGMA user_version`. Append new steps; never edit one that has shipped.

import type { DatabaseSync } from 'node:sqlite';

const MIGRATIONS: readonly string[] = [
  // 1: bucket policy (compact JSON text), Block Public Access (JSON) and Object Ownership of each bucket.
  `ALTER TABLE buckets ADD COLUMN policy TEXT;
   ALTER TABLE buckets ADD COLUMN public_access_block_json TEXT;
   ALTER TABLE buckets ADD COLUMN object_ownership TEXT;`,
];

/** Runs inside the caller's write transaction, after the base schema exists. */
export function migrateMetadata(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let version = row.user_version; version < MIGRATIONS.length; version++) {
    db.exec(MIGRATIONS[version] as string);
    db.exec(`PRAGMA user_version = ${version + 1}`);
  }
}
