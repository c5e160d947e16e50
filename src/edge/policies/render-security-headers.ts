// Renders the `SecurityHeadersConfig` of a response headers policy to wire headers once, at compile time
// (AWS: "Add or remove HTTP headers in CloudFront responses with a policy"): HSTS, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection,
// Referrer-Policy and Content-Security-Policy, in that order, each with its Override flag.

import {
  type JsonObject,
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredBoolean,
  requiredInteger,
  requiredString,
} from '../distribution/aws-json-reader.ts';
import type { PolicyHeader } from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';

/** CloudFront's limit on one header value (AWS: "Add or remove HTTP headers in CloudFront responses with a policy"): the CSP here, each custom header's value too. */
export const MAX_HEADER_VALUE_CHARS = 1783;

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

export function renderSecurityHeaders(config: JsonObject, path: string): PolicyHeader[] {
  const headers: PolicyHeader[] = [];
  const hsts = optionalObject(config, 'StrictTransportSecurity', path);
  if (hsts !== undefined) headers.push(renderHsts(hsts, `${path}.StrictTransportSecurity`));
  const contentTypeOptions = optionalObject(config, 'ContentTypeOptions', path);
  if (contentTypeOptions !== undefined)
    headers.push({
      name: 'X-Content-Type-Options',
      value: 'nosniff',
      override: requiredBoolean(contentTypeOptions, 'Override', `${path}.ContentTypeOptions`),
    });
  const frameOptions = optionalObject(config, 'FrameOptions', path);
  if (frameOptions !== undefined) headers.push(renderFrameOptions(frameOptions, `${path}.FrameOptions`));
  const xss = optionalObject(config, 'XSSProtection', path);
  if (xss !== undefined) headers.push(renderXssProtection(xss, `${path}.XSSProtection`));
  const referrer = optionalObject(config, 'ReferrerPolicy', path);
  if (referrer !== undefined) headers.push(renderReferrerPolicy(referrer, `${path}.ReferrerPolicy`));
  const csp = optionalObject(config, 'ContentSecurityPolicy', path);
  if (csp !== undefined) headers.push(renderContentSecurityPolicy(csp, `${path}.ContentSecurityPolicy`));
  return headers;
}

function renderHsts(hsts: JsonObject, hstsPath: string): PolicyHeader {
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
  return {
    name: 'Strict-Transport-Security',
    value,
    override: requiredBoolean(hsts, 'Override', hstsPath),
  };
}

function renderFrameOptions(frameOptions: JsonObject, framePath: string): PolicyHeader {
  const value = requiredString(frameOptions, 'FrameOption', framePath);
  if (value !== 'DENY' && value !== 'SAMEORIGIN')
    throw new DistributionConfigError(
      `${framePath}.FrameOption`,
      'InvalidArgument',
      'must be DENY or SAMEORIGIN',
    );
  return {
    name: 'X-Frame-Options',
    value,
    override: requiredBoolean(frameOptions, 'Override', framePath),
  };
}

function renderXssProtection(xss: JsonObject, xssPath: string): PolicyHeader {
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
  return { name: 'X-XSS-Protection', value, override: requiredBoolean(xss, 'Override', xssPath) };
}

function renderReferrerPolicy(referrer: JsonObject, referrerPath: string): PolicyHeader {
  const value = requiredString(referrer, 'ReferrerPolicy', referrerPath);
  if (!REFERRER_POLICIES.includes(value))
    throw new DistributionConfigError(
      `${referrerPath}.ReferrerPolicy`,
      'InvalidArgument',
      `"${value}" is not one of ${REFERRER_POLICIES.join(', ')}`,
    );
  return {
    name: 'Referrer-Policy',
    value,
    override: requiredBoolean(referrer, 'Override', referrerPath),
  };
}

function renderContentSecurityPolicy(csp: JsonObject, cspPath: string): PolicyHeader {
  const value = requiredString(csp, 'ContentSecurityPolicy', cspPath);
  if (value.length > MAX_HEADER_VALUE_CHARS)
    throw new DistributionConfigError(
      `${cspPath}.ContentSecurityPolicy`,
      'TooLongCSPInResponseHeadersPolicy',
      `${value.length} characters exceed ${MAX_HEADER_VALUE_CHARS}`,
    );
  return {
    name: 'Content-Security-Policy',
    value,
    override: requiredBoolean(csp, 'Override', cspPath),
  };
}
