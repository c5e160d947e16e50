// Parses one entry of a distribution's `Origins.Items` — domain, path, custom headers, timeouts and the
// S3 or custom origin settings — as the CloudFront API validates it (AWS: "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)", "Restrict access to an Amazon S3 origin").
// Called by parse-distribution-config.ts; errors name the JSON path.

import {
  type JsonObject,
  optionalInteger,
  optionalList,
  optionalObject,
  optionalString,
  readObject,
  requiredInteger,
  requiredString,
} from './aws-json-reader.ts';
import { DistributionConfigError } from './distribution-config-error.ts';
import type { ParsedOrigin } from './parsed-distribution-config.ts';
import { parseS3OriginDomain } from './s3-origin-domain.ts';

const MAX_ORIGIN_CUSTOM_HEADERS = 10;

/** Headers an origin's CustomHeaders may not set (AWS: "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)"). */
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

export function parseOrigin(raw: unknown, path: string): ParsedOrigin {
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
  const customHeaders = parseOriginCustomHeaders(origin, path);
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
  const { s3OriginConfig, customOriginConfig } = parseOriginKind(
    origin,
    path,
    domainName,
    originAccessControlId,
  );
  return Object.freeze({
    jsonPath: path,
    id,
    domainName,
    originPath,
    customHeaders,
    connectionAttempts,
    connectionTimeoutSeconds,
    originAccessControlId,
    ...(s3OriginConfig === undefined ? {} : { s3OriginConfig }),
    ...(customOriginConfig === undefined ? {} : { customOriginConfig }),
  });
}

function parseOriginCustomHeaders(origin: JsonObject, path: string): ParsedOrigin['customHeaders'] {
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
  return Object.freeze(customHeaders);
}

/** Exactly one of S3OriginConfig / CustomOriginConfig (a VPC origin is accepted with neither). */
function parseOriginKind(
  origin: JsonObject,
  path: string,
  domainName: string,
  originAccessControlId: string,
): {
  readonly s3OriginConfig: ParsedOrigin['s3OriginConfig'] | undefined;
  readonly customOriginConfig: ParsedOrigin['customOriginConfig'] | undefined;
} {
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
  return {
    s3OriginConfig:
      s3 === undefined ? undefined : parseS3OriginConfig(s3, path, domainName, originAccessControlId),
    customOriginConfig:
      custom === undefined
        ? undefined
        : parseCustomOriginConfig(custom, path, domainName, originAccessControlId),
  };
}

function parseS3OriginConfig(
  s3: JsonObject,
  path: string,
  domainName: string,
  originAccessControlId: string,
): NonNullable<ParsedOrigin['s3OriginConfig']> {
  const s3Path = `${path}.S3OriginConfig`;
  if (parseS3OriginDomain(domainName) === undefined)
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
  // OAC and a legacy OAI on one origin are refused (AWS: "Restrict access to an Amazon S3 origin": with OAC, OriginAccessIdentity is "").
  if (originAccessIdentity !== '' && originAccessControlId !== '')
    throw new DistributionConfigError(
      `${path}.OriginAccessControlId`,
      'IllegalOriginAccessConfiguration',
      'an origin cannot use both an origin access identity and an origin access control',
    );
  return Object.freeze({
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

function parseCustomOriginConfig(
  custom: JsonObject,
  path: string,
  domainName: string,
  originAccessControlId: string,
): NonNullable<ParsedOrigin['customOriginConfig']> {
  const customPath = `${path}.CustomOriginConfig`;
  const protocol = requiredString(custom, 'OriginProtocolPolicy', customPath);
  if (protocol !== 'http-only' && protocol !== 'match-viewer' && protocol !== 'https-only')
    throw new DistributionConfigError(
      `${customPath}.OriginProtocolPolicy`,
      'InvalidArgument',
      'must be http-only, match-viewer or https-only',
    );
  // Website endpoints cannot be reached through origin access control (AWS: "Restrict access to an Amazon S3 origin"/AWS: "Restrict access to an Amazon S3 origin").
  if (originAccessControlId !== '' && /\.s3-website[.-]/i.test(domainName))
    throw new DistributionConfigError(
      `${path}.OriginAccessControlId`,
      'IllegalOriginAccessConfiguration',
      'origin access control needs an S3 REST endpoint, not a website endpoint',
    );
  const port = (name: string, fallback: number): number =>
    rangeCheck(requiredInteger(custom, name, customPath), fallback, 1, 65535, `${customPath}.${name}`);
  return Object.freeze({
    httpPort: port('HTTPPort', 80),
    httpsPort: port('HTTPSPort', 443),
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
