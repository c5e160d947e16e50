// KeyValueStore control operations: CreateKeyValueStore (optionally importing `{"data":[{key,value}]}`
// from an S3 object of the embedded store), DescribeKeyValueStore, UpdateKeyValueStore (the comment),
// DeleteKeyValueStore (not while a function is associated with it), ListKeyValueStores (Amazon CloudFront
// API Reference). The import runs before the answer, so a created store is READY
// (docs/decisions/control-api-functions.md).

import { randomUUID } from 'node:crypto';
import { createKeyValueStore, parseKeyValueStoreImport } from '../../edge/functions/index.ts';
import { CloudFrontError } from '../cloudfront-error.ts';
import type { OperationHandler } from '../create-control-handler.ts';
import type { ControlPlane } from '../control-plane.ts';
import type { StoredResource } from '../state/control-database.ts';
import {
  associatedStoreArn,
  FUNCTION_KIND,
  type FunctionRecord,
  functionRecord,
  KEY_VALUE_STORE_KIND,
  type KeyValueStoreRecord,
  keyValueStoreArn,
} from './function-records.ts';
import { checkIfMatch, pageOf } from './resource-catalog.ts';

type Json = Record<string, unknown>;

const LOCATION = 'https://cloudfront.amazonaws.com/2020-05-31/key-value-store/';
/** "Quotas on CloudFront KeyValueStore": key value stores per AWS account. */
const MAX_STORES = 50;

const notFound = (name: unknown) =>
  new CloudFrontError('EntityNotFound', `The key value store ${String(name)} does not exist.`);

function document(stored: StoredResource): Json {
  const record = stored.config as KeyValueStoreRecord;
  return {
    Name: record.Name,
    Id: stored.id,
    Comment: record.Comment,
    ARN: record.ARN,
    Status: 'READY',
    LastModifiedTime: stored.lastModifiedTime,
  };
}

function byName(plane: ControlPlane, name: unknown): StoredResource {
  const stored = plane.db
    .listResources(KEY_VALUE_STORE_KIND)
    .find((s) => (s.config as KeyValueStoreRecord).Name === name);
  if (stored === undefined) throw notFound(name);
  return stored;
}

/** `{SourceType: "S3", SourceARN: "arn:aws:s3:::bucket/key"}` → the entries of that object. */
async function importEntries(plane: ControlPlane, source: unknown): Promise<[string, string][]> {
  const { SourceType, SourceARN } = (source ?? {}) as Json;
  if (SourceType !== 'S3')
    throw new CloudFrontError('InvalidArgument', 'ImportSource.SourceType must be S3.');
  const match = /^arn:aws[a-z-]*:s3:::([^/]+)\/(.+)$/.exec(String(SourceARN ?? ''));
  if (match === null)
    throw new CloudFrontError(
      'InvalidArgument',
      'ImportSource.SourceARN must be an S3 object ARN (arn:aws:s3:::bucket/key).',
    );
  const bytes = await plane.readS3Object(match[1], match[2]);
  if (bytes === undefined)
    throw new CloudFrontError('EntityNotFound', `The import source ${String(SourceARN)} does not exist.`);
  const parsed = parseKeyValueStoreImport(bytes.toString('utf8'));
  if (!parsed.ok) throw new CloudFrontError('InvalidArgument', parsed.error.message);
  return parsed.value;
}

export const CreateKeyValueStore: OperationHandler = async (input, plane) => {
  const name = typeof input.Name === 'string' ? input.Name : '';
  if (!/^[a-zA-Z0-9\-_]{1,64}$/.test(name))
    throw new CloudFrontError(
      'InvalidArgument',
      'The key value store name must be 1 to 64 letters, digits, hyphens or underscores.',
    );
  const comment = typeof input.Comment === 'string' ? input.Comment : '';
  const stores = plane.db.listResources(KEY_VALUE_STORE_KIND);
  if (stores.some((s) => (s.config as KeyValueStoreRecord).Name === name))
    throw new CloudFrontError('EntityAlreadyExists', `A key value store named ${name} already exists.`);
  if (stores.length >= MAX_STORES)
    throw new CloudFrontError(
      'EntityLimitExceeded',
      `You have reached the maximum number of key value stores (${MAX_STORES}).`,
    );
  const entries = input.ImportSource === undefined ? [] : await importEntries(plane, input.ImportSource);
  const id = randomUUID();
  const arn = keyValueStoreArn(plane.accountId, id);
  const now = plane.now();
  const checked = createKeyValueStore({ name, id, arn, comment, now, entries });
  if (!checked.ok)
    throw new CloudFrontError(
      checked.error.code === 'ServiceQuotaExceededException' ? 'EntitySizeLimitExceeded' : 'InvalidArgument',
      checked.error.message,
    );
  const record: KeyValueStoreRecord = {
    Name: name,
    Comment: comment,
    ARN: arn,
    Entries: [...checked.value.entries],
  };
  const stored = {
    kind: KEY_VALUE_STORE_KIND,
    id,
    etag: plane.newId('E'),
    config: record,
    createdTime: now.toISOString(),
    lastModifiedTime: now.toISOString(),
  };
  plane.db.putResource(stored);
  return { KeyValueStore: document(stored), ETag: stored.etag, Location: `${LOCATION}${name}` };
};

export const DescribeKeyValueStore: OperationHandler = (input, plane) => {
  const stored = byName(plane, input.Name);
  return { KeyValueStore: document(stored), ETag: stored.etag };
};

export const UpdateKeyValueStore: OperationHandler = (input, plane) => {
  const stored = byName(plane, input.Name);
  checkIfMatch(input.IfMatch, stored.etag);
  if (typeof input.Comment !== 'string') throw new CloudFrontError('InvalidArgument', 'Comment is required.');
  const updated = {
    ...stored,
    etag: plane.newId('E'),
    config: { ...(stored.config as KeyValueStoreRecord), Comment: input.Comment },
    lastModifiedTime: plane.now().toISOString(),
  };
  plane.db.putResource(updated);
  return { KeyValueStore: document(updated), ETag: updated.etag };
};

export const DeleteKeyValueStore: OperationHandler = (input, plane) => {
  const stored = byName(plane, input.Name);
  checkIfMatch(input.IfMatch, stored.etag);
  const arn = (stored.config as KeyValueStoreRecord).ARN;
  const users = plane.db.listResources(FUNCTION_KIND).filter((f) => {
    const record: FunctionRecord = functionRecord(f);
    return [record.FunctionConfig, record.Live?.FunctionConfig].some(
      (config) => config !== undefined && associatedStoreArn(config) === arn,
    );
  });
  if (users.length > 0)
    throw new CloudFrontError(
      'CannotDeleteEntityWhileInUse',
      `The key value store is associated with function ${users.map((f) => f.id).join(', ')}.`,
    );
  plane.db.deleteResource(KEY_VALUE_STORE_KIND, stored.id);
  return undefined;
};

export const ListKeyValueStores: OperationHandler = (input, plane) => {
  // Every store is READY once created (the import runs before CreateKeyValueStore answers).
  const stores =
    input.Status === undefined || input.Status === 'READY'
      ? plane.db.listResources(KEY_VALUE_STORE_KIND)
      : [];
  const page = pageOf(stores, (s) => s.id, input.Marker, input.MaxItems);
  return {
    KeyValueStoreList: {
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      MaxItems: page.maxItems,
      Quantity: page.items.length,
      ...(page.items.length === 0 ? {} : { Items: page.items.map(document) }),
    },
  };
};
