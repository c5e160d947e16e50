// What the edge runs of the API's state: the LIVE stage of published functions (prepared once per LIVE
// ETag) and the key value stores (built once per store ETag), looked up by ARN on every request.

import type { EdgeFunction } from '../edge/config/load-edge-functions.ts';
import { type KeyValueStore, prepareFunction } from '../edge/functions/index.ts';
import {
  associatedStoreArn,
  findKeyValueStore,
  functionArn,
  liveFunctionOfArn,
} from './operations/function-records.ts';
import { keyValueStoreValue } from './operations/key-value-store-records.ts';
import type { ControlDatabase } from './state/control-database.ts';

export type PublishedFunctions = {
  readonly findFunction: (arn: string) => EdgeFunction | undefined;
  readonly keyValueStore: (arn: string) => KeyValueStore | undefined;
};

export function publishedFunctions(db: ControlDatabase, accountId = '123456789012'): PublishedFunctions {
  const functions = new Map<string, { etag: string; value: EdgeFunction }>();
  const stores = new Map<string, { etag: string; value: KeyValueStore | undefined }>();
  return {
    findFunction: (arn) => {
      const found = liveFunctionOfArn(db, arn);
      if (found === undefined) return undefined;
      const cached = functions.get(found.name);
      if (cached?.etag === found.live.ETag) return cached.value;
      const storeArn = associatedStoreArn(found.live.FunctionConfig);
      const value: EdgeFunction = {
        arn: functionArn(accountId, found.name),
        compiled: prepareFunction({
          name: found.name,
          runtime: found.live.FunctionConfig.Runtime,
          code: Buffer.from(found.live.FunctionCode, 'base64'),
        }),
        ...(storeArn === undefined ? {} : { keyValueStoreArn: storeArn }),
      };
      functions.set(found.name, { etag: found.live.ETag, value });
      return value;
    },
    keyValueStore: (arn) => {
      if (!arn.includes(':key-value-store/')) return undefined;
      const stored = findKeyValueStore(db, arn);
      if (stored === undefined) return undefined;
      const cached = stores.get(stored.id);
      if (cached?.etag === stored.etag) return cached.value;
      const value = keyValueStoreValue(stored);
      stores.set(stored.id, { etag: stored.etag, value });
      return value;
    },
  };
}
