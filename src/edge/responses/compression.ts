// Edge compression (AWS: "Serve compressed files"): when it applies (all conditions of AWS: "Serve compressed files" hold), and the header
// changes it implies (Content-Encoding, no Content-Length, weak ETag, `Vary: Accept-Encoding`).

import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import type { Transform } from 'node:stream';
import type { CompiledBehavior } from '../distribution/compiled-distribution.ts';
import type { HeaderPairs } from '../edge-response.ts';
import { getHeader } from '../edge-response.ts';

const COMPRESSIBLE_TYPES: ReadonlySet<string> = new Set([
  'application/dash+xml',
  'application/eot',
  'application/font',
  'application/font-sfnt',
  'application/javascript',
  'application/json',
  'application/opentype',
  'application/otf',
  'application/pkcs7-mime',
  'application/protobuf',
  'application/rss+xml',
  'application/truetype',
  'application/ttf',
  'application/vnd.apple.mpegurl',
  'application/vnd.mapbox-vector-tile',
  'application/vnd.ms-fontobject',
  'application/xhtml+xml',
  'application/xml',
  'application/x-font-opentype',
  'application/x-font-truetype',
  'application/x-font-ttf',
  'application/x-httpd-cgi',
  'application/x-javascript',
  'application/x-mpegurl',
  'application/x-opentype',
  'application/x-otf',
  'application/x-perl',
  'application/x-ttf',
  'font/eot',
  'font/opentype',
  'font/otf',
  'font/ttf',
  'image/svg+xml',
  'text/css',
  'text/csv',
  'text/html',
  'text/javascript',
  'text/js',
  'text/plain',
  'text/richtext',
  'text/tab-separated-values',
  'text/xml',
  'text/x-component',
  'text/x-java-source',
  'text/x-script',
  'vnd.apple.mpegurl',
]);

export const COMPRESSION_MIN_BYTES = 1000;
export const COMPRESSION_MAX_BYTES = 10_000_000;

export type CompressionInput = {
  readonly behavior: CompiledBehavior;
  /** The normalised Accept-Encoding of the cache key. */
  readonly acceptEncoding: string | undefined;
  readonly viewerHttpVersion: string;
  readonly status: number;
  readonly headers: HeaderPairs;
};

export function decideCompression(input: CompressionInput): 'br' | 'gzip' | undefined {
  const { behavior } = input;
  const policy = behavior.cachePolicy;
  if (!behavior.compress || policy.maxTTL === 0) return undefined;
  if (!policy.enableAcceptEncodingGzip && !policy.enableAcceptEncodingBrotli) return undefined;
  if (input.viewerHttpVersion === '1.0') return undefined;
  if (input.status !== 200 && input.status !== 403 && input.status !== 404) return undefined;
  if (getHeader(input.headers, 'content-encoding') !== undefined) return undefined;
  const length = Number(getHeader(input.headers, 'content-length') ?? Number.NaN);
  if (!(length >= COMPRESSION_MIN_BYTES && length <= COMPRESSION_MAX_BYTES)) return undefined;
  const type = (getHeader(input.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!COMPRESSIBLE_TYPES.has(type)) return undefined;
  // Brotli preferred when both are allowed and accepted (AWS: "Serve compressed files").
  if (input.acceptEncoding === 'br,gzip' || input.acceptEncoding === 'br') return 'br';
  if (input.acceptEncoding === 'gzip') return 'gzip';
  return undefined;
}

export function createCompressor(encoding: 'br' | 'gzip', sizeHint: number): Transform {
  return encoding === 'br'
    ? createBrotliCompress({
        params: { [constants.BROTLI_PARAM_SIZE_HINT]: sizeHint, [constants.BROTLI_PARAM_QUALITY]: 5 },
      })
    : createGzip();
}

export function compressedHeaders(headers: HeaderPairs, encoding: 'br' | 'gzip'): HeaderPairs {
  const out: [string, string][] = [];
  let varySeen = false;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-length') continue;
    if (lower === 'etag') {
      // A strong tag becomes weak; a tag that is not a quoted string is dropped (AWS: "Serve compressed files").
      if (value.startsWith('W/')) out.push([name, value]);
      else if (/^"[^"]*"$/.test(value)) out.push([name, `W/${value}`]);
      continue;
    }
    if (lower === 'vary') {
      varySeen = true;
      out.push([name, /(^|,)\s*accept-encoding\s*(,|$)/i.test(value) ? value : `${value}, Accept-Encoding`]);
      continue;
    }
    out.push([name, value]);
  }
  out.push(['content-encoding', encoding]);
  if (!varySeen) out.push(['vary', 'Accept-Encoding']);
  return out;
}
