// A CloudFront KeyValueStore as an immutable value: keys, values, sizes and the ETag that changes with every
// write. Operations decide and return the next store (or an error in the data API's vocabulary); the caller
// keeps the current one. Sources: the `cloudfront-keyvaluestore` 2022-07-26 API model (GetKey, ListKeys,
// PutKey, DeleteKey, UpdateKeys with If-Match; ConflictException, ValidationException,
// ResourceNotFoundException, ServiceQuotaExceededException) and "Quotas on CloudFront KeyValueStore".

import { createHash } from 'node:crypto';
import { KVS_KEY_MAX_BYTES, KVS_TOTAL_MAX_BYTES, KVS_VALUE_MAX_BYTES } from './function-limits.ts';

export interface KeyValueStore {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly comment: string;
  readonly created: Date;
  readonly lastModified: Date;
  readonly etag: string;
  /** Bumps with every accepted write; the ETag is derived from it. */
  readonly version: number;
  readonly entries: ReadonlyMap<string, string>;
  readonly totalSizeBytes: number;
}

export type KeyValueStoreErrorCode =
  | 'ValidationException'
  | 'ConflictException'
  | 'ResourceNotFoundException'
  | 'ServiceQuotaExceededException';

export interface KeyValueStoreError {
  readonly code: KeyValueStoreErrorCode;
  readonly httpStatus: number;
  readonly message: string;
}

export type KeyValueStoreResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: KeyValueStoreError };

const STATUS: Readonly<Record<KeyValueStoreErrorCode, number>> = {
  ValidationException: 400,
  ConflictException: 409,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
};

function failure<T>(code: KeyValueStoreErrorCode, message: string): KeyValueStoreResult<T> {
  return { ok: false, error: { code, httpStatus: STATUS[code], message } };
}

function etagFor(id: string, version: number): string {
  return `KV${createHash('sha256').update(`${id}:${version}`).digest('hex').slice(0, 13).toUpperCase()}`;
}

function entrySize(key: string, value: string): number {
  return Buffer.byteLength(key) + Buffer.byteLength(value);
}

/** Why a key or value is refused, or undefined when both fit AWS's limits. */
export function validateEntry(key: string, value: string | undefined): string | undefined {
  if (key.length === 0) return 'Key must not be empty';
  if (Buffer.byteLength(key) > KVS_KEY_MAX_BYTES) return `Key exceeds ${KVS_KEY_MAX_BYTES} bytes`;
  if (value !== undefined && Buffer.byteLength(value) > KVS_VALUE_MAX_BYTES) {
    return `Value for key ${key} exceeds ${KVS_VALUE_MAX_BYTES} bytes`;
  }
  return undefined;
}

export interface NewKeyValueStore {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly comment?: string;
  readonly now: Date;
  readonly entries?: Iterable<readonly [string, string]>;
}

export function createKeyValueStore(input: NewKeyValueStore): KeyValueStoreResult<KeyValueStore> {
  const entries = new Map<string, string>();
  let total = 0;
  for (const [key, value] of input.entries ?? []) {
    const invalid = validateEntry(key, value);
    if (invalid !== undefined) return failure('ValidationException', invalid);
    total += entrySize(key, value) - (entries.has(key) ? entrySize(key, entries.get(key)!) : 0);
    entries.set(key, value);
  }
  if (total > KVS_TOTAL_MAX_BYTES) {
    return failure('ServiceQuotaExceededException', `Key value store exceeds ${KVS_TOTAL_MAX_BYTES} bytes`);
  }
  return {
    ok: true,
    value: {
      name: input.name,
      id: input.id,
      arn: input.arn,
      comment: input.comment ?? '',
      created: input.now,
      lastModified: input.now,
      version: 0,
      etag: etagFor(input.id, 0),
      entries,
      totalSizeBytes: total,
    },
  };
}

export interface KeyUpdates {
  readonly puts?: readonly { readonly key: string; readonly value: string }[];
  readonly deletes?: readonly { readonly key: string }[];
}

