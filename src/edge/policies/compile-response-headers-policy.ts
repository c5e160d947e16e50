// Compiles a `ResponseHeadersPolicyConfig` (managed or custom) into the runtime `ResponseHeadersPolicy`:
// validates as CreateResponseHeadersPolicy would and renders security headers to wire form once
// (spec cloudfront.md §6.2, §6.4, §11.3).

import {
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
  requiredString,
} from '../distribution/aws-json-reader.ts';
import type {
  PolicyHeader,
  ResponseHeadersCors,
  ResponseHeadersPolicy,
} from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import type { CompilePolicyOptions } from './compile-cache-policy.ts';

/** Methods `ALL` expands to (spec §6.2: emit the expanded list). */
export const CORS_ALL_METHODS = ['GET', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/** The 400 text the API returns for `*` in Allow-Headers with credentials (spec §6.2, observed). */
export const ALLOW_HEADERS_STAR_WITH_CREDENTIALS_MESSAGE =
  'The parameter Access-Control-Allow-Headers cannot contain * when allowCredentials is true.';

const REFERRER_POLICIES = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
];

/** Headers a policy may not remove (spec §6.4); entries ending in `-` are prefixes (`X-Amz-Cf-.*`). */
const UNREMOVABLE_HEADERS = [
  'connection',
  'content-encoding',
  'content-length',
  'expect',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'warning',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amz-cf-',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-edge-',
  'x-forwarded-proto',
  'x-real-ip',
];

const MAX_CUSTOM_HEADERS = 10;
const MAX_REMOVE_HEADERS = 10;
const MAX_HEADER_NAME_CHARS = 256;
const MAX_HEADER_VALUE_CHARS = 1783;
const MAX_CUSTOM_HEADERS_TOTAL_CHARS = 10240;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function compileResponseHeadersPolicy(
  id: string,
  config: unknown,
  options: CompilePolicyOptions = {},
): ResponseHeadersPolicy {
  const path = options.jsonPath ?? 'ResponseHeadersPolicyConfig';
  const root = readObject(config, path);
  const name = requiredString(root, 'Name', path);
  if (name.length === 0)
    throw new DistributionConfigError(`${path}.Name`, 'InvalidArgument', 'must not be empty');
  const corsConfig = optionalObject(root, 'CorsConfig', path);
  const securityConfig = optionalObject(root, 'SecurityHeadersConfig', path);
  const serverTimingConfig = optionalObject(root, 'ServerTimingHeadersConfig', path);
  const cors = corsConfig === undefined ? undefined : compileCors(corsConfig, `${path}.CorsConfig`);
  const serverTiming =
    serverTimingConfig === undefined
      ? undefined
      : compileServerTiming(serverTimingConfig, `${path}.ServerTimingHeadersConfig`);
  return Object.freeze({
    id,
    name,
    ...(cors === undefined ? {} : { cors }),
    securityHeaders: Object.freeze(
      securityConfig === undefined
        ? []
        : renderSecurityHeaders(securityConfig, `${path}.SecurityHeadersConfig`),
    ),
    customHeaders: Object.freeze(compileCustomHeaders(root, path)),
    removeHeaders: Object.freeze(compileRemoveHeaders(root, path)),
    ...(serverTiming === undefined ? {} : { serverTiming }),
  });
}

