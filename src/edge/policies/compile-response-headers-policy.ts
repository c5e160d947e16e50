// Compiles a `ResponseHeadersPolicyConfig` (managed or custom) into the runtime `ResponseHeadersPolicy`:
// validates as CreateResponseHeadersPolicy would (AWS: "Understand response headers policies", "Add or remove HTTP headers in CloudFront responses with a policy", "Amazon CloudFront API Reference"). CORS and the
// security headers have their own files; custom headers, removed headers and Server-Timing are here.

import {
  type JsonObject,
  optionalList,
  optionalObject,
  readObject,
  requiredBoolean,
  requiredString,
} from '../distribution/aws-json-reader.ts';
import type { PolicyHeader, ResponseHeadersPolicy } from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import type { CompilePolicyOptions } from './compile-cache-policy.ts';
import { compileResponseHeadersCors } from './compile-response-headers-cors.ts';
import { readPolicyName } from './read-policy-parameters.ts';
import { MAX_HEADER_VALUE_CHARS, renderSecurityHeaders } from './render-security-headers.ts';

/** Headers a policy may not remove (AWS: "Add or remove HTTP headers in CloudFront responses with a policy"); entries ending in `-` are prefixes (`X-Amz-Cf-.*`). */
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
const MAX_CUSTOM_HEADERS_TOTAL_CHARS = 10240;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function compileResponseHeadersPolicy(
  id: string,
  config: unknown,
  options: CompilePolicyOptions = {},
): ResponseHeadersPolicy {
  const path = options.jsonPath ?? 'ResponseHeadersPolicyConfig';
  const root = readObject(config, path);
  const name = readPolicyName(root, path);
  const corsConfig = optionalObject(root, 'CorsConfig', path);
  const securityConfig = optionalObject(root, 'SecurityHeadersConfig', path);
  const serverTimingConfig = optionalObject(root, 'ServerTimingHeadersConfig', path);
  const cors =
    corsConfig === undefined ? undefined : compileResponseHeadersCors(corsConfig, `${path}.CorsConfig`);
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