/** UpdateKeys (PutKey and DeleteKey are its one-item cases): all-or-nothing, guarded by If-Match. */
export function updateKeys(
  store: KeyValueStore,
  updates: KeyUpdates,
  ifMatch: string,
  now: Date,
): KeyValueStoreResult<KeyValueStore> {
  if (ifMatch !== store.etag) return failure('ConflictException', 'Resource is not in expected state.');
  const entries = new Map(store.entries);
  let total = store.totalSizeBytes;
  for (const { key } of updates.deletes ?? []) {
    const current = entries.get(key);
    if (current === undefined) continue;
    total -= entrySize(key, current);
    entries.delete(key);
  }
  for (const { key, value } of updates.puts ?? []) {
    const invalid = validateEntry(key, value);
    if (invalid !== undefined) return failure('ValidationException', invalid);
    const current = entries.get(key);
    total += entrySize(key, value) - (current === undefined ? 0 : entrySize(key, current));
    entries.set(key, value);
  }
  if (total > KVS_TOTAL_MAX_BYTES) {
    return failure('ServiceQuotaExceededException', `Key value store exceeds ${KVS_TOTAL_MAX_BYTES} bytes`);
  }
  const version = store.version + 1;
  return {
    ok: true,
    value: {
      ...store,
      entries,
      totalSizeBytes: total,
      version,
      etag: etagFor(store.id, version),
      lastModified: now,
    },
  };
}

export function putKey(store: KeyValueStore, key: string, value: string, ifMatch: string, now: Date) {
  return updateKeys(store, { puts: [{ key, value }] }, ifMatch, now);
}

export function deleteKey(
  store: KeyValueStore,
  key: string,
  ifMatch: string,
  now: Date,
): KeyValueStoreResult<KeyValueStore> {
  if (ifMatch === store.etag && !store.entries.has(key))
    return failure('ResourceNotFoundException', `Key ${key} not found`);
  return updateKeys(store, { deletes: [{ key }] }, ifMatch, now);
}

export function getKey(
  store: KeyValueStore,
  key: string,
): KeyValueStoreResult<{ key: string; value: string }> {
  const value = store.entries.get(key);
  if (value === undefined) return failure('ResourceNotFoundException', `Key ${key} not found`);
  return { ok: true, value: { key, value } };
}

export interface KeyPage {
  readonly items: readonly { readonly key: string; readonly value: string }[];
  readonly nextToken?: string;
}

/** ListKeys in key order; the token is the last key returned, base64url-encoded. */
export function listKeys(
  store: KeyValueStore,
  maxResults = 50,
  nextToken?: string,
): KeyValueStoreResult<KeyPage> {
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    return failure('ValidationException', 'MaxResults must be between 1 and 50');
  }
  const after = nextToken === undefined ? undefined : Buffer.from(nextToken, 'base64url').toString('utf8');
  const keys = [...store.entries.keys()].sort().filter((key) => after === undefined || key > after);
  const page = keys.slice(0, maxResults);
  return {
    ok: true,
    value: {
      items: page.map((key) => ({ key, value: store.entries.get(key)! })),
      ...(keys.length > maxResults
        ? { nextToken: Buffer.from(page[page.length - 1]!, 'utf8').toString('base64url') }
        : {}),
    },
  };
}

/** What `kvs().meta()` resolves to ("Helper methods for key value stores"). */
export function keyValueStoreMeta(store: KeyValueStore) {
  return {
    creationDateTime: store.created.toISOString(),
    lastUpdatedDateTime: store.lastModified.toISOString(),
    keyCount: store.entries.size,
  };
}

/**
 * Entries from the import source format CreateKeyValueStore reads from S3: `{"data":[{"key","value"}]}`
 * ("Create a key value store", import file). Errors are ValidationException messages.
 */
export function parseKeyValueStoreImport(json: string): KeyValueStoreResult<[string, string][]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return failure('ValidationException', 'The import source is not valid JSON');
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return failure('ValidationException', 'The import source needs a "data" array');
  const entries: [string, string][] = [];
  for (const [index, item] of data.entries()) {
    const { key, value } = (item ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || typeof value !== 'string') {
      return failure('ValidationException', `data[${index}] needs string "key" and "value"`);
    }
    const invalid = validateEntry(key, value);
    if (invalid !== undefined) return failure('ValidationException', invalid);
    entries.push([key, value]);
  }
  return { ok: true, value: entries };
}