function compileCors(cors: JsonObject, path: string): ResponseHeadersCors {
  const allowOrigins = optionalStringList(cors, 'AccessControlAllowOrigins', path);
  if (allowOrigins.length === 0)
    throw new DistributionConfigError(
      `${path}.AccessControlAllowOrigins`,
      'InvalidArgument',
      'needs at least one origin',
    );
  allowOrigins.forEach((origin, index) => {
    const reason = checkAllowOrigin(origin);
    if (reason !== undefined)
      throw new DistributionConfigError(
        `${path}.AccessControlAllowOrigins.Items[${index}]`,
        'InvalidArgument',
        reason,
      );
  });
  const allowHeaders = optionalStringList(cors, 'AccessControlAllowHeaders', path);
  if (allowHeaders.length === 0)
    throw new DistributionConfigError(
      `${path}.AccessControlAllowHeaders`,
      'InvalidArgument',
      'needs at least one header',
    );
  const methods = optionalStringList(cors, 'AccessControlAllowMethods', path);
  if (methods.length === 0)
    throw new DistributionConfigError(
      `${path}.AccessControlAllowMethods`,
      'InvalidArgument',
      'needs at least one method',
    );
  const expanded = new Set<string>();
  methods.forEach((method, index) => {
    if (method === 'ALL') for (const each of CORS_ALL_METHODS) expanded.add(each);
    else if ((CORS_ALL_METHODS as readonly string[]).includes(method)) expanded.add(method);
    else
      throw new DistributionConfigError(
        `${path}.AccessControlAllowMethods.Items[${index}]`,
        'InvalidArgument',
        `"${method}" is not one of ALL, ${CORS_ALL_METHODS.join(', ')}`,
      );
  });
  const allowCredentials = requiredBoolean(cors, 'AccessControlAllowCredentials', path);
  if (allowCredentials && allowHeaders.includes('*'))
    throw new DistributionConfigError(
      `${path}.AccessControlAllowHeaders`,
      'InvalidArgument',
      ALLOW_HEADERS_STAR_WITH_CREDENTIALS_MESSAGE,
    );
  const maxAgeSeconds = optionalInteger(cors, 'AccessControlMaxAgeSec', path);
  if (maxAgeSeconds !== undefined && maxAgeSeconds < 0)
    throw new DistributionConfigError(
      `${path}.AccessControlMaxAgeSec`,
      'InvalidArgument',
      'must not be negative',
    );
  return Object.freeze({
    allowOrigins: Object.freeze([...allowOrigins]),
    allowHeaders: Object.freeze([...allowHeaders]),
    allowMethods: Object.freeze(CORS_ALL_METHODS.filter((method) => expanded.has(method))),
    allowCredentials,
    exposeHeaders: Object.freeze([...optionalStringList(cors, 'AccessControlExposeHeaders', path)]),
    ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
    originOverride: requiredBoolean(cors, 'OriginOverride', path),
  });
}

/**
 * `*`, an origin like `https://www.example.com[:port]`, or one leading-label wildcard (`https://*.example.org`);
 * `example.*`, `test.*.example.org`, `exa*mple.org` and `ALL` are refused (spec §6.2).
 */
function checkAllowOrigin(origin: string): string | undefined {
  if (origin === '*') return undefined;
  if (origin === 'ALL') return '"ALL" is not a valid origin; use "*"';
  const match = /^(?:(https?):\/\/)?([^/:]+)(?::(\d{1,5}))?$/.exec(origin);
  if (match === null) return `"${origin}" is not an origin (scheme://host[:port])`;
  const host = match[2];
  const starCount = host.split('*').length - 1;
  if (starCount === 0) return undefined;
  if (starCount === 1 && host.startsWith('*.') && host.length > 2) return undefined;
  return `"${origin}" may use a wildcard only as its whole leading label (*.example.org)`;
}

