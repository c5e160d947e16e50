// The control plane's state in node:sqlite (`<dataDir>/control.sqlite`, WAL, synchronous=FULL): every
// API-defined resource as its AWS JSON config plus ETag and times, resource tags, and invalidations.
// One row per resource; a write is one statement, so a crash never leaves half a resource.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** The resource families the API stores (Function/KVS families add their own kind names). */
export type ResourceKind =
  | 'distribution'
  | 'public-key'
  | 'key-group'
  | 'origin-access-control'
  | 'cache-policy'
  | 'origin-request-policy'
  | 'response-headers-policy'
  | (string & {});

export type StoredResource = {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly etag: string;
  /** The resource's config in AWS JSON shape (`DistributionConfig`, `KeyGroupConfig`, …). */
  readonly config: unknown;
  readonly createdTime: string;
  readonly lastModifiedTime: string;
};

export type StoredInvalidation = {
  readonly distributionId: string;
  readonly id: string;
  readonly status: 'InProgress' | 'Completed';
  readonly createTime: string;
  readonly callerReference: string;
  readonly paths: readonly string[];
};

export type ControlDatabase = {
  readonly getResource: (kind: ResourceKind, id: string) => StoredResource | undefined;
  readonly listResources: (kind: ResourceKind) => readonly StoredResource[];
  readonly putResource: (resource: StoredResource) => void;
  readonly deleteResource: (kind: ResourceKind, id: string) => void;
  readonly listTags: (arn: string) => readonly { Key: string; Value?: string }[];
  readonly putTags: (arn: string, tags: readonly { Key: string; Value?: string }[]) => void;
  readonly deleteTags: (arn: string, keys?: readonly string[]) => void;
  readonly putInvalidation: (invalidation: StoredInvalidation) => void;
  readonly getInvalidation: (distributionId: string, id: string) => StoredInvalidation | undefined;
  /** Newest first. */
  readonly listInvalidations: (distributionId: string) => readonly StoredInvalidation[];
  readonly invalidationsInProgress: () => readonly StoredInvalidation[];
  readonly close: () => void;
};

/** What reading the resources needs: the database, or a read-only copy of its rows (a serve worker's). */
export type ControlResourceReader = Pick<ControlDatabase, 'getResource' | 'listResources'>;

const schema = `
CREATE TABLE IF NOT EXISTS resources (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  etag TEXT NOT NULL,
  config_json TEXT NOT NULL,
  created_time TEXT NOT NULL,
  last_modified_time TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;
CREATE TABLE IF NOT EXISTS tags (
  arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY (arn, key)
) STRICT;
CREATE TABLE IF NOT EXISTS invalidations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  distribution_id TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  create_time TEXT NOT NULL,
  caller_reference TEXT NOT NULL,
  paths_json TEXT NOT NULL
) STRICT;
`;

type Row = Record<string, unknown>;

const toResource = (row: Row): StoredResource => ({
  kind: row.kind as string,
  id: row.id as string,
  etag: row.etag as string,
  config: JSON.parse(row.config_json as string),
  createdTime: row.created_time as string,
  lastModifiedTime: row.last_modified_time as string,
});

const toInvalidation = (row: Row): StoredInvalidation => ({
  distributionId: row.distribution_id as string,
  id: row.id as string,
  status: row.status as 'InProgress' | 'Completed',
  createTime: row.create_time as string,
  callerReference: row.caller_reference as string,
  paths: JSON.parse(row.paths_json as string) as string[],
});

export function openControlDatabase(path: string): ControlDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA busy_timeout = 1000');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec(schema);
  } catch (error) {
    db.close();
    throw error;
  }
  const getResource = db.prepare('SELECT * FROM resources WHERE kind = ? AND id = ?');
  const listResources = db.prepare('SELECT * FROM resources WHERE kind = ? ORDER BY created_time, id');
  const putResource = db.prepare(
    `INSERT INTO resources (kind, id, etag, config_json, created_time, last_modified_time)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET etag = excluded.etag, config_json = excluded.config_json,
       last_modified_time = excluded.last_modified_time`,
  );
  const deleteResource = db.prepare('DELETE FROM resources WHERE kind = ? AND id = ?');
  const listTags = db.prepare('SELECT key, value FROM tags WHERE arn = ? ORDER BY key');
  const putTag = db.prepare(
    'INSERT INTO tags (arn, key, value) VALUES (?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value',
  );
  const deleteTag = db.prepare('DELETE FROM tags WHERE arn = ? AND key = ?');
  const deleteAllTags = db.prepare('DELETE FROM tags WHERE arn = ?');
  const putInvalidation = db.prepare(
    `INSERT INTO invalidations (distribution_id, id, status, create_time, caller_reference, paths_json)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status`,
  );
  const getInvalidation = db.prepare('SELECT * FROM invalidations WHERE distribution_id = ? AND id = ?');
  const listInvalidations = db.prepare(
    'SELECT * FROM invalidations WHERE distribution_id = ? ORDER BY seq DESC',
  );
  const inProgress = db.prepare("SELECT * FROM invalidations WHERE status = 'InProgress' ORDER BY seq");
  const inTransaction = (work: () => void): void => {
    db.exec('BEGIN IMMEDIATE');
    try {
      work();
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };
  return {
    getResource: (kind, id) => {
      const row = getResource.get(kind, id) as Row | undefined;
      return row === undefined ? undefined : toResource(row);
    },
    listResources: (kind) => (listResources.all(kind) as Row[]).map(toResource),
    putResource: (r) => {
      putResource.run(r.kind, r.id, r.etag, JSON.stringify(r.config), r.createdTime, r.lastModifiedTime);
    },
    deleteResource: (kind, id) => {
      deleteResource.run(kind, id);
    },
    listTags: (arn) =>
      (listTags.all(arn) as Row[]).map((row) =>
        row.value === null
          ? { Key: row.key as string }
          : { Key: row.key as string, Value: row.value as string },
      ),
    putTags: (arn, tags) =>
      inTransaction(() => {
        for (const tag of tags) putTag.run(arn, tag.Key, tag.Value ?? null);
      }),
    deleteTags: (arn, keys) =>
      inTransaction(() => {
        if (keys === undefined) deleteAllTags.run(arn);
        else for (const key of keys) deleteTag.run(arn, key);
      }),
    putInvalidation: (i) => {
      putInvalidation.run(
        i.distributionId,
        i.id,
        i.status,
        i.createTime,
        i.callerReference,
        JSON.stringify(i.paths),
      );
    },
    getInvalidation: (distributionId, id) => {
      const row = getInvalidation.get(distributionId, id) as Row | undefined;
      return row === undefined ? undefined : toInvalidation(row);
    },
    listInvalidations: (distributionId) =>
      (listInvalidations.all(distributionId) as Row[]).map(toInvalidation),
    invalidationsInProgress: () => (inProgress.all() as Row[]).map(toInvalidation),
    close: () => db.close(),
  };
}
