// Reads the files `edge.functions` and `edge.keyValueStores` name and builds what the function stages
// run: prepared functions by name and ARN, each with its associated store. A function whose code breaks a
// rule (size, runtime subset) still loads, as CloudFront keeps it: requests through it get a function error,
// and the doctor's lint names the problem. A reference to a store that does not exist is a config error.

import type { ConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { type CompiledFunction, prepareFunction } from '../functions/compile-function.ts';
import {
  createKeyValueStore,
  type KeyValueStore,
  parseKeyValueStoreImport,
} from '../functions/key-value-store.ts';
import type { EdgeFunctionSource, EdgeKeyValueStoreSource } from './parse-edge-functions.ts';

export type EdgeFunction = {
  readonly arn: string;
  readonly compiled: CompiledFunction;
  /** ARN of the associated store, if any. */
  readonly keyValueStoreArn?: string;
};

export type EdgeFunctions = {
  /** By function name and by ARN. */
  readonly functions: ReadonlyMap<string, EdgeFunction>;
  /** By store ARN; the control plane replaces entries as stores change. */
  readonly keyValueStores: ReadonlyMap<string, KeyValueStore>;
  readonly watchedFiles: readonly string[];
};

function loadStore(
  source: EdgeKeyValueStoreSource,
  ctx: ConfigContext,
  now: Date,
  watched: string[],
): KeyValueStore {
  let entries: [string, string][];
  if (source.dataPath !== undefined) {
    watched.push(source.dataPath);
    const parsed = parseKeyValueStoreImport(ctx.readText(source.dataPath, `${source.jsonPath}.Data`));
    if (!parsed.ok)
      throw new ConfigError(`${source.jsonPath}.Data`, `"${source.dataPath}": ${parsed.error.message}`);
    entries = parsed.value;
  } else {
    const parsed = parseKeyValueStoreImport(JSON.stringify(source.inlineData));
    if (!parsed.ok) throw new ConfigError(`${source.jsonPath}.Data`, parsed.error.message);
    entries = parsed.value;
  }
  const store = createKeyValueStore({
    name: source.name,
    id: source.id,
    arn: source.arn,
    comment: source.comment,
    now,
    entries,
  });
  if (!store.ok) throw new ConfigError(`${source.jsonPath}.Data`, store.error.message);
  return store.value;
}

export function loadEdgeFunctions(
  functionSources: readonly EdgeFunctionSource[],
  storeSources: readonly EdgeKeyValueStoreSource[],
  ctx: ConfigContext,
  now: Date,
): EdgeFunctions {
  const watchedFiles: string[] = [];
  const keyValueStores = new Map<string, KeyValueStore>();
  const storeArnByReference = new Map<string, string>();
  for (const source of storeSources) {
    const store = loadStore(source, ctx, now, watchedFiles);
    keyValueStores.set(store.arn, store);
    for (const reference of [source.name, source.id, source.arn])
      storeArnByReference.set(reference, store.arn);
  }
  const functions = new Map<string, EdgeFunction>();
  for (const source of functionSources) {
    watchedFiles.push(source.codePath);
    const code = ctx.readText(source.codePath, `${source.jsonPath}.Code`);
    const compiled = prepareFunction({ name: source.name, runtime: source.runtime, code });
    const reference = source.keyValueStores[0];
    const storeArn = reference === undefined ? undefined : storeArnByReference.get(reference);
    if (reference !== undefined && storeArn === undefined) {
      throw new ConfigError(
        `${source.jsonPath}.KeyValueStoreAssociations`,
        `"${reference}" is not a key value store in edge.keyValueStores`,
      );
    }
    const entry: EdgeFunction = {
      arn: source.arn,
      compiled,
      ...(storeArn === undefined ? {} : { keyValueStoreArn: storeArn }),
    };
    functions.set(source.name, entry);
    functions.set(source.arn, entry);
  }
  return { functions, keyValueStores, watchedFiles };
}

/** The function a FunctionAssociation's FunctionARN names: by ARN, or by the name after `function/`. */
export function findEdgeFunction(functions: EdgeFunctions, functionArn: string): EdgeFunction | undefined {
  return (
    functions.functions.get(functionArn) ??
    functions.functions.get(functionArn.slice(functionArn.lastIndexOf('/') + 1))
  );
}
