// Parses one cache behavior (the default or an entry of `CacheBehaviors.Items`): path pattern, target,
// viewer protocol, method sets, trusted key groups/signers and policy ids, validated as the CloudFront API
// does (AWS: "Cache behavior settings"). Called by parse-distribution-config.ts; errors name the JSON path.

import {
  type JsonObject,
  optionalBoolean,
  optionalObject,
  optionalString,
  optionalStringList,
  requiredBoolean,
  requiredString,
} from './aws-json-reader.ts';
import type { HttpMethod } from './compiled-distribution.ts';
import { DistributionConfigError } from './distribution-config-error.ts';
import { parseFunctionAssociations } from './parse-function-associations.ts';
import type { ParsedCacheBehavior } from './parsed-distribution-config.ts';
import { checkPathPattern } from './path-pattern.ts';

const MAX_KEY_GROUPS_PER_BEHAVIOR = 4;

/** The three valid AllowedMethods sets and two CachedMethods sets (AWS: "Cache behavior settings"). */
const ALLOWED_METHOD_SETS: readonly (readonly HttpMethod[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
  ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
];
const CACHED_METHOD_SETS: readonly (readonly HttpMethod[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
];

export function parseCacheBehavior(
  behavior: JsonObject,
  path: string,
  isDefault: boolean,
  targets: ReadonlySet<string>,
): ParsedCacheBehavior {
  let pathPattern = '*';
  if (!isDefault) {
    pathPattern = requiredString(behavior, 'PathPattern', path);
    const problem = checkPathPattern(pathPattern);
    if (problem !== undefined)
      throw new DistributionConfigError(`${path}.PathPattern`, 'InvalidArgument', problem);
  }
  const targetOriginId = requiredString(behavior, 'TargetOriginId', path);
  if (!targets.has(targetOriginId))
    throw new DistributionConfigError(
      `${path}.TargetOriginId`,
      'NoSuchOrigin',
      `no origin or origin group has the id "${targetOriginId}"`,
    );
  const viewerProtocolPolicy = requiredString(behavior, 'ViewerProtocolPolicy', path);
  if (
    viewerProtocolPolicy !== 'allow-all' &&
    viewerProtocolPolicy !== 'https-only' &&
    viewerProtocolPolicy !== 'redirect-to-https'
  )
    throw new DistributionConfigError(
      `${path}.ViewerProtocolPolicy`,
      'InvalidArgument',
      'must be allow-all, https-only or redirect-to-https',
    );
  const { allowedMethods, cachedMethods } = parseBehaviorMethods(behavior, path);
  const { trustedKeyGroups, trustedSigners } = parseTrustedSigners(behavior, path);
  const policyIds = parsePolicyIds(behavior, path);
  return Object.freeze({
    jsonPath: path,
    pathPattern,
    isDefault,
    targetOriginId,
    viewerProtocolPolicy,
    allowedMethods: Object.freeze(allowedMethods),
    cachedMethods: Object.freeze(cachedMethods),
    compress: optionalBoolean(behavior, 'Compress', path) ?? false,
    trustedKeyGroups: Object.freeze(trustedKeyGroups),
    trustedSigners: Object.freeze(trustedSigners),
    ...policyIds,
    functionAssociations: parseFunctionAssociations(behavior, path),
    source: behavior,
  });
}

function parseBehaviorMethods(
  behavior: JsonObject,
  path: string,
): { allowedMethods: HttpMethod[]; cachedMethods: HttpMethod[] } {
  let allowedMethods: HttpMethod[] = ['GET', 'HEAD'];
  let cachedMethods: HttpMethod[] = ['GET', 'HEAD'];
  const allowed = optionalObject(behavior, 'AllowedMethods', path);
  if (allowed === undefined) return { allowedMethods, cachedMethods };
  const allowedPath = `${path}.AllowedMethods`;
  allowedMethods = parseMethods(optionalStringList(behavior, 'AllowedMethods', path), allowedPath);
  if (!ALLOWED_METHOD_SETS.some((set) => sameSet(allowedMethods, set)))
    throw new DistributionConfigError(
      `${allowedPath}.Items`,
      'InvalidArgument',
      `[${allowedMethods.join(', ')}] is not GET,HEAD or GET,HEAD,OPTIONS or GET,HEAD,OPTIONS,PUT,POST,PATCH,DELETE`,
    );
  if (optionalObject(allowed, 'CachedMethods', allowedPath) !== undefined) {
    cachedMethods = parseMethods(
      optionalStringList(allowed, 'CachedMethods', allowedPath),
      `${allowedPath}.CachedMethods`,
    );
    if (
      !CACHED_METHOD_SETS.some((set) => sameSet(cachedMethods, set)) ||
      cachedMethods.some((m) => !allowedMethods.includes(m))
    )
      throw new DistributionConfigError(
        `${allowedPath}.CachedMethods.Items`,
        'InvalidArgument',
        `[${cachedMethods.join(', ')}] must be GET,HEAD or GET,HEAD,OPTIONS and allowed`,
      );
  }
  return { allowedMethods, cachedMethods };
}

function parseMethods(list: readonly string[], path: string): HttpMethod[] {
  return list.map((method, index) => {
    if (!['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'].includes(method))
      throw new DistributionConfigError(
        `${path}.Items[${index}]`,
        'InvalidArgument',
        `"${method}" is not an HTTP method CloudFront knows`,
      );
    return method as HttpMethod;
  });
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && new Set(a).size === a.length && b.every((item) => a.includes(item));
}

function parseTrustedSigners(
  behavior: JsonObject,
  path: string,
): Pick<ParsedCacheBehavior, 'trustedKeyGroups' | 'trustedSigners'> {
  const trustedKeyGroups = readTrustList(behavior, 'TrustedKeyGroups', path);
  if (trustedKeyGroups.items.length > MAX_KEY_GROUPS_PER_BEHAVIOR)
    throw new DistributionConfigError(
      `${path}.TrustedKeyGroups.Quantity`,
      'InvalidArgument',
      `a behavior trusts at most ${MAX_KEY_GROUPS_PER_BEHAVIOR} key groups`,
    );
  const trustedSigners = readTrustList(behavior, 'TrustedSigners', path);
  if (trustedKeyGroups.items.length > 0 && trustedSigners.items.length > 0)
    throw new DistributionConfigError(
      `${path}.TrustedSigners`,
      'InvalidArgument',
      'a behavior uses either trusted key groups or trusted signers, not both',
    );
  return { trustedKeyGroups, trustedSigners };
}

/** `TrustedKeyGroups` and `TrustedSigners` share one shape: `{ Enabled, Quantity, Items }`. */
function readTrustList(
  behavior: JsonObject,
  name: 'TrustedKeyGroups' | 'TrustedSigners',
  path: string,
): { enabled: boolean; items: readonly string[] } {
  const object = optionalObject(behavior, name, path);
  return {
    enabled: object === undefined ? false : requiredBoolean(object, 'Enabled', `${path}.${name}`),
    items: Object.freeze([...optionalStringList(behavior, name, path)]),
  };
}

function parsePolicyIds(
  behavior: JsonObject,
  path: string,
): Pick<ParsedCacheBehavior, 'cachePolicyId' | 'originRequestPolicyId' | 'responseHeadersPolicyId'> {
  const nonEmpty = (name: string): string | undefined => {
    const value = optionalString(behavior, name, path);
    return value === undefined || value === '' ? undefined : value;
  };
  const cachePolicyId = nonEmpty('CachePolicyId');
  const originRequestPolicyId = nonEmpty('OriginRequestPolicyId');
  const responseHeadersPolicyId = nonEmpty('ResponseHeadersPolicyId');
  const hasForwardedValues = behavior.ForwardedValues !== undefined && behavior.ForwardedValues !== null;
  // AWS: "Cache behavior settings": a cache policy or legacy ForwardedValues, exactly one of the two.
  if (cachePolicyId !== undefined && hasForwardedValues)
    throw new DistributionConfigError(
      `${path}.ForwardedValues`,
      'InvalidArgument',
      'a behavior with a CachePolicyId cannot also have ForwardedValues',
    );
  if (cachePolicyId === undefined && !hasForwardedValues)
    throw new DistributionConfigError(
      `${path}.CachePolicyId`,
      'InvalidArgument',
      'a behavior needs a CachePolicyId or legacy ForwardedValues',
    );
  if (originRequestPolicyId !== undefined && cachePolicyId === undefined)
    throw new DistributionConfigError(
      `${path}.OriginRequestPolicyId`,
      'InvalidArgument',
      'an origin request policy can only be used together with a cache policy',
    );
  if (cachePolicyId !== undefined)
    for (const legacy of ['MinTTL', 'DefaultTTL', 'MaxTTL'])
      if (behavior[legacy] !== undefined && behavior[legacy] !== null)
        throw new DistributionConfigError(
          `${path}.${legacy}`,
          'InvalidArgument',
          `${legacy} belongs to the cache policy when CachePolicyId is set`,
        );
  return {
    ...(cachePolicyId === undefined ? {} : { cachePolicyId }),
    ...(originRequestPolicyId === undefined ? {} : { originRequestPolicyId }),
    ...(responseHeadersPolicyId === undefined ? {} : { responseHeadersPolicyId }),
  };
}