function renderSecurityHeaders(config: JsonObject, path: string): PolicyHeader[] {
  const headers: PolicyHeader[] = [];
  const hsts = optionalObject(config, 'StrictTransportSecurity', path);
  if (hsts !== undefined) {
    const hstsPath = `${path}.StrictTransportSecurity`;
    const maxAge = requiredInteger(hsts, 'AccessControlMaxAgeSec', hstsPath);
    if (maxAge < 0)
      throw new DistributionConfigError(
        `${hstsPath}.AccessControlMaxAgeSec`,
        'InvalidArgument',
        'must not be negative',
      );
    let value = `max-age=${maxAge}`;
    if (optionalBoolean(hsts, 'IncludeSubdomains', hstsPath) === true) value += '; includeSubDomains';
    if (optionalBoolean(hsts, 'Preload', hstsPath) === true) value += '; preload';
    headers.push({
      name: 'Strict-Transport-Security',
      value,
      override: requiredBoolean(hsts, 'Override', hstsPath),
    });
  }
  const contentTypeOptions = optionalObject(config, 'ContentTypeOptions', path);
  if (contentTypeOptions !== undefined)
    headers.push({
      name: 'X-Content-Type-Options',
      value: 'nosniff',
      override: requiredBoolean(contentTypeOptions, 'Override', `${path}.ContentTypeOptions`),
    });
  const frameOptions = optionalObject(config, 'FrameOptions', path);
  if (frameOptions !== undefined) {
    const framePath = `${path}.FrameOptions`;
    const value = requiredString(frameOptions, 'FrameOption', framePath);
    if (value !== 'DENY' && value !== 'SAMEORIGIN')
      throw new DistributionConfigError(
        `${framePath}.FrameOption`,
        'InvalidArgument',
        'must be DENY or SAMEORIGIN',
      );
    headers.push({
      name: 'X-Frame-Options',
      value,
      override: requiredBoolean(frameOptions, 'Override', framePath),
    });
  }
  const xss = optionalObject(config, 'XSSProtection', path);
  if (xss !== undefined) {
    const xssPath = `${path}.XSSProtection`;
    const protection = requiredBoolean(xss, 'Protection', xssPath);
    const modeBlock = optionalBoolean(xss, 'ModeBlock', xssPath) === true;
    const reportUri = optionalString(xss, 'ReportUri', xssPath);
    if (modeBlock && reportUri !== undefined && reportUri !== '')
      throw new DistributionConfigError(
        xssPath,
        'InvalidArgument',
        'ModeBlock and ReportUri are mutually exclusive',
      );
    if (!protection && (modeBlock || (reportUri !== undefined && reportUri !== '')))
      throw new DistributionConfigError(
        `${xssPath}.Protection`,
        'InvalidArgument',
        'ModeBlock and ReportUri need Protection true',
      );
    const value = !protection
      ? '0'
      : modeBlock
        ? '1; mode=block'
        : reportUri !== undefined && reportUri !== ''
          ? `1; report=${reportUri}`
          : '1';
    headers.push({ name: 'X-XSS-Protection', value, override: requiredBoolean(xss, 'Override', xssPath) });
  }
  const referrer = optionalObject(config, 'ReferrerPolicy', path);
  if (referrer !== undefined) {
    const referrerPath = `${path}.ReferrerPolicy`;
    const value = requiredString(referrer, 'ReferrerPolicy', referrerPath);
    if (!REFERRER_POLICIES.includes(value))
      throw new DistributionConfigError(
        `${referrerPath}.ReferrerPolicy`,
        'InvalidArgument',
        `"${value}" is not one of ${REFERRER_POLICIES.join(', ')}`,
      );
    headers.push({
      name: 'Referrer-Policy',
      value,
      override: requiredBoolean(referrer, 'Override', referrerPath),
    });
  }
  const csp = optionalObject(config, 'ContentSecurityPolicy', path);
  if (csp !== undefined) {
    const cspPath = `${path}.ContentSecurityPolicy`;
    const value = requiredString(csp, 'ContentSecurityPolicy', cspPath);
    if (value.length > MAX_HEADER_VALUE_CHARS)
      throw new DistributionConfigError(
        `${cspPath}.ContentSecurityPolicy`,
        'TooLongCSPInResponseHeadersPolicy',
        `${value.length} characters exceed ${MAX_HEADER_VALUE_CHARS}`,
      );
    headers.push({
      name: 'Content-Security-Policy',
      value,
      override: requiredBoolean(csp, 'Override', cspPath),
    });
  }
  return headers;
}

