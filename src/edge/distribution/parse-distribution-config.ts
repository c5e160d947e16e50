// Parses an untrusted distribution document — what `aws cloudfront get-distribution-config` or
// `get-distribution` prints, or a bare `DistributionConfig` — and validates it as the CloudFront API would
// (spec cloudfront.md §3, §7.2, §10, §11.3, §11.4). Errors name the JSON path and carry the API error code.

import {
  isJsonObject,
  type JsonObject,
  optionalBoolean,
  optionalInteger,
  optionalList,
  optionalObject,
  optionalString,
  optionalStringList,
  readObject,
  requiredBoolean,
  requiredInteger,
  requiredObject,
  requiredString,
} from './aws-json-reader.ts';
import type { CustomErrorResponse, HttpMethod } from './compiled-distribution.ts';
import { DistributionConfigError } from './distribution-config-error.ts';
import type {
  ParsedCacheBehavior,
  ParsedDistributionConfig,
  ParsedOrigin,
  ParsedOriginGroup,
} from './parsed-distribution-config.ts';
import { checkPathPattern } from './path-pattern.ts';
import { parseS3OriginDomain } from './s3-origin-domain.ts';

const MAX_ORIGINS = 25;
const MAX_CACHE_BEHAVIORS = 25;
const MAX_ORIGIN_CUSTOM_HEADERS = 10;
const MAX_KEY_GROUPS_PER_BEHAVIOR = 4;
/** Error codes a custom error response may name (spec §7.2). */
export const CUSTOM_ERROR_CODES: readonly number[] = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
/** Error-caching minimum TTL when `ErrorCachingMinTTL` is not given (spec §0.1 #7, §7.1). */
export const DEFAULT_ERROR_CACHING_MIN_TTL_SECONDS = 10;

