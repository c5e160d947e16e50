// Stage 5 — origin request: build and (OAC) sign the origin request, call the origin, decide freshness,
// and hand back a response whose body tees into the cache while it streams to the viewer. Revalidation
// (304 → RefreshHit), stale-on-5xx and CloudFront's 502/504 pages live here (AWS: "Manage how long content stays in the cache (expiration)", "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)", "How CloudFront processes HTTP 4xx and 5xx status codes from your origin").

import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { CachedObjectMeta, CacheStore, CacheWriter } from '../cache/cache-store.ts';
import { decideFreshness, forbidsStaleIfError, type FreshnessDecision } from '../cache/freshness.ts';
import type { EdgeResponse, HeaderPairs } from '../edge-response.ts';
import { getHeader } from '../edge-response.ts';
import type { OriginRequest } from '../origin/build-origin-request.ts';
import { type BehaviorSelectors, compileBehaviorSelectors } from '../origin/behavior-selectors.ts';
import { buildOriginRequest } from '../origin/build-origin-request.ts';
import type { OriginClient } from '../origin/origin-client.ts';
import { cloudFrontErrorResponse, ERROR_REASONS } from '../responses/cloudfront-error-page.ts';
import { compressedHeaders, createCompressor, decideCompression } from '../responses/compression.ts';
import type { CacheLookup } from './cache-lookup.ts';
import { responseFromCache } from './cache-lookup.ts';

export type SignOriginRequest = (request: OriginRequest, distributionId: string) => OriginRequest;

export type OriginStageDeps = {
  readonly cache: CacheStore;
  readonly originClient: OriginClient;
  readonly nowMs: () => number;
  readonly viaHostHex: string;
  readonly embeddedOrigin?: { readonly baseUrl: string; readonly region: string };
  /** OAC SigV4 signing; absent → OAC origins are called unsigned (logged once by the service). */
  readonly signOriginRequest?: SignOriginRequest;
  /** Objects above this size are streamed to the viewer but not cached (AWS: "Cache behavior settings": 30 GB on AWS). */
  readonly maxCacheableObjectBytes: number;
  /** True when an invalidation created after `sinceMs` covers this entry: an in-flight fill must not land. */
  readonly invalidatedSince: (distributionId: string, invalidationPath: string, sinceMs: number) => boolean;
  /** The behavior's precompiled selectors (built per snapshot, not per request). */
  readonly selectorsFor?: (behavior: CacheLookup['behavior']) => BehaviorSelectors;
};

/** Hop-by-hop and CloudFront-replaced origin response headers (AWS: "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)" "Response-side processing"). */
const DROPPED_FROM_ORIGIN: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-connection',
  'via',
]);

const DEFAULT_ERROR_CACHING_MIN_TTL = 10;

function errorCachingMinTTL(req: CacheLookup, status: number): number {
  return (
    req.distribution.customErrorResponses.get(status)?.errorCachingMinTTL ?? DEFAULT_ERROR_CACHING_MIN_TTL
  );
}

function cleanOriginHeaders(headers: HeaderPairs, keepSetCookie: boolean): HeaderPairs {
  return headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (DROPPED_FROM_ORIGIN.has(lower)) return false;
    return keepSetCookie || lower !== 'set-cookie';
  });
}

/**
 * Custom origins: `Vary` keeps only Accept-Encoding, Cookie and the names of headers forwarded to the origin;
 * a Vary left empty is dropped (AWS: "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)"). S3 origins pass Vary through (docs/decisions/).
 */
export function filterVary(headers: HeaderPairs, forwarded: (lowerName: string) => boolean): HeaderPairs {
  const out: (readonly [string, string])[] = [];
  for (const pair of headers) {
    if (pair[0].toLowerCase() !== 'vary') {
      out.push(pair);
      continue;
    }
    const kept = pair[1]
      .split(',')
      .map((n) => n.trim())
      .filter((n) => {
        const lower = n.toLowerCase();
        return n !== '' && (lower === 'accept-encoding' || lower === 'cookie' || forwarded(lower));
      });
    if (kept.length > 0) out.push([pair[0], kept.join(', ')]);
  }
  return out;
}

/** The 304's validators and freshness headers replace the stored ones (RFC 9111 §4.3.4). */
function mergeRevalidatedHeaders(stored: HeaderPairs, fresh: HeaderPairs): HeaderPairs {
  const replaceable = new Set(['cache-control', 'expires', 'date', 'etag', 'last-modified']);
  const incoming = fresh.filter(([n]) => replaceable.has(n.toLowerCase()));
  const names = new Set(incoming.map(([n]) => n.toLowerCase()));
  return [...stored.filter(([n]) => !names.has(n.toLowerCase())), ...incoming];
}

