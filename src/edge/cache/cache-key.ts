// The cache key from a cache policy (AWS: "Understand the cache key", "Serve compressed files"): host + raw path + selected query strings
// (viewer order, `&` only) + selected headers (names case-insensitive, values case-sensitive) + selected
// cookies + normalised Accept-Encoding + the method when OPTIONS is cached. Pure.

import type { CachePolicy, HttpMethod } from '../distribution/compiled-distribution.ts';
import type { BehaviorSelectors } from '../origin/behavior-selectors.ts';
import { createKeySelector, headerSelection } from '../origin/forwarding-selection.ts';
import type { ViewerHeaders } from '../viewer-request.ts';
import { headerValue } from '../viewer-request.ts';

/** A query parameter: its raw `name=value` segment as sent, and its decoded name for policy matching. */
export type QueryParam = { readonly name: string; readonly raw: string };
export type Cookie = readonly [name: string, value: string];

export type CacheKeyInput = {
  readonly host: string;
  readonly method: string;
  readonly rawPath: string;
  readonly query: readonly QueryParam[];
  readonly headers: ViewerHeaders;
  readonly cookies: readonly Cookie[];
  readonly cachePolicy: CachePolicy;
  readonly cachedMethods: ReadonlySet<HttpMethod>;
  /** The behavior's precompiled key predicates; built from `cachePolicy` when absent. */
  readonly selectors?: BehaviorSelectors['key'];
};

export type CacheKey = {
  readonly key: string;
  /** `rawPath` plus `?` and the key's query, what invalidation paths match (AWS: "Invalidate files to remove content"). */
  readonly invalidationPath: string;
  /** The normalised value for the key and the origin, `undefined` when the policy leaves the header alone. */
  readonly acceptEncoding: 'br,gzip' | 'br' | 'gzip' | 'identity' | undefined;
  /** Parts for the trace. */
  readonly parts: {
    readonly query: string;
    readonly headers: readonly (readonly [string, string])[];
    readonly cookies: readonly Cookie[];
  };
};

/** AWS: "Serve compressed files": only `gzip`/`br` survive, in `br,gzip` order; neither accepted → `identity` (origin only). */
export function normalizeAcceptEncoding(
  value: string | undefined,
  gzipEnabled: boolean,
  brotliEnabled: boolean,
): CacheKey['acceptEncoding'] {
  if (!gzipEnabled && !brotliEnabled) return undefined;
  if (value === undefined) return undefined;
  const tokens = new Set(value.split(',').map((t) => t.split(';')[0].trim().toLowerCase()));
  const br = brotliEnabled && tokens.has('br');
  const gzip = gzipEnabled && tokens.has('gzip');
  if (br && gzip) return 'br,gzip';
  if (br) return 'br';
  if (gzip) return 'gzip';
  return 'identity';
}

export function computeCacheKey(input: CacheKeyInput): CacheKey {
  const policy = input.cachePolicy;
  const querySelected = input.selectors?.query ?? createKeySelector(policy.queryStrings);
  const query = input.query
    .filter((p) => querySelected(p.name))
    .map((p) => p.raw)
    .join('&');
  const headerSelected =
    input.selectors?.headers ??
    createKeySelector(headerSelection(policy.headers.behavior, policy.headers.names), true);
  const headers: [string, string][] = [];
  for (const name of Object.keys(input.headers).sort()) {
    if (name === 'accept-encoding' && (policy.enableAcceptEncodingGzip || policy.enableAcceptEncodingBrotli))
      continue;
    if (!headerSelected(name)) continue;
    const value = headerValue(input.headers, name);
    if (value !== undefined) headers.push([name, value]);
  }
  const cookieSelected = input.selectors?.cookies ?? createKeySelector(policy.cookies);
  const cookies = input.cookies
    .filter(([name]) => cookieSelected(name))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const acceptEncoding = normalizeAcceptEncoding(
    headerValue(input.headers, 'accept-encoding'),
    policy.enableAcceptEncodingGzip,
    policy.enableAcceptEncodingBrotli,
  );
  const methodPart = input.method === 'OPTIONS' && input.cachedMethods.has('OPTIONS') ? 'OPTIONS' : '';
  const invalidationPath = query === '' ? input.rawPath : `${input.rawPath}?${query}`;
  const key = [
    input.host,
    methodPart,
    invalidationPath,
    headers.map(([n, v]) => `${n}:${v}`).join('\n'),
    cookies.map(([n, v]) => `${n}=${v}`).join('; '),
    acceptEncoding === 'identity' ? '' : (acceptEncoding ?? ''),
  ].join('\u0000');
  return { key, invalidationPath, acceptEncoding, parts: { query, headers, cookies } };
}
