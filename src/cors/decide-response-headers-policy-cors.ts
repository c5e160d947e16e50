// Decides the CORS headers a CloudFront response headers policy adds to one viewer response. Pure; the edge's
// response-headers stage applies them with `applyPolicyHeaders`, the doctor replays them
// (AWS: "Add or remove HTTP headers in CloudFront responses with a policy", "Understand response headers policies", docs/decisions/; choices in docs/decisions/cors-cloudfront-policy.md).

import type { ResponseHeadersCors } from '../edge/distribution/compiled-distribution.ts';
import type { ResponsePolicyHeader } from './apply-policy-headers.ts';

export type ResponseHeadersPolicyCorsRequest = {
  readonly method: string;
  /** `Origin` request header; `undefined` when absent. */
  readonly origin?: string;
  readonly accessControlRequestMethod?: string;
  readonly accessControlRequestHeaders?: string;
};

/** What `AccessControlAllowMethods` `ALL` stands for, in the API's order (AWS: "Understand response headers policies"). */
export const RESPONSE_HEADERS_POLICY_ALL_METHODS: readonly string[] = [
  'GET',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
];

/**
 * The CORS headers the policy adds, in order, each carrying the policy's origin-override flag.
 * Empty for requests without `Origin` and for origins the policy does not list.
 */
export function decideResponseHeadersPolicyCors(
  cors: ResponseHeadersCors,
  request: ResponseHeadersPolicyCorsRequest,
): ResponsePolicyHeader[] {
  const { origin } = request;
  // AWS: "Understand response headers policies": only CORS requests, i.e. requests carrying Origin.
  if (origin === undefined) return [];
  const allowOrigin = resolveAllowOrigin(cors.allowOrigins, origin);
  if (allowOrigin === undefined) return [];

  // docs/decisions/: a preflight is OPTIONS with Origin and Access-Control-Request-Method.
  const isPreflight = request.method === 'OPTIONS' && request.accessControlRequestMethod !== undefined;
  const override = cors.originOverride;
  const headers: ResponsePolicyHeader[] = [
    { name: 'Access-Control-Allow-Origin', value: allowOrigin, override },
  ];
  if (cors.allowCredentials)
    headers.push({ name: 'Access-Control-Allow-Credentials', value: 'true', override });
  if (isPreflight) {
    const methods = expandMethods(cors.allowMethods);
    if (methods.length > 0)
      headers.push({ name: 'Access-Control-Allow-Methods', value: methods.join(', '), override });
    if (cors.allowHeaders.length > 0) {
      headers.push({ name: 'Access-Control-Allow-Headers', value: cors.allowHeaders.join(', '), override });
    }
  }
  // The docs place Expose-Headers on "responses to CORS requests" without excluding preflights.
  if (cors.exposeHeaders.length > 0) {
    headers.push({ name: 'Access-Control-Expose-Headers', value: cors.exposeHeaders.join(', '), override });
  }
  if (isPreflight && cors.maxAgeSeconds !== undefined) {
    headers.push({ name: 'Access-Control-Max-Age', value: String(cors.maxAgeSeconds), override });
  }
  // docs/decisions/: an echoed origin makes the response vary by Origin (for browser caches);
  // merged into any Vary the origin sent rather than replacing or yielding to it.
  if (allowOrigin !== '*') headers.push({ name: 'Vary', value: 'Origin', override: false, merge: true });
  return headers;
}

/**
 * The `Access-Control-Allow-Origin` value for `origin`: `*` when the policy lists `*`, the request's origin
 * when a listed origin matches it, otherwise `undefined`.
 */
export function resolveAllowOrigin(allowOrigins: readonly string[], origin: string): string | undefined {
  if (allowOrigins.includes('*')) return '*';
  return allowOrigins.some((allowed) => originMatches(allowed, origin)) ? origin : undefined;
}

/**
 * A listed origin against the request's: ASCII case-insensitive; a listed value without a scheme matches any
 * scheme; a leading `*.` label matches one or more labels (`https://*.example.org` matches
 * `https://a.b.example.org`, not `https://example.org`).
 */
export function originMatches(allowed: string, origin: string): boolean {
  const pattern = allowed.toLowerCase();
  let candidate = origin.toLowerCase();
  const schemeEnd = pattern.indexOf('://');
  const candidateSchemeEnd = candidate.indexOf('://');
  if (schemeEnd < 0 && candidateSchemeEnd >= 0) candidate = candidate.slice(candidateSchemeEnd + 3);
  const star = pattern.indexOf('*.');
  if (star < 0 || star !== (schemeEnd < 0 ? 0 : schemeEnd + 3)) return pattern === candidate;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (!candidate.startsWith(prefix) || !candidate.endsWith(suffix)) return false;
  const labels = candidate.slice(prefix.length, candidate.length - suffix.length);
  return labels.length > 0 && !/[/:@?#]/.test(labels) && !labels.startsWith('.') && !labels.endsWith('.');
}

function expandMethods(methods: readonly string[]): string[] {
  const expanded: string[] = [];
  for (const method of methods) {
    for (const one of method === 'ALL' ? RESPONSE_HEADERS_POLICY_ALL_METHODS : [method]) {
      if (!expanded.includes(one)) expanded.push(one);
    }
  }
  return expanded;
}