/** The three valid AllowedMethods sets and two CachedMethods sets (spec §3.2). */
const ALLOWED_METHOD_SETS: readonly (readonly HttpMethod[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
  ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
];
const CACHED_METHOD_SETS: readonly (readonly HttpMethod[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
];

/** Headers an origin's CustomHeaders may not set (spec §4.5). */
const FORBIDDEN_ORIGIN_HEADERS = new Set([
  'cache-control',
  'connection',
  'content-length',
  'cookie',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'max-forwards',
  'pragma',
  'proxy-authorization',
  'proxy-connection',
  'range',
  'request-range',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'x-real-ip',
]);
const HOSTNAME = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * `source` names the document (a file path, or `inline`) and is appended to error messages. JSON paths
 * start at `DistributionConfig` whichever wrapper the document had.
 */
export function parseDistributionConfig(json: unknown, source: string): ParsedDistributionConfig {
  try {
    return parseDocument(json);
  } catch (error) {
    if (error instanceof DistributionConfigError && error.source === undefined)
      throw error.withSource(source);
    throw error;
  }
}

function parseDocument(json: unknown): ParsedDistributionConfig {
  if (!isJsonObject(json))
    throw new DistributionConfigError(
      'DistributionConfig',
      'MissingBody',
      'the document must be a JSON object',
    );
  let etag: string | undefined;
  let documentKind: ParsedDistributionConfig['documentKind'];
  let config: JsonObject;
  if (json.DistributionConfig !== undefined) {
    documentKind = 'get-distribution-config';
    etag = readETag(json);
    config = readObject(json.DistributionConfig, 'DistributionConfig');
  } else if (json.Distribution !== undefined) {
    documentKind = 'get-distribution';
    etag = readETag(json);
    const distribution = readObject(json.Distribution, 'Distribution');
    config = readObject(distribution.DistributionConfig, 'DistributionConfig');
  } else if (
    json.Origins !== undefined ||
    json.DefaultCacheBehavior !== undefined ||
    json.CallerReference !== undefined
  ) {
    documentKind = 'distribution-config';
    config = json;
  } else {
    throw new DistributionConfigError(
      'DistributionConfig',
      'MissingBody',
      'expected the output of `aws cloudfront get-distribution-config` ({ "ETag", "DistributionConfig" }), of get-distribution, or a bare DistributionConfig',
    );
  }
  return parseConfig(config, documentKind, etag);
}

function readETag(document: JsonObject): string | undefined {
  const etag = document.ETag;
  if (etag === undefined || etag === null) return undefined;
  if (typeof etag !== 'string' || etag === '')
    throw new DistributionConfigError('ETag', 'InvalidArgument', 'must be a string');
  return etag;
}

function parseConfig(
  config: JsonObject,
  documentKind: ParsedDistributionConfig['documentKind'],
  etag: string | undefined,
): ParsedDistributionConfig {
  const path = 'DistributionConfig';
  const callerReference = requiredString(config, 'CallerReference', path);
  const aliases = optionalStringList(config, 'Aliases', path).map((alias, index) => {
    const lower = alias.toLowerCase();
    if (lower.length > 253 || !HOSTNAME.test(lower))
      throw new DistributionConfigError(
        `${path}.Aliases.Items[${index}]`,
        'InvalidArgument',
        `"${alias}" is not a domain name`,
      );
    return lower;
  });
  const duplicateAlias = aliases.findIndex((alias, index) => aliases.indexOf(alias) !== index);
  if (duplicateAlias >= 0)
    throw new DistributionConfigError(
      `${path}.Aliases.Items[${duplicateAlias}]`,
      'CNAMEAlreadyExists',
      `"${aliases[duplicateAlias]}" is listed twice`,
    );
  const defaultRootObject = optionalString(config, 'DefaultRootObject', path) ?? '';
  // spec §3.4: an object name such as `index.html`, no leading slash.
  if (
    defaultRootObject !== '' &&
    (defaultRootObject.startsWith('/') ||
      defaultRootObject.length > 255 ||
      /[\s\0-\x1f]/.test(defaultRootObject))
  )
    throw new DistributionConfigError(
      `${path}.DefaultRootObject`,
      'InvalidDefaultRootObject',
      `"${defaultRootObject}" must be an object name like index.html, without a leading slash`,
    );
  requiredObject(config, 'Origins', path);
  const originsList = optionalList(config, 'Origins', path);
  if (originsList.items.length === 0)
    throw new DistributionConfigError(
      `${path}.Origins`,
      'InvalidArgument',
      'a distribution needs at least one origin',
    );
  if (originsList.items.length > MAX_ORIGINS)
    throw new DistributionConfigError(
      `${path}.Origins.Quantity`,
      'TooManyOrigins',
      `more than ${MAX_ORIGINS} origins`,
    );
  const origins = originsList.items.map((raw, index) => parseOrigin(raw, `${originsList.path}[${index}]`));
  const originIds = new Set<string>();
  origins.forEach((origin) => {
    if (originIds.has(origin.id))
      throw new DistributionConfigError(
        `${origin.jsonPath}.Id`,
        'InvalidArgument',
        `origin id "${origin.id}" is used twice`,
      );
    originIds.add(origin.id);
  });
  const originGroups = parseOriginGroups(config, path, originIds);
  const targets = new Set([...originIds, ...originGroups.map((group) => group.id)]);
  const defaultCacheBehavior = parseBehavior(
    requiredObject(config, 'DefaultCacheBehavior', path),
    `${path}.DefaultCacheBehavior`,
    true,
    targets,
  );
  const behaviorsList = optionalList(config, 'CacheBehaviors', path);
  if (behaviorsList.items.length > MAX_CACHE_BEHAVIORS)
    throw new DistributionConfigError(
      `${path}.CacheBehaviors.Quantity`,
      'TooManyCacheBehaviors',
      `more than ${MAX_CACHE_BEHAVIORS} cache behaviors`,
    );
  const cacheBehaviors = behaviorsList.items.map((raw, index) =>
    parseBehavior(
      readObject(raw, `${behaviorsList.path}[${index}]`),
      `${behaviorsList.path}[${index}]`,
      false,
      targets,
    ),
  );
  const patterns = new Map<string, number>();
  cacheBehaviors.forEach((behavior, index) => {
    const normalized = behavior.pathPattern.startsWith('/')
      ? behavior.pathPattern
      : `/${behavior.pathPattern}`;
    const earlier = patterns.get(normalized);
    if (earlier !== undefined)
      throw new DistributionConfigError(
        `${behavior.jsonPath}.PathPattern`,
        'InvalidArgument',
        `"${behavior.pathPattern}" repeats the pattern of CacheBehaviors.Items[${earlier}]`,
      );
    patterns.set(normalized, index);
  });
  const comment = requiredString(config, 'Comment', path);
  if (comment.length > 128)
    throw new DistributionConfigError(`${path}.Comment`, 'InvalidArgument', 'is longer than 128 characters');
  const httpVersion = optionalString(config, 'HttpVersion', path) ?? 'http2';
  if (
    httpVersion !== 'http1.1' &&
    httpVersion !== 'http2' &&
    httpVersion !== 'http3' &&
    httpVersion !== 'http2and3'
  )
    throw new DistributionConfigError(
      `${path}.HttpVersion`,
      'InvalidArgument',
      'must be http1.1, http2, http3 or http2and3',
    );
  const priceClass = optionalString(config, 'PriceClass', path);
  if (
    priceClass !== undefined &&
    !['PriceClass_100', 'PriceClass_200', 'PriceClass_All', 'None'].includes(priceClass)
  )
    throw new DistributionConfigError(
      `${path}.PriceClass`,
      'InvalidArgument',
      `"${priceClass}" is not a price class`,
    );
  return Object.freeze({
    ...(etag === undefined ? {} : { etag }),
    documentKind,
    source: config,
    callerReference,
    aliases: Object.freeze(aliases),
    defaultRootObject,
    origins: Object.freeze(origins),
    originGroups,
    defaultCacheBehavior,
    cacheBehaviors: Object.freeze(cacheBehaviors),
    customErrorResponses: parseCustomErrorResponses(config, path),
    comment,
    enabled: requiredBoolean(config, 'Enabled', path),
    httpVersion,
    isIPV6Enabled: optionalBoolean(config, 'IsIPV6Enabled', path) ?? true,
  });
}

function rangeCheck(
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  path: string,
  code: 'InvalidArgument' | 'InvalidOriginReadTimeout' | 'InvalidOriginKeepaliveTimeout' = 'InvalidArgument',
): number {
  const resolved = value ?? fallback;
  if (resolved < min || resolved > max)
    throw new DistributionConfigError(path, code, `must be from ${min} to ${max}, got ${resolved}`);
  return resolved;
}

function parseOrigin(raw: unknown, path: string): ParsedOrigin {
  const origin = readObject(raw, path);
  const id = requiredString(origin, 'Id', path);
  if (id.length === 0)
    throw new DistributionConfigError(`${path}.Id`, 'InvalidArgument', 'must not be empty');
  const domainName = requiredString(origin, 'DomainName', path);
  if (domainName.length === 0 || /[\s/]/.test(domainName))
    throw new DistributionConfigError(
      `${path}.DomainName`,
      'InvalidArgument',
      `"${domainName}" is not a domain name`,
    );
  const originPath = optionalString(origin, 'OriginPath', path) ?? '';
  if (originPath !== '' && (!originPath.startsWith('/') || originPath.endsWith('/')))
    throw new DistributionConfigError(
      `${path}.OriginPath`,
      'InvalidArgument',
      `"${originPath}" must start with / and not end with /`,
    );
  const headersList = optionalList(origin, 'CustomHeaders', path);
  if (headersList.items.length > MAX_ORIGIN_CUSTOM_HEADERS)
    throw new DistributionConfigError(
      `${path}.CustomHeaders.Quantity`,
      'TooManyOriginCustomHeaders',
      `more than ${MAX_ORIGIN_CUSTOM_HEADERS} custom headers`,
    );
  const customHeaders = headersList.items.map((item, index) => {
    const itemPath = `${headersList.path}[${index}]`;
    const header = readObject(item, itemPath);
    const name = requiredString(header, 'HeaderName', itemPath);
    const value = requiredString(header, 'HeaderValue', itemPath);
    const lower = name.toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/.test(name))
      throw new DistributionConfigError(
        `${itemPath}.HeaderName`,
        'InvalidArgument',
        `"${name}" is not a header name`,
      );
    if (FORBIDDEN_ORIGIN_HEADERS.has(lower) || lower.startsWith('x-amz-') || lower.startsWith('x-edge-'))
      throw new DistributionConfigError(
        `${itemPath}.HeaderName`,
        'InvalidArgument',
        `"${name}" cannot be set as an origin custom header`,
      );
    if (value.length > 1783 || /[\r\n\0]/.test(value))
      throw new DistributionConfigError(
        `${itemPath}.HeaderValue`,
        'InvalidArgument',
        'is too long or has control characters',
      );
    return Object.freeze([name, value] as const);
  });
  const connectionAttempts = rangeCheck(
    optionalInteger(origin, 'ConnectionAttempts', path),
    3,
    1,
    3,
    `${path}.ConnectionAttempts`,
  );
  const connectionTimeoutSeconds = rangeCheck(
    optionalInteger(origin, 'ConnectionTimeout', path),
    10,
    1,
    10,
    `${path}.ConnectionTimeout`,
  );
  const originAccessControlId = optionalString(origin, 'OriginAccessControlId', path) ?? '';
  const s3 = optionalObject(origin, 'S3OriginConfig', path);
  const custom = optionalObject(origin, 'CustomOriginConfig', path);
  if (s3 !== undefined && custom !== undefined)
    throw new DistributionConfigError(
      path,
      'InvalidArgument',
      'an origin has either S3OriginConfig or CustomOriginConfig',
    );
  if (s3 === undefined && custom === undefined && origin.VpcOriginConfig === undefined)
    throw new DistributionConfigError(
      path,
      'InvalidArgument',
      'an origin needs S3OriginConfig or CustomOriginConfig',
    );
  const isS3Rest = parseS3OriginDomain(domainName) !== undefined;
  let s3OriginConfig: ParsedOrigin['s3OriginConfig'];
  if (s3 !== undefined) {
    const s3Path = `${path}.S3OriginConfig`;
    if (!isS3Rest)
      throw new DistributionConfigError(
        `${path}.DomainName`,
        'InvalidArgument',
        `"${domainName}" is not an S3 REST endpoint (bucket.s3.region.amazonaws.com); website endpoints need CustomOriginConfig`,
      );
    const originAccessIdentity = optionalString(s3, 'OriginAccessIdentity', s3Path) ?? '';
    if (
      originAccessIdentity !== '' &&
      !/^origin-access-identity\/cloudfront\/[A-Z0-9]+$/.test(originAccessIdentity)
    )
      throw new DistributionConfigError(
        `${s3Path}.OriginAccessIdentity`,
        'InvalidArgument',
        'must be "" or origin-access-identity/cloudfront/<id>',
      );
    // OAC and a legacy OAI on one origin are refused (spec §10.1: with OAC, OriginAccessIdentity is "").
    if (originAccessIdentity !== '' && originAccessControlId !== '')
      throw new DistributionConfigError(
        `${path}.OriginAccessControlId`,
        'IllegalOriginAccessConfiguration',
        'an origin cannot use both an origin access identity and an origin access control',
      );
    s3OriginConfig = Object.freeze({
      originAccessIdentity,
      originReadTimeoutSeconds: rangeCheck(
        optionalInteger(s3, 'OriginReadTimeout', s3Path),
        30,
        1,
        120,
        `${s3Path}.OriginReadTimeout`,
        'InvalidOriginReadTimeout',
      ),
    });
  }
  let customOriginConfig: ParsedOrigin['customOriginConfig'];
  if (custom !== undefined) {
    const customPath = `${path}.CustomOriginConfig`;
    const protocol = requiredString(custom, 'OriginProtocolPolicy', customPath);
    if (protocol !== 'http-only' && protocol !== 'match-viewer' && protocol !== 'https-only')
      throw new DistributionConfigError(
        `${customPath}.OriginProtocolPolicy`,
        'InvalidArgument',
        'must be http-only, match-viewer or https-only',
      );
    // Website endpoints cannot be reached through origin access control (spec §10.1/§10.2).
    if (originAccessControlId !== '' && /\.s3-website[.-]/i.test(domainName))
      throw new DistributionConfigError(
        `${path}.OriginAccessControlId`,
        'IllegalOriginAccessConfiguration',
        'origin access control needs an S3 REST endpoint, not a website endpoint',
      );
    customOriginConfig = Object.freeze({
      httpPort: rangeCheck(
        requiredInteger(custom, 'HTTPPort', customPath),
        80,
        1,
        65535,
        `${customPath}.HTTPPort`,
      ),
      httpsPort: rangeCheck(
        requiredInteger(custom, 'HTTPSPort', customPath),
        443,
        1,
        65535,
        `${customPath}.HTTPSPort`,
      ),
      originProtocolPolicy: protocol,
      originReadTimeoutSeconds: rangeCheck(
        optionalInteger(custom, 'OriginReadTimeout', customPath),
        30,
        1,
        120,
        `${customPath}.OriginReadTimeout`,
        'InvalidOriginReadTimeout',
      ),
      originKeepaliveTimeoutSeconds: rangeCheck(
        optionalInteger(custom, 'OriginKeepaliveTimeout', customPath),
        5,
        1,
        120,
        `${customPath}.OriginKeepaliveTimeout`,
        'InvalidOriginKeepaliveTimeout',
      ),
    });
  }
  return Object.freeze({
    jsonPath: path,
    id,
    domainName,
    originPath,
    customHeaders: Object.freeze(customHeaders),
    connectionAttempts,
    connectionTimeoutSeconds,
    originAccessControlId,
    ...(s3OriginConfig === undefined ? {} : { s3OriginConfig }),
    ...(customOriginConfig === undefined ? {} : { customOriginConfig }),
  });
}

function parseOriginGroups(
  config: JsonObject,
  path: string,
  originIds: ReadonlySet<string>,
): readonly ParsedOriginGroup[] {
  const list = optionalList(config, 'OriginGroups', path);
  const groups = list.items.map((raw, index) => {
    const groupPath = `${list.path}[${index}]`;
    const group = readObject(raw, groupPath);
    const id = requiredString(group, 'Id', groupPath);
    if (originIds.has(id))
      throw new DistributionConfigError(
        `${groupPath}.Id`,
        'InvalidArgument',
        `"${id}" is already an origin id`,
      );
    const criteria = requiredObject(group, 'FailoverCriteria', groupPath);
    const statusCodes = optionalList(criteria, 'StatusCodes', `${groupPath}.FailoverCriteria`).items.map(
      (code, codeIndex) => {
        if (typeof code !== 'number' || !Number.isInteger(code))
          throw new DistributionConfigError(
            `${groupPath}.FailoverCriteria.StatusCodes.Items[${codeIndex}]`,
            'InvalidArgument',
            'must be an HTTP status code',
          );
        return code;
      },
    );
    requiredObject(group, 'Members', groupPath);
    const members = optionalList(group, 'Members', groupPath);
    const memberIds = members.items.map((member, memberIndex) => {
      const memberPath = `${members.path}[${memberIndex}]`;
      const originId = requiredString(readObject(member, memberPath), 'OriginId', memberPath);
      if (!originIds.has(originId))
        throw new DistributionConfigError(
          `${memberPath}.OriginId`,
          'NoSuchOrigin',
          `no origin has the id "${originId}"`,
        );
      return originId;
    });
    if (memberIds.length !== 2)
      throw new DistributionConfigError(
        `${groupPath}.Members`,
        'InvalidArgument',
        'an origin group has exactly two members',
      );
    return Object.freeze({
      jsonPath: groupPath,
      id,
      failoverStatusCodes: Object.freeze(statusCodes),
      memberOriginIds: Object.freeze(memberIds),
    });
  });
  return Object.freeze(groups);
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

function parseBehavior(
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
  let allowedMethods: HttpMethod[] = ['GET', 'HEAD'];
  let cachedMethods: HttpMethod[] = ['GET', 'HEAD'];
  const allowed = optionalObject(behavior, 'AllowedMethods', path);
  if (allowed !== undefined) {
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
  }
  const keyGroupsObject = optionalObject(behavior, 'TrustedKeyGroups', path);
  const trustedKeyGroups = {
    enabled:
      keyGroupsObject === undefined
        ? false
        : requiredBoolean(keyGroupsObject, 'Enabled', `${path}.TrustedKeyGroups`),
    items: Object.freeze([...optionalStringList(behavior, 'TrustedKeyGroups', path)]),
  };
  if (trustedKeyGroups.items.length > MAX_KEY_GROUPS_PER_BEHAVIOR)
    throw new DistributionConfigError(
      `${path}.TrustedKeyGroups.Quantity`,
      'InvalidArgument',
      `a behavior trusts at most ${MAX_KEY_GROUPS_PER_BEHAVIOR} key groups`,
    );
  const signersObject = optionalObject(behavior, 'TrustedSigners', path);
  const trustedSigners = {
    enabled:
      signersObject === undefined
        ? false
        : requiredBoolean(signersObject, 'Enabled', `${path}.TrustedSigners`),
    items: Object.freeze([...optionalStringList(behavior, 'TrustedSigners', path)]),
  };
  if (trustedKeyGroups.items.length > 0 && trustedSigners.items.length > 0)
    throw new DistributionConfigError(
      `${path}.TrustedSigners`,
      'InvalidArgument',
      'a behavior uses either trusted key groups or trusted signers, not both',
    );
  const nonEmpty = (name: string): string | undefined => {
    const value = optionalString(behavior, name, path);
    return value === undefined || value === '' ? undefined : value;
  };
  const cachePolicyId = nonEmpty('CachePolicyId');
  const originRequestPolicyId = nonEmpty('OriginRequestPolicyId');
  const responseHeadersPolicyId = nonEmpty('ResponseHeadersPolicyId');
  const hasForwardedValues = behavior.ForwardedValues !== undefined && behavior.ForwardedValues !== null;
  // spec §3.5: a cache policy or legacy ForwardedValues, exactly one of the two.
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
    ...(cachePolicyId === undefined ? {} : { cachePolicyId }),
    ...(originRequestPolicyId === undefined ? {} : { originRequestPolicyId }),
    ...(responseHeadersPolicyId === undefined ? {} : { responseHeadersPolicyId }),
    source: behavior,
  });
}

