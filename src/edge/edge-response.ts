// The response record the pipeline stages pass along before `send` writes it: a status, ordered header
// pairs (origin case kept), where the body comes from, and the `X-Cache` result type (AWS: "Request and response behavior for Amazon S3 origins").

import type { CachedObject } from './cache/cache-store.ts';

/** Origin timings for Server-Timing (AWS: "Understand response headers policies", Server-Timing header). */
export type UpstreamTiming = {
  /** Viewer request received → origin response headers, in ms. */
  readonly firstByteMs: number;
  /** DNS and TCP/TLS connect time; 0 when not measured (pooled keep-alive connections, fixed addresses). */
  readonly dnsMs: number;
  readonly connectMs: number;
};

export type HeaderPairs = readonly (readonly [name: string, value: string])[];

/** `FunctionGeneratedResponse`: a viewer-request function answered (X-Cache and the access log name it so). */
export type ResultType = 'Hit' | 'RefreshHit' | 'Miss' | 'Error' | 'Redirect' | 'FunctionGeneratedResponse';

export type BodySource =
  | { readonly kind: 'none' }
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  /** A cache entry: `send` opens it (or a byte range of it) itself. */
  | { readonly kind: 'cached'; readonly object: CachedObject }
  /**
   * An origin body. Iterating it also feeds the cache writer (the tee lives in the iterator), so `send`
   * must either consume it or call `discard()` — which still drains it into the cache when useful.
   */
  | {
      readonly kind: 'stream';
      readonly sizeBytes: number | undefined;
      readonly chunks: AsyncIterable<Buffer>;
      readonly discard: () => Promise<void>;
    };

export type EdgeResponse = {
  readonly status: number;
  readonly headers: HeaderPairs;
  readonly body: BodySource;
  readonly resultType: ResultType;
  /** Log-only detail (`x-edge-detailed-result-type`), e.g. `InvalidRequestMethod`, `OriginCommError`. */
  readonly detailedResultType?: string;
  /** What X-Cache names when it is not the result type, e.g. `FunctionExecutionError` (X-Cache: … from cloudfront). */
  readonly xCacheResult?: string;
  /** Set when CloudFront generated the response itself; undefined for origin and cache responses. */
  readonly generated?: 'signature-error' | 'error' | 'redirect' | 'function';
  /** Seconds since the object was fetched or revalidated, for `Age` on hits. */
  readonly ageSeconds?: number;
  /** Origin timings when the origin was contacted (Server-Timing, AWS: "Add or remove HTTP headers in CloudFront responses with a policy"). */
  readonly upstream?: UpstreamTiming;
};

export function getHeader(headers: HeaderPairs, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === lower) return v;
  return undefined;
}

export function withoutHeaders(headers: HeaderPairs, lowerNames: ReadonlySet<string>): HeaderPairs {
  return headers.filter(([n]) => !lowerNames.has(n.toLowerCase()));
}
