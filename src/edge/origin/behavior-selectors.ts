// The per-behavior name predicates (what enters the cache key, what is forwarded to the origin), compiled
// once per behavior of a snapshot and reused by every request (not rebuilt per request). A new snapshot has
// new behavior objects, so the WeakMap memo never serves a predicate of an older config.

import type { CompiledBehavior } from '../distribution/compiled-distribution.ts';
import { createForwardSelector, createKeySelector, headerSelection } from './forwarding-selection.ts';

type NamePredicate = (name: string) => boolean;

export type BehaviorSelectors = {
  /** Cache policy alone (AWS: "Understand the cache key"). */
  readonly key: {
    readonly query: NamePredicate;
    readonly headers: NamePredicate;
    readonly cookies: NamePredicate;
  };
  /** Cache policy ∪ origin request policy (AWS: "Control origin requests with a policy"). Header names lower-case. */
  readonly forward: {
    readonly query: NamePredicate;
    readonly headers: NamePredicate;
    readonly cookies: NamePredicate;
  };
};

export function compileBehaviorSelectors(
  behavior: Pick<CompiledBehavior, 'cachePolicy' | 'originRequestPolicy'>,
): BehaviorSelectors {
  const cachePolicy = behavior.cachePolicy;
  const orp = behavior.originRequestPolicy;
  return {
    key: {
      query: createKeySelector(cachePolicy.queryStrings),
      headers: createKeySelector(
        headerSelection(cachePolicy.headers.behavior, cachePolicy.headers.names),
        true,
      ),
      cookies: createKeySelector(cachePolicy.cookies),
    },
    forward: {
      query: createForwardSelector(cachePolicy.queryStrings, orp?.queryStrings),
      headers: createForwardSelector(
        headerSelection(cachePolicy.headers.behavior, cachePolicy.headers.names),
        orp ? headerSelection(orp.headers.behavior, orp.headers.names) : undefined,
        true,
      ),
      cookies: createForwardSelector(cachePolicy.cookies, orp?.cookies),
    },
  };
}

/** A memo owned by one edge runtime: behavior → its compiled selectors. */
export function createBehaviorSelectorCache(): (behavior: CompiledBehavior) => BehaviorSelectors {
  const memo = new WeakMap<CompiledBehavior, BehaviorSelectors>();
  return (behavior) => {
    let selectors = memo.get(behavior);
    if (selectors === undefined) {
      selectors = compileBehaviorSelectors(behavior);
      memo.set(behavior, selectors);
    }
    return selectors;
  };
}