function compileCustomHeaders(root: JsonObject, path: string): PolicyHeader[] {
  const configPath = `${path}.CustomHeadersConfig`;
  const config = optionalObject(root, 'CustomHeadersConfig', path);
  if (config === undefined) return [];
  const { items, path: itemsPath } = optionalList(root, 'CustomHeadersConfig', path);
  if (items.length > MAX_CUSTOM_HEADERS)
    throw new DistributionConfigError(
      `${configPath}.Quantity`,
      'TooManyCustomHeadersInResponseHeadersPolicy',
      `${items.length} custom headers exceed ${MAX_CUSTOM_HEADERS}`,
    );
  let totalChars = 0;
  const seen = new Set<string>();
  return items.map((item, index) => {
    const itemPath = `${itemsPath}[${index}]`;
    const header = readObject(item, itemPath);
    const name = requiredString(header, 'Header', itemPath);
    const value = requiredString(header, 'Value', itemPath);
    if (!HEADER_NAME.test(name) || name.length > MAX_HEADER_NAME_CHARS)
      throw new DistributionConfigError(
        `${itemPath}.Header`,
        'InvalidArgument',
        `"${name}" is not a valid header name`,
      );
    if (value.length > MAX_HEADER_VALUE_CHARS || /[\r\n\0]/.test(value))
      throw new DistributionConfigError(
        `${itemPath}.Value`,
        'InvalidArgument',
        'is too long or contains control characters',
      );
    if (seen.has(name.toLowerCase()))
      throw new DistributionConfigError(`${itemPath}.Header`, 'InvalidArgument', `"${name}" is listed twice`);
    seen.add(name.toLowerCase());
    totalChars += name.length + value.length;
    if (totalChars > MAX_CUSTOM_HEADERS_TOTAL_CHARS)
      throw new DistributionConfigError(
        itemPath,
        'InvalidArgument',
        `custom headers exceed ${MAX_CUSTOM_HEADERS_TOTAL_CHARS} characters`,
      );
    return Object.freeze({ name, value, override: requiredBoolean(header, 'Override', itemPath) });
  });
}

function compileRemoveHeaders(root: JsonObject, path: string): string[] {
  const configPath = `${path}.RemoveHeadersConfig`;
  if (optionalObject(root, 'RemoveHeadersConfig', path) === undefined) return [];
  const { items, path: itemsPath } = optionalList(root, 'RemoveHeadersConfig', path);
  if (items.length > MAX_REMOVE_HEADERS)
    throw new DistributionConfigError(
      `${configPath}.Quantity`,
      'TooManyRemoveHeadersInResponseHeadersPolicy',
      `${items.length} headers to remove exceed ${MAX_REMOVE_HEADERS}`,
    );
  return items.map((item, index) => {
    const itemPath = `${itemsPath}[${index}]`;
    const name = requiredString(readObject(item, itemPath), 'Header', itemPath);
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name))
      throw new DistributionConfigError(
        `${itemPath}.Header`,
        'InvalidArgument',
        `"${name}" is not a valid header name`,
      );
    if (
      UNREMOVABLE_HEADERS.some((blocked) =>
        blocked.endsWith('-') ? lower.startsWith(blocked) : lower === blocked,
      )
    )
      throw new DistributionConfigError(
        `${itemPath}.Header`,
        'InvalidArgument',
        `"${name}" cannot be removed`,
      );
    return lower;
  });
}

function compileServerTiming(config: JsonObject, path: string): { enabled: boolean; samplingRate: number } {
  const enabled = requiredBoolean(config, 'Enabled', path);
  const rate = config.SamplingRate ?? 0;
  if (
    typeof rate !== 'number' ||
    rate < 0 ||
    rate > 100 ||
    Math.abs(Math.round(rate * 10000) - rate * 10000) > 1e-6
  )
    throw new DistributionConfigError(
      `${path}.SamplingRate`,
      'InvalidArgument',
      'must be a number from 0 to 100 with at most four decimals',
    );
  return Object.freeze({ enabled, samplingRate: rate });
}
