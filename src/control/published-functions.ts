// What the edge runs of the API's state: the LIVE stage of published functions and the key value stores,
// looked up by ARN on every request. Lookups are answered from memory while nothing was written through this
// process's API and for at most a second (so a database another process shares is read again soon); the
// stored rows are read and the function prepared / the store rebuilt only when their ETag changed.

import type { EdgeFunction } from '../edge/config/load-edge-functions.ts';
import { type KeyValueStore, prepareFunction } from '../edge/functions/index.ts';
import {
  associatedStoreArn,
  findKeyValueStore,
  functionArn,
  liveFunctionOfArn,
} from './operations/function-records.ts';
import { keyValueStoreValue } from './operations/key-value-store-records.ts';
import type { ControlResourceReader } from './state/control-database.ts';

export type PublishedFunctions = {
  readonly findFunction: (arn: string) => EdgeFunction | undefined;
  readonly keyValueStore: (arn: string) => KeyValueStore | undefined;
};

const FRESH_MS = 1000;

export function publishedFunctions(deps: {
  readonly db: ControlResourceReader;
  readonly accountId: string;
  /** Changes whenever this process writes the database. */
  readonly generation: () => number;
  readonly nowMs?: () => number;
}): PublishedFunctions {
  const { db } = deps;
  const nowMs = deps.nowMs ?? Date.now;
  const prepared = new Map<string, { etag: string; value: EdgeFunction }>();
  const built = new Map<string, { etag: string; value: KeyValueStore | undefined }>();
  const answers = new Map<string, { generation: number; at: number; value: unknown }>();
  const remembered = <T>(key: string, lookup: () => T): T => {
    const hit = answers.get(key);
    const generation = deps.generation();
    if (hit !== undefined && hit.generation === generation && nowMs() - hit.at < FRESH_MS)
      return hit.value as T;
    const value = lookup();
    answers.set(key, { generation, at: nowMs(), value });
    return value;
  };
  return {
    findFunction: (arn) =>
      remembered(`function ${arn}`, () => {
        const found = liveFunctionOfArn(db, arn);
        if (found === undefined) return undefined;
        const cached = prepared.get(found.name);
        if (cached?.etag === found.live.ETag) return cached.value;
        const storeArn = associatedStoreArn(found.live.FunctionConfig);
        const value: EdgeFunction = {
          arn: functionArn(deps.accountId, found.name),
          compiled: prepareFunction({
            name: found.name,
            runtime: found.live.FunctionConfig.Runtime,
            code: Buffer.from(found.live.FunctionCode, 'base64'),
          }),
          ...(storeArn === undefined ? {} : { keyValueStoreArn: storeArn }),
        };
        prepared.set(found.name, { etag: found.live.ETag, value });
        return value;
      }),
    keyValueStore: (arn) =>
      remembered(`store ${arn}`, () => {
        if (!arn.includes(':key-value-store/')) return undefined;
        const stored = findKeyValueStore(db, arn);
        if (stored === undefined) return undefined;
        const cached = built.get(stored.id);
        if (cached?.etag === stored.etag) return cached.value;
        const value = keyValueStoreValue(stored);
        built.set(stored.id, { etag: stored.etag, value });
        return value;
      }),
  };
}
