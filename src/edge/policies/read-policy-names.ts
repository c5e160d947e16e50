// Reads one `{ XBehavior, Xs: { Quantity, Items } }` block of a cache or origin request policy, checking the
// behavior enum, the list wrapper and the per-policy name quota (AWS: "Understand the cache key", "Control origin requests with a policy", "Quotas").

import {
  type JsonObject,
  optionalStringList,
  requiredObject,
  requiredString,
} from '../distribution/aws-json-reader.ts';
import {
  DistributionConfigError,
  type DistributionConfigErrorCode,
} from '../distribution/distribution-config-error.ts';

/** Custom policies may name at most 10 headers, cookies or query strings each (AWS: "Quotas"). */
export const MAX_NAMES_PER_POLICY = 10;

export type PolicyNamesSpec<B extends string> = {
  /** e.g. `HeadersConfig` */
  readonly block: string;
  /** e.g. `HeaderBehavior` */
  readonly behaviorField: string;
  /** e.g. `Headers` */
  readonly listField: string;
  readonly behaviors: readonly B[];
  /** Behaviors whose list must be non-empty; all others must have an empty list. */
  readonly behaviorsWithNames: readonly B[];
  /** Behaviors whose list may be empty or not. */
  readonly behaviorsWithOptionalNames?: readonly B[];
  readonly tooManyCode: DistributionConfigErrorCode;
  /** Managed policies are exempt from the quota. */
  readonly enforceQuota: boolean;
};

export function readPolicyNames<B extends string>(
  parent: JsonObject,
  path: string,
  spec: PolicyNamesSpec<B>,
): { behavior: B; names: readonly string[] } {
  const blockPath = `${path}.${spec.block}`;
  const block = requiredObject(parent, spec.block, path);
  const behavior = requiredString(block, spec.behaviorField, blockPath);
  if (!(spec.behaviors as readonly string[]).includes(behavior))
    throw new DistributionConfigError(
      `${blockPath}.${spec.behaviorField}`,
      'InvalidArgument',
      `"${behavior}" is not one of ${spec.behaviors.join(', ')}`,
    );
  const names = optionalStringList(block, spec.listField, blockPath);
  const typed = behavior as B;
  const listPath = `${blockPath}.${spec.listField}`;
  if (spec.behaviorsWithNames.includes(typed) && names.length === 0)
    throw new DistributionConfigError(listPath, 'InvalidArgument', `${behavior} needs at least one name`);
  if (
    !spec.behaviorsWithNames.includes(typed) &&
    !(spec.behaviorsWithOptionalNames ?? []).includes(typed) &&
    names.length > 0
  )
    throw new DistributionConfigError(listPath, 'InvalidArgument', `names are not allowed with ${behavior}`);
  if (spec.enforceQuota && names.length > MAX_NAMES_PER_POLICY)
    throw new DistributionConfigError(
      `${listPath}.Quantity`,
      spec.tooManyCode,
      `${names.length} names exceed the limit of ${MAX_NAMES_PER_POLICY}`,
    );
  names.forEach((name, index) => {
    if (name.length === 0)
      throw new DistributionConfigError(
        `${listPath}.Items[${index}]`,
        'InvalidArgument',
        'must not be empty',
      );
  });
  return { behavior: typed, names };
}