function parseCustomErrorResponses(config: JsonObject, path: string): readonly CustomErrorResponse[] {
  const list = optionalList(config, 'CustomErrorResponses', path);
  const seen = new Set<number>();
  return Object.freeze(
    list.items.map((raw, index) => {
      const itemPath = `${list.path}[${index}]`;
      const item = readObject(raw, itemPath);
      const errorCode = requiredInteger(item, 'ErrorCode', itemPath);
      if (!CUSTOM_ERROR_CODES.includes(errorCode))
        throw new DistributionConfigError(
          `${itemPath}.ErrorCode`,
          'InvalidErrorCode',
          `${errorCode} is not one of ${CUSTOM_ERROR_CODES.join(', ')}`,
        );
      if (seen.has(errorCode))
        throw new DistributionConfigError(
          `${itemPath}.ErrorCode`,
          'InvalidArgument',
          `${errorCode} is configured twice`,
        );
      seen.add(errorCode);
      const pagePathRaw = optionalString(item, 'ResponsePagePath', itemPath);
      const responsePagePath = pagePathRaw === '' ? undefined : pagePathRaw;
      // ResponseCode is a string in the API; `""` means not set.
      const responseCodeRaw =
        item.ResponseCode === '' ? undefined : optionalInteger(item, 'ResponseCode', itemPath);
      if (
        responseCodeRaw !== undefined &&
        responseCodeRaw !== 200 &&
        !CUSTOM_ERROR_CODES.includes(responseCodeRaw)
      )
        throw new DistributionConfigError(
          `${itemPath}.ResponseCode`,
          'InvalidResponseCode',
          `${responseCodeRaw} is not 200 or one of ${CUSTOM_ERROR_CODES.join(', ')}`,
        );
      if (responsePagePath !== undefined && !responsePagePath.startsWith('/'))
        throw new DistributionConfigError(
          `${itemPath}.ResponsePagePath`,
          'InvalidArgument',
          'must start with /',
        );
      if ((responsePagePath === undefined) !== (responseCodeRaw === undefined))
        throw new DistributionConfigError(
          responsePagePath === undefined ? `${itemPath}.ResponsePagePath` : `${itemPath}.ResponseCode`,
          'InvalidArgument',
          'ResponsePagePath and ResponseCode must be specified together',
        );
      const errorCachingMinTTL =
        optionalInteger(item, 'ErrorCachingMinTTL', itemPath) ?? DEFAULT_ERROR_CACHING_MIN_TTL_SECONDS;
      if (errorCachingMinTTL < 0)
        throw new DistributionConfigError(
          `${itemPath}.ErrorCachingMinTTL`,
          'InvalidArgument',
          'must not be negative',
        );
      return Object.freeze({
        errorCode,
        ...(responsePagePath === undefined ? {} : { responsePagePath }),
        ...(responseCodeRaw === undefined ? {} : { responseCode: responseCodeRaw }),
        errorCachingMinTTL,
      });
    }),
  );
}
