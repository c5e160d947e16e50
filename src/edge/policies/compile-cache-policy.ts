// Compiles a `CachePolicyConfig` (managed or custom, AWS JSON shape) into the runtime `CachePolicy`,
// validating it as CreateCachePolicy would (AWS: "Manage how long content stays in the cache (expiration)", "Understand the cache key", "Quotas", "Amazon CloudFront API Reference").

import {
  optionalBoolean,
  optionalInteger,
  readObject,
  requiredBoolean,
  requiredInteger,
  requiredObject,
} from '../distribution/aws-json-reader.ts';
import type { CachePolicy } from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { readPolicyNames } from './read-policy-names.ts';
import { compileNameLists, readCookiesAndQueryStrings, readPolicyName } from './read-policy-parameters.ts';

export type CompilePolicyOptions = {
  /** JSON path of the config object, for error messages. */
  readonly jsonPath?: string;
  /** Managed policies skip the custom-policy name quotas. */
  readonly managed?: boolean;
};

export const DEFAULT_TTL_SECONDS = 86400;
export const DEFAULT_MAX_TTL_SECONDS = 31536000;

/**
 * TTL defaults and order as the API applies them (AWS: "Manage how long content stays in the cache (expiration)"): DefaultTTL defaults to 86400 (or MinTTL if
 * larger), MaxTTL to 31536000 (or DefaultTTL if larger); MinTTL ≤ DefaultTTL ≤ MaxTTL else InvalidTTLOrder.
 */
export function resolveTTLs(
  minTTL: number,
  defaultTTL: number | undefined,
  maxTTL: number | undefined,
  path: string,
): { minTTL: number; defaultTTL: number; maxTTL: number } {
  for (const [name, value] of [
    ['MinTTL', minTTL],
    ['DefaultTTL', defaultTTL],
    ['MaxTTL', maxTTL],
  ] as const) {
    if (value !== undefined && value < 0)
      throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'must not be negative');
  }
  const resolvedDefault = defaultTTL ?? Math.max(DEFAULT_TTL_SECONDS, minTTL);
  const resolvedMax = maxTTL ?? Math.max(DEFAULT_MAX_TTL_SECONDS, resolvedDefault);
  if (minTTL > resolvedDefault)
    throw new DistributionConfigError(
      `${path}.DefaultTTL`,
      'InvalidTTLOrder',
      `DefaultTTL ${resolvedDefault} is less than MinTTL ${minTTL}`,
    );
  if (resolvedDefault > resolvedMax)
    throw new DistributionConfigError(
      `${path}.MaxTTL`,
      'InvalidTTLOrder',
      `MaxTTL ${resolvedMax} is less than DefaultTTL ${resolvedDefault}`,
    );
  return { minTTL, defaultTTL: resolvedDefault, maxTTL: resolvedMax };
}

export function compileCachePolicy(
  id: string,
  config: unknown,
  options: CompilePolicyOptions = {},
): CachePolicy {
  const path = options.jsonPath ?? 'CachePolicyConfig';
  const enforceQuota = options.managed !== true;
  const root = readObject(config, path);
  const name = readPolicyName(root, path);
  const ttls = resolveTTLs(
    requiredInteger(root, 'MinTTL', path),
    optionalInteger(root, 'DefaultTTL', path),
    optionalInteger(root, 'MaxTTL', path),
    path,
  );
  const paramsPath = `${path}.ParametersInCacheKeyAndForwardedToOrigin`;
  const params = requiredObject(root, 'ParametersInCacheKeyAndForwardedToOrigin', path);
  const headers = readPolicyNames(params, paramsPath, {
    block: 'HeadersConfig',
    behaviorField: 'HeaderBehavior',
    listField: 'Headers',
    behaviors: ['none', 'whitelist'],
    behaviorsWithNames: ['whitelist'],
    tooManyCode: 'TooManyHeadersInCachePolicy',
    enforceQuota,
  });
  const { cookies, queryStrings } = readCookiesAndQueryStrings(params, paramsPath, {
    tooManyCookiesCode: 'TooManyCookiesInCachePolicy',
    tooManyQueryStringsCode: 'TooManyQueryStringsInCachePolicy',
    enforceQuota,
  });
  return Object.freeze({
    id,
    name,
    ...ttls,
    ...compileNameLists(headers, cookies, queryStrings),
    enableAcceptEncodingGzip: requiredBoolean(params, 'EnableAcceptEncodingGzip', paramsPath),
    enableAcceptEncodingBrotli: optionalBoolean(params, 'EnableAcceptEncodingBrotli', paramsPath) ?? false,
  });
}
