// Compiles a legacy behavior (`ForwardedValues` + `MinTTL`/`DefaultTTL`/`MaxTTL`) into an equivalent cache
// policy, plus an origin request policy when the legacy settings forward more than they key on
// (AWS: "Understand the cache key" "Legacy ForwardedValues equivalent"; decision docs/decisions/edge-config-legacy-forwarded-values.md).

import {
  type JsonObject,
  optionalInteger,
  optionalObject,
  optionalStringList,
  requiredBoolean,
  requiredObject,
  requiredString,
} from '../distribution/aws-json-reader.ts';
import type { CachePolicy, OriginRequestPolicy } from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { resolveTTLs } from './compile-cache-policy.ts';

export type LegacyPolicies = {
  readonly cachePolicy: CachePolicy;
  /** Present when query strings are forwarded but only some are keyed (`QueryStringCacheKeys`). */
  readonly originRequestPolicy?: OriginRequestPolicy;
};

/**
 * `behavior` is the CacheBehavior/DefaultCacheBehavior object, `path` its JSON path, `id` a stable id for the
 * synthesized policy. `compress` (the behavior's `Compress`) turns on normalised Accept-Encoding in the key,
 * which is what CloudFront does for legacy behaviors that compress.
 */
export function compileLegacyForwardedValues(
  id: string,
  behavior: JsonObject,
  path: string,
  compress: boolean,
): LegacyPolicies {
  const fvPath = `${path}.ForwardedValues`;
  const forwarded = requiredObject(behavior, 'ForwardedValues', path);
  const queryString = requiredBoolean(forwarded, 'QueryString', fvPath);
  const cookiesConfig = requiredObject(forwarded, 'Cookies', fvPath);
  const forward = requiredString(cookiesConfig, 'Forward', `${fvPath}.Cookies`);
  if (forward !== 'none' && forward !== 'whitelist' && forward !== 'all')
    throw new DistributionConfigError(
      `${fvPath}.Cookies.Forward`,
      'InvalidArgument',
      'must be none, whitelist or all',
    );
  const cookieNames = optionalStringList(cookiesConfig, 'WhitelistedNames', `${fvPath}.Cookies`);
  if (forward === 'whitelist' && cookieNames.length === 0)
    throw new DistributionConfigError(
      `${fvPath}.Cookies.WhitelistedNames`,
      'InvalidArgument',
      'whitelist needs at least one cookie name',
    );
  const headerNames = optionalStringList(forwarded, 'Headers', fvPath);
  // A single `*` forwards (and keys on) every viewer header (AWS: "Understand the cache key").
  const allHeaders = headerNames.includes('*');
  if (allHeaders && headerNames.length > 1)
    throw new DistributionConfigError(
      `${fvPath}.Headers.Items`,
      'InvalidArgument',
      '"*" must be the only header',
    );
  const queryKeys = optionalObject(forwarded, 'QueryStringCacheKeys', fvPath)
    ? optionalStringList(forwarded, 'QueryStringCacheKeys', fvPath)
    : [];
  const ttls = resolveTTLs(
    optionalInteger(behavior, 'MinTTL', path) ?? 0,
    optionalInteger(behavior, 'DefaultTTL', path),
    optionalInteger(behavior, 'MaxTTL', path),
    path,
  );
  const keyedQueryStrings = !queryString
    ? ({ behavior: 'none', names: [] } as const)
    : queryKeys.length > 0
      ? ({ behavior: 'whitelist', names: Object.freeze([...queryKeys]) } as const)
      : ({ behavior: 'all', names: [] } as const);
  const cachePolicy: CachePolicy = Object.freeze({
    id,
    name: 'Legacy-ForwardedValues',
    ...ttls,
    headers: allHeaders
      ? Object.freeze({ behavior: 'allViewer', names: Object.freeze([]) })
      : headerNames.length > 0
        ? Object.freeze({
            behavior: 'whitelist',
            names: Object.freeze([...new Set(headerNames.map((header) => header.toLowerCase()))]),
          })
        : Object.freeze({ behavior: 'none', names: Object.freeze([]) }),
    cookies: Object.freeze({
      behavior: forward,
      names: Object.freeze(forward === 'whitelist' ? [...cookieNames] : []),
    }),
    queryStrings: Object.freeze({
      behavior: keyedQueryStrings.behavior,
      names: Object.freeze([...keyedQueryStrings.names]),
    }),
    enableAcceptEncodingGzip: compress,
    enableAcceptEncodingBrotli: compress,
  });
  if (keyedQueryStrings.behavior !== 'whitelist') return Object.freeze({ cachePolicy });
  // QueryString=true with QueryStringCacheKeys: every query string reaches the origin, only the listed ones
  // are in the cache key — an origin request policy expresses the difference.
  const originRequestPolicy: OriginRequestPolicy = Object.freeze({
    id,
    name: 'Legacy-ForwardedValues',
    headers: Object.freeze({ behavior: 'none', names: Object.freeze([]) }),
    cookies: Object.freeze({ behavior: 'none', names: Object.freeze([]) }),
    queryStrings: Object.freeze({ behavior: 'all', names: Object.freeze([]) }),
  });
  return Object.freeze({ cachePolicy, originRequestPolicy });
}
