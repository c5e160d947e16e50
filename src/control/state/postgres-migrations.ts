// The PostgreSQL schema of the shared control-plane state, as numbered migrations applied in order under an
// advisory lock (so edges starting together apply each one once). A migration is never edited after release:
// a change is a new entry.

import type { Sql } from 'postgres';

export type Migration = { readonly version: number; readonly sql: string };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE resources (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  etag TEXT NOT NULL,
  config_json TEXT NOT NULL,
  created_time TEXT NOT NULL,
  last_modified_time TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE tags (
  arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY (arn, key)
);
-- An invalidation is a time-stamped rule: an edge applies every rule it has not acknowledged, so one that was
-- down applies the ones created meanwhile when it returns.
CREATE TABLE invalidations (
  seq BIGSERIAL PRIMARY KEY,
  distribution_id TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  create_time TEXT NOT NULL,
  caller_reference TEXT NOT NULL,
  paths_json TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Bumped by every write of the tables above; edges re-read them when it moves.
CREATE TABLE state_version (
  one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
  version BIGINT NOT NULL
);
INSERT INTO state_version (version) VALUES (0);
-- One heartbeat row per edge process: the distribution config ETags its running snapshot serves.
CREATE TABLE edges (
  edge_id TEXT PRIMARY KEY,
  deployed_json TEXT NOT NULL,
  last_seen TIMESTAMPTZ NOT NULL
);
CREATE TABLE edge_invalidations (
  edge_id TEXT NOT NULL,
  invalidation_id TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (edge_id, invalidation_id)
);
`,
  },
];

/** Arbitrary constant: the advisory lock that serializes migrations across edges. */
const MIGRATION_LOCK = 7_146_028_310;

export async function migrate(sql: Sql): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS frontgate_schema_migrations (
      version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`;
    const rows = await tx<{ version: number }[]>`SELECT version FROM frontgate_schema_migrations`;
    const applied = new Set(rows.map((r) => r.version));
    let current = Math.max(0, ...applied);
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await tx.unsafe(migration.sql);
      await tx`INSERT INTO frontgate_schema_migrations (version) VALUES (${migration.version})`;
      current = migration.version;
    }
    return current;
  });
}
