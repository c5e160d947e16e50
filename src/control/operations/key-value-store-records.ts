// A stored KeyValueStore resource as the edge's immutable KeyValueStore value (what `kvs()` reads and the
// TestFunction of a function associated with it sees).

import { createKeyValueStore, type KeyValueStore } from '../../edge/functions/index.ts';
import type { ControlPlane } from '../control-plane.ts';
import type { StoredResource } from '../state/control-database.ts';
import { findKeyValueStore, type KeyValueStoreRecord } from './function-records.ts';

export function keyValueStoreValue(stored: StoredResource): KeyValueStore | undefined {
  const record = stored.config as KeyValueStoreRecord;
  const store = createKeyValueStore({
    name: record.Name,
    id: stored.id,
    arn: record.ARN,
    comment: record.Comment,
    now: new Date(stored.createdTime),
    entries: record.Entries,
  });
  if (!store.ok) return undefined;
  // The data API's If-Match compares against the stored row's ETag.
  return { ...store.value, etag: stored.etag, lastModified: new Date(stored.lastModifiedTime) };
}

export function liveKeyValueStore(plane: ControlPlane, reference: string): KeyValueStore | undefined {
  const stored = findKeyValueStore(plane.db, reference);
  return stored === undefined ? plane.files.keyValueStore(reference) : keyValueStoreValue(stored);
}
