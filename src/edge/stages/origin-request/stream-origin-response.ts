// Step: an origin response the viewer gets as it arrives — the freshness decision (TTLs from the cache
// policy and the origin's Cache-Control/Expires, spec cloudfront.md §4.1), compression (§5), and a cache
// entry filled while the body streams when the response may be stored.

import { pipeline } from 'node:stream/promises';
import type { CacheWriter } from '../../cache/cache-store.ts';
import { decideFreshness, type FreshnessDecision, forbidsStaleIfError } from '../../cache/freshness.ts';
import type { EdgeResponse } from '../../edge-response.ts';
import { getHeader } from '../../edge-response.ts';
import { compressedHeaders, createCompressor, decideCompression } from '../../responses/compression.ts';
import type { KeyedRequest } from '../cache-lookup.ts';
import type { OriginCall } from './call-origin.ts';
import { corsHeadersOf } from './origin-headers.ts';
import { errorCachingMinTTL, type OriginStepDeps } from './origin-step-deps.ts';
import { teeIntoCache } from './tee-into-cache.ts';

export function streamOriginResponse(
  req: KeyedRequest,
  response: Extract<OriginCall, { kind: 'response' }>,
  cacheable: boolean,
  release: () => void,
  deps: OriginStepDeps,
): EdgeResponse {
  const { behavior, distribution } = req;
  const { headers } = response;
  const method = req.viewer.method;
  const freshness: FreshnessDecision =
    cacheable && method !== 'HEAD'
      ? decideFreshness(
          {
            status: response.status,
            cacheControl: getHeader(headers, 'cache-control'),
            expires: getHeader(headers, 'expires'),
            nowMs: deps.nowMs(),
          },
          behavior.cachePolicy,
          errorCachingMinTTL(distribution, response.status),
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
  } else {
    // Nothing will be stored: waiting viewers should not wait for the body.
    release();
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
  const invalidationPath = req.cacheKey.invalidationPath;
  return {
    status: response.status,
    headers: finalHeaders,
    body: teeIntoCache(response.body, source, expectedSize, {
      writer,
      maxBytes: deps.maxCacheableObjectBytes,
      invalidatedSinceFetch: () =>
        deps.invalidatedSince(distribution.id, invalidationPath, response.fetchStartMs),
      release,
    }),
    resultType: response.status >= 400 ? 'Error' : 'Miss',
    upstream: response.upstream,
  };
}
