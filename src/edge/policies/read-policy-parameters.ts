// What cache policies and origin request policies share (AWS: "Understand the cache key", "Control origin requests with a policy"): a non-empty Name,
// cookie and query string blocks with the same four behaviors, and the frozen runtime form of the three
// name lists (header names lower-cased and deduplicated; cookie and query string names kept as given).

import { type JsonObject, requiredString } from '../distribution/aws-json-reader.ts';
import {
  DistributionConfigError,
  type DistributionConfigErrorCode,
} from '../distribution/distribution-config-error.ts';
import { readPolicyNames } from './read-policy-names.ts';

type NameList<B extends string> = { readonly behavior: B; readonly names: readonly string[] };
type CookieOrQueryBehavior = 'none' | 'whitelist' | 'allExcept' | 'all';

export function readPolicyName(root: JsonObject, path: string): string {
  const name = requiredString(root, 'Name', path);
  if (name.length === 0)
    throw new DistributionConfigError(`${path}.Name`, 'InvalidArgument', 'must not be empty');
  return name;
}

/** `CookiesConfig` and `QueryStringsConfig` under `parent`; only the quota error codes differ by policy. */
export function readCookiesAndQueryStrings(
  parent: JsonObject,
  path: string,
  options: {
    readonly tooManyCookiesCode: DistributionConfigErrorCode;
    readonly tooManyQueryStringsCode: DistributionConfigErrorCode;
    readonly enforceQuota: boolean;
  },
): { cookies: NameList<CookieOrQueryBehavior>; queryStrings: NameList<CookieOrQueryBehavior> } {
  const cookies = readPolicyNames(parent, path, {
    block: 'CookiesConfig',
    behaviorField: 'CookieBehavior',
    listField: 'Cookies',
    behaviors: ['none', 'whitelist', 'allExcept', 'all'],
    behaviorsWithNames: ['whitelist', 'allExcept'],
    tooManyCode: options.tooManyCookiesCode,
    enforceQuota: options.enforceQuota,
  });
  const queryStrings = readPolicyNames(parent, path, {
    block: 'QueryStringsConfig',
    behaviorField: 'QueryStringBehavior',
    listField: 'QueryStrings',
    behaviors: ['none', 'whitelist', 'allExcept', 'all'],
    behaviorsWithNames: ['whitelist', 'allExcept'],
    tooManyCode: options.tooManyQueryStringsCode,
    enforceQuota: options.enforceQuota,
  });
  return { cookies, queryStrings };
}

/** Header names are case-insensitive; cookie and query string names are not (AWS: "Understand the cache key"). */
export function compileNameLists<H extends string>(
  headers: NameList<H>,
  cookies: NameList<CookieOrQueryBehavior>,
  queryStrings: NameList<CookieOrQueryBehavior>,
) {
  return {
    headers: Object.freeze({
      behavior: headers.behavior,
      names: Object.freeze([...new Set(headers.names.map((header) => header.toLowerCase()))]),
    }),
    cookies: Object.freeze({ behavior: cookies.behavior, names: Object.freeze([...cookies.names]) }),
    queryStrings: Object.freeze({
      behavior: queryStrings.behavior,
      names: Object.freeze([...queryStrings.names]),
    }),
  };
}
