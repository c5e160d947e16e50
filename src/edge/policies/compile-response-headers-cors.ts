// Compiles the `CorsConfig` of a response headers policy (AWS: "Understand response headers policies"): origins (with the one
// wildcard form CloudFront accepts), headers, methods with `ALL` expanded, credentials and max age.

import {
  type JsonObject,
  optionalInteger,
  optionalStringList,
  requiredBoolean,
} from '../distribution/aws-json-reader.ts';
import type { ResponseHeadersCors } from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';

/** Methods `ALL` expands to (AWS: "Understand response headers policies": emit the expanded list). */
export const CORS_ALL_METHODS = ['GET', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/** The 400 text the API returns for `*` in Allow-Headers with credentials (AWS: "Understand response headers policies", observed). */
export const ALLOW_HEADERS_STAR_WITH_CREDENTIALS_MESSAGE =
  'The parameter Access-Control-Allow-Headers cannot contain * when allowCredentials is true.';

export function compileResponseHeadersCors(cors: JsonObject, path: string): ResponseHeadersCors {
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
 * `example.*`, `test.*.example.org`, `exa*mple.org` and `ALL` are refused (AWS: "Understand response headers policies").
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
