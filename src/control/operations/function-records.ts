// How the control plane keeps a CloudFront function: one `function` resource per name whose ETag is the
// DEVELOPMENT stage's, holding the development code and config and, once published, the LIVE copy with its
// own ETag (Amazon CloudFront API Reference, DescribeFunction: "Stage … DEVELOPMENT or LIVE"). KeyValueStores
// are `key-value-store` resources holding their entries. The edge reads both through these functions.

import type { FunctionRuntime } from '../../edge/functions/index.ts';
import type { ControlResourceReader, StoredResource } from '../state/control-database.ts';

export const FUNCTION_KIND = 'function';
export const KEY_VALUE_STORE_KIND = 'key-value-store';

export type FunctionConfigJson = {
  readonly Comment: string;
  readonly Runtime: FunctionRuntime;
  readonly KeyValueStoreAssociations?: {
    readonly Quantity: number;
    readonly Items?: readonly { readonly KeyValueStoreARN: string }[];
  };
};

export type FunctionLiveStage = {
  readonly FunctionConfig: FunctionConfigJson;
  /** The code, base64. */
  readonly FunctionCode: string;
  readonly ETag: string;
  readonly LastModifiedTime: string;
};

export type FunctionRecord = {
  readonly FunctionConfig: FunctionConfigJson;
  /** The DEVELOPMENT code, base64. */
  readonly FunctionCode: string;
  readonly Live?: FunctionLiveStage;
};

export type KeyValueStoreRecord = {
  readonly Name: string;
  readonly Comment: string;
  readonly ARN: string;
  /** Insertion-ordered key/value pairs. */
  readonly Entries: readonly (readonly [string, string])[];
};

export function functionArn(accountId: string, name: string): string {
  return `arn:aws:cloudfront::${accountId}:function/${name}`;
}

export function keyValueStoreArn(accountId: string, id: string): string {
  return `arn:aws:cloudfront::${accountId}:key-value-store/${id}`;
}

/** The name after `function/` in a FunctionARN (any account, as the edge resolves it). */
export function functionNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export function storedFunction(db: ControlResourceReader, name: string): StoredResource | undefined {
  return db.getResource(FUNCTION_KIND, name);
}

export function functionRecord(resource: StoredResource): FunctionRecord {
  return resource.config as FunctionRecord;
}

/** The LIVE stage of the function a FunctionARN names, if it was published. */
export function liveFunctionOfArn(
  db: ControlResourceReader,
  arn: string,
): { readonly name: string; readonly live: FunctionLiveStage } | undefined {
  if (!arn.includes(':function/')) return undefined;
  const name = functionNameOfArn(arn);
  const stored = storedFunction(db, name);
  const live = stored === undefined ? undefined : functionRecord(stored).Live;
  return live === undefined ? undefined : { name, live };
}

/** The store an association names: by ARN (the API's form), by id, or by name. */
export function findKeyValueStore(db: ControlResourceReader, reference: string): StoredResource | undefined {
  const id = reference.includes(':key-value-store/')
    ? reference.slice(reference.lastIndexOf('/') + 1)
    : reference;
  return (
    db.getResource(KEY_VALUE_STORE_KIND, id) ??
    db.listResources(KEY_VALUE_STORE_KIND).find((s) => (s.config as KeyValueStoreRecord).Name === reference)
  );
}

export function associatedStoreArn(config: FunctionConfigJson): string | undefined {
  return config.KeyValueStoreAssociations?.Items?.[0]?.KeyValueStoreARN;
}
