// Parses an untrusted distribution document — what `aws cloudfront get-distribution-config` or
// `get-distribution` prints, or a bare `DistributionConfig` — and validates it as the CloudFront API would
// (AWS: "Cache behavior settings", "Generate custom error responses", "Restrict access to an Amazon S3 origin", "Amazon CloudFront API Reference", AWS: "aws cloudfront get-distribution-config (AWS CLI Command Reference)"). Errors name the JSON path and carry the API error code.
// Origins, origin groups, cache behaviors and custom error responses each have their own parser file.

import {
  isJsonObject,
  type JsonObject,
  optionalBoolean,
  optionalList,
  optionalString,
  optionalStringList,
  readObject,
  requiredBoolean,
  requiredObject,
  requiredString,
} from './aws-json-reader.ts';
import { DistributionConfigError } from './distribution-config-error.ts';
import { parseCacheBehavior } from './parse-cache-behavior.ts';
import { parseCustomErrorResponses } from './parse-custom-error-responses.ts';
import { parseOrigin } from './parse-origin.ts';
import { parseOriginGroups } from './parse-origin-groups.ts';
import type {
  ParsedCacheBehavior,
  ParsedDistributionConfig,
  ParsedOrigin,
} from './parsed-distribution-config.ts';

const MAX_ORIGINS = 25;
const MAX_CACHE_BEHAVIORS = 25;
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
  const aliases = parseAliases(config, path);
  const defaultRootObject = parseDefaultRootObject(config, path);
  const origins = parseOrigins(config, path);
  const originIds = new Set(origins.map((origin) => origin.id));
  const originGroups = parseOriginGroups(config, path, originIds);
  const targets = new Set([...originIds, ...originGroups.map((group) => group.id)]);
  const defaultCacheBehavior = parseCacheBehavior(
    requiredObject(config, 'DefaultCacheBehavior', path),
    `${path}.DefaultCacheBehavior`,
    true,
    targets,
  );
  const cacheBehaviors = parseCacheBehaviors(config, path, targets);
  const comment = requiredString(config, 'Comment', path);
  if (comment.length > 128)
    throw new DistributionConfigError(`${path}.Comment`, 'InvalidArgument', 'is longer than 128 characters');
  const httpVersion = parseHttpVersion(config, path);
  checkPriceClass(config, path);
  return Object.freeze({
    ...(etag === undefined ? {} : { etag }),
    documentKind,
    source: config,
    callerReference,
    aliases,
    defaultRootObject,
    origins,
    originGroups,
    defaultCacheBehavior,
    cacheBehaviors,
    customErrorResponses: parseCustomErrorResponses(config, path),
    comment,
    enabled: requiredBoolean(config, 'Enabled', path),
    httpVersion,
    isIPV6Enabled: optionalBoolean(config, 'IsIPV6Enabled', path) ?? true,
  });
}

function parseAliases(config: JsonObject, path: string): readonly string[] {
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
  return Object.freeze(aliases);
}

function parseDefaultRootObject(config: JsonObject, path: string): string {
  const defaultRootObject = optionalString(config, 'DefaultRootObject', path) ?? '';
  // AWS: "Cache behavior settings": an object name such as `index.html`, no leading slash.
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
  return defaultRootObject;
}

function parseOrigins(config: JsonObject, path: string): readonly ParsedOrigin[] {
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
  for (const origin of origins) {
    if (originIds.has(origin.id))
      throw new DistributionConfigError(
        `${origin.jsonPath}.Id`,
        'InvalidArgument',
        `origin id "${origin.id}" is used twice`,
      );
    originIds.add(origin.id);
  }
  return Object.freeze(origins);
}

function parseCacheBehaviors(
  config: JsonObject,
  path: string,
  targets: ReadonlySet<string>,
): readonly ParsedCacheBehavior[] {
  const behaviorsList = optionalList(config, 'CacheBehaviors', path);
  if (behaviorsList.items.length > MAX_CACHE_BEHAVIORS)
    throw new DistributionConfigError(
      `${path}.CacheBehaviors.Quantity`,
      'TooManyCacheBehaviors',
      `more than ${MAX_CACHE_BEHAVIORS} cache behaviors`,
    );
  const cacheBehaviors = behaviorsList.items.map((raw, index) =>
    parseCacheBehavior(
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
  return Object.freeze(cacheBehaviors);
}

function parseHttpVersion(config: JsonObject, path: string): ParsedDistributionConfig['httpVersion'] {
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
  return httpVersion;
}

/** PriceClass is validated only; it changes nothing at this edge. */
function checkPriceClass(config: JsonObject, path: string): void {
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
}