function drain(body: Readable): void {
  body.resume();
  body.on('error', () => {});
}

function corsHeadersOf(headers: HeaderPairs): HeaderPairs {
  return headers.filter(([n]) => n.toLowerCase().startsWith('access-control-') || n.toLowerCase() === 'vary');
}

export async function originRequest(req: CacheLookup, deps: OriginStageDeps): Promise<EdgeResponse> {
  const { origin, behavior, distribution } = req;
  const method = req.viewer.method;
  const fetchStartMs = deps.nowMs();
  const stale = req.state === 'stale' ? req.cached : undefined;
  let request = buildOriginRequest({
    origin,
    behavior,
    method,
    viewerHeaders: req.viewer.headers,
    viewerHttpVersion: req.viewer.httpVersion,
    viewerScheme: req.viewer.scheme,
    clientIp: req.viewer.clientIp,
    rawPath: req.originRawPath,
    query: req.forwardableQuery,
    cookies: req.forwardableCookies,
    cacheKey: req.cacheKey,
    requestId: req.requestId,
    viaHostHex: deps.viaHostHex,
    embeddedOrigin: deps.embeddedOrigin,
    validators: stale ? { etag: stale.meta.etag, lastModified: stale.meta.lastModified } : undefined,
    selectors: deps.selectorsFor?.(behavior).forward,
  });
  const signed = request.signWith !== undefined && deps.signOriginRequest !== undefined;
  if (request.signWith && deps.signOriginRequest) request = deps.signOriginRequest(request, distribution.id);
  req.trace?.add({
    stage: 'origin-request',
    originId: origin.id,
    method,
    url: `${request.connectOrigin}${request.path}`,
    headers: request.headers.filter(([n]) => n !== 'authorization'),
    signed,
  });
  const hasViewerBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  const outcome = await deps.originClient.request(request, {
    connectionTimeoutMs: origin.connectionTimeoutMs,
    readTimeoutMs: origin.readTimeoutMs,
    connectionAttempts: origin.connectionAttempts,
    keepAliveTimeoutMs: origin.config.kind === 'custom' ? origin.config.keepaliveTimeoutMs : undefined,
    signal: req.viewer.signal,
    body: hasViewerBody ? req.viewer.body : undefined,
  });

  const serveStale = (status: number): EdgeResponse | undefined => {
    if (!stale || stale.meta.noStaleIfError) return undefined;
    // Keep serving the expired object for ErrorCachingMinTTL, then retry (AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin" stale-on-error).
    const meta: CachedObjectMeta = {
      ...stale.meta,
      expiresAtMs: deps.nowMs() + errorCachingMinTTL(req, status) * 1000,
    };
    deps.cache.updateMeta(meta);
    return responseFromCache({ meta, open: stale.open }, 'Hit', deps.nowMs());
  };

  if (outcome.kind === 'failure') {
    req.release();
    const status = outcome.failure.kind === 'timeout' ? 504 : 502;
    req.trace?.add({
      stage: 'origin-response',
      status,
      corsHeaders: [],
      freshness: { kind: 'do-not-store', rule: 'origin-failure' },
      stored: false,
      failure: outcome.failure.message,
    });
    const staleResponse = serveStale(status);
    if (staleResponse) return staleResponse;
    return status === 504
      ? cloudFrontErrorResponse(504, ERROR_REASONS.originTimeout, req.requestId, 'OriginCommError')
      : cloudFrontErrorResponse(502, ERROR_REASONS.originConnect, req.requestId, 'OriginConnectError');
  }
  const response = outcome.response;
  // Pooled keep-alive connections hide DNS/connect; only first-byte latency is measured (edge-runtime-server-timing.md).
  const upstream = { firstByteMs: deps.nowMs() - fetchStartMs, dnsMs: 0, connectMs: 0 };
  const keepSetCookie =
    behavior.cachePolicy.cookies.behavior !== 'none' ||
    (behavior.originRequestPolicy?.cookies.behavior ?? 'none') !== 'none';
  const cleaned = cleanOriginHeaders(response.headers, keepSetCookie);
  const headers =
    origin.config.kind === 'custom'
      ? filterVary(
          cleaned,
          (deps.selectorsFor?.(behavior) ?? compileBehaviorSelectors(behavior)).forward.headers,
        )
      : cleaned;

  if (response.status === 304 && stale) {
    drain(response.body);
    const merged = mergeRevalidatedHeaders(stale.meta.headers, headers);
    const freshness = decideFreshness(
      {
        status: stale.meta.status,
        cacheControl: getHeader(merged, 'cache-control'),
        expires: getHeader(merged, 'expires'),
        nowMs: deps.nowMs(),
      },
      behavior.cachePolicy,
      errorCachingMinTTL(req, stale.meta.status),
    );
    const meta: CachedObjectMeta = {
      ...stale.meta,
      headers: merged,
      storedAtMs: deps.nowMs(),
      expiresAtMs: deps.nowMs() + (freshness.kind === 'store' ? freshness.ttlSeconds * 1000 : 0),
      etag: getHeader(merged, 'etag'),
      lastModified: getHeader(merged, 'last-modified'),
    };
    deps.cache.updateMeta(meta);
    req.release();
    req.trace?.add({
      stage: 'origin-response',
      status: 304,
      corsHeaders: corsHeadersOf(headers),
      freshness,
      stored: true,
    });
    return responseFromCache({ meta, open: stale.open }, 'RefreshHit', deps.nowMs());
  }
  if (response.status >= 500) {
    const staleResponse = serveStale(response.status);
    if (staleResponse) {
      drain(response.body);
      req.release();
      return staleResponse;
    }
  }

  const freshness: FreshnessDecision =
    req.cacheable && method !== 'HEAD'
      ? decideFreshness(
          {
            status: response.status,
            cacheControl: getHeader(headers, 'cache-control'),
            expires: getHeader(headers, 'expires'),
            nowMs: deps.nowMs(),
          },
          behavior.cachePolicy,
          errorCachingMinTTL(req, response.status),
        )
      : { kind: 'do-not-store', rule: 'status-not-cacheable' };
  const encoding =
    method === 'HEAD'
      ? undefined
      : decideCompression({
          behavior,
          acceptEncoding: req.cacheKey.acceptEncoding,
          viewerHttpVersion: req.viewer.httpVersion,
          status: response.status,
          headers,
        });
  const contentLength = getHeader(headers, 'content-length');
  const originSize =
    contentLength !== undefined && /^\d+$/.test(contentLength) ? Number(contentLength) : undefined;
  const finalHeaders = encoding ? compressedHeaders(headers, encoding) : headers;
  const expectedSize = encoding ? undefined : originSize;

  let writer: CacheWriter | undefined;
  if (
    freshness.kind === 'store' &&
    (originSize === undefined || originSize <= deps.maxCacheableObjectBytes)
  ) {
    const now = deps.nowMs();
    writer = deps.cache.createWriter({
      key: req.cacheKey.key,
      distributionId: distribution.id,
      invalidationPath: req.cacheKey.invalidationPath,
      status: response.status,
      headers: finalHeaders,
      sizeBytes: expectedSize ?? -1,
      storedAtMs: now,
      expiresAtMs: now + freshness.ttlSeconds * 1000,
      etag: getHeader(finalHeaders, 'etag'),
      lastModified: getHeader(finalHeaders, 'last-modified'),
      isError: response.status >= 400,
      noStaleIfError: forbidsStaleIfError(getHeader(headers, 'cache-control')),
      configEtag: distribution.etag,
    });
  } else if (!writer) {
    // Nothing will be stored: waiting viewers should not wait for the body.
    req.release();
  }
  req.trace?.add({
    stage: 'origin-response',
    status: response.status,
    corsHeaders: corsHeadersOf(headers),
    freshness,
    stored: writer !== undefined,
    compressed: encoding,
  });

  let source: AsyncIterable<Buffer> = response.body;
  if (encoding) {
    const compressor = createCompressor(encoding, originSize ?? 0);
    pipeline(response.body, compressor).catch(() => {});
    source = compressor;
  }
  const release = req.release;
  const maxBytes = deps.maxCacheableObjectBytes;
  const invalidationPath = req.cacheKey.invalidationPath;
  async function* tee(): AsyncGenerator<Buffer> {
    let complete = false;
    let written = 0;
    try {
      for await (const chunk of source) {
        if (writer) {
          written += chunk.length;
          if (written > maxBytes) {
            writer.abort();
            writer = undefined;
          } else await writer.write(chunk);
        }
        yield chunk;
      }
      complete = true;
    } finally {
      if (writer) {
        if (complete && !deps.invalidatedSince(distribution.id, invalidationPath, fetchStartMs))
          await writer.commit();
        else writer.abort();
      }
      release();
    }
  }
  const chunks = tee();
  return {
    status: response.status,
    headers: finalHeaders,
    body: {
      kind: 'stream',
      sizeBytes: expectedSize,
      chunks,
      discard: async () => {
        if (writer) {
          // The viewer does not want the bytes (HEAD, 304, abort): fill the cache anyway when we can.
          try {
            for await (const _ of chunks) {
            }
          } catch {}
        } else {
          await chunks.return(undefined);
          // Destroying an unread body emits an AbortError; without a listener it would crash the process.
          response.body.on('error', () => {});
          response.body.destroy();
          release();
        }
      },
    },
    resultType: response.status >= 400 ? 'Error' : 'Miss',
    upstream,
  };
}
