// The CloudFront API's state as a serve worker holds it: the primary owns the control database and sends,
// with every config version, what the edge takes into its snapshot and the rows of the published functions
// and key value stores. The worker reads those rows through a read-only view shaped like the database, so
// the single process's lookups (publishedFunctions) run unchanged.

import {
  type ControlResourceReader,
  publishedFunctions,
  type PublishedFunctions,
  type ResourceKind,
  type StoredResource,
} from '../../control/index.ts';
import type { EdgeApiResources } from '../../edge/config/index.ts';

/** The kinds the edge's function lookups read (src/control/operations/function-records.ts). */
export const FUNCTION_RESOURCE_KINDS: readonly ResourceKind[] = ['function', 'key-value-store'];

/** Plain JSON: sent over the cluster IPC channel in `init` and `reload`. */
export type WorkerApiState = {
  /** Distributions, keys, key groups, policies and OACs, as `loadEdgeSnapshot` takes them. */
  readonly edge: EdgeApiResources;
  /** The stored rows of FUNCTION_RESOURCE_KINDS. */
  readonly functionResources: readonly StoredResource[];
};

export const EMPTY_API_STATE: WorkerApiState = {
  edge: {
    distributions: [],
    publicKeys: [],
    keyGroups: [],
    cachePolicies: [],
    originRequestPolicies: [],
    responseHeadersPolicies: [],
    originAccessControls: [],
  },
  functionResources: [],
};

export function readApiState(control: {
  readonly apiResources: () => EdgeApiResources;
  readonly listResources: (kind: ResourceKind) => readonly StoredResource[];
}): WorkerApiState {
  return {
    edge: control.apiResources(),
    functionResources: FUNCTION_RESOURCE_KINDS.flatMap((kind) => control.listResources(kind)),
  };
}

export function apiStateReader(state: WorkerApiState): ControlResourceReader {
  return {
    getResource: (kind, id) => state.functionResources.find((r) => r.kind === kind && r.id === id),
    listResources: (kind) => state.functionResources.filter((r) => r.kind === kind),
  };
}

/**
 * The edge's `findFunction` / `keyValueStore` over the state the primary sent last; `replace` takes a newer
 * one (the lookups then re-read: the generation changed).
 */
export function workerPublishedFunctions(
  initial: WorkerApiState,
  accountId: string,
): PublishedFunctions & { readonly replace: (state: WorkerApiState) => void } {
  let reader = apiStateReader(initial);
  let generation = 0;
  const published = publishedFunctions({
    db: {
      getResource: (kind, id) => reader.getResource(kind, id),
      listResources: (kind) => reader.listResources(kind),
    },
    accountId,
    generation: () => generation,
  });
  return {
    ...published,
    replace: (state) => {
      reader = apiStateReader(state);
      generation++;
    },
  };
}
