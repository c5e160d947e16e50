// What the edge keeps of an origin response's headers (spec cloudfront.md §4.5 "Response-side processing").

import type { CompiledBehavior } from '../../distribution/compiled-distribution.ts';
import type { HeaderPairs } from '../../edge-response.ts';

/** Hop-by-hop and CloudFront-replaced origin response headers. */
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

/** Set-Cookie reaches the viewer (and the cache) only when the behavior forwards cookies. */
export function keepsSetCookie(behavior: CompiledBehavior): boolean {
  return (
    behavior.cachePolicy.cookies.behavior !== 'none' ||
    (behavior.originRequestPolicy?.cookies.behavior ?? 'none') !== 'none'
  );
}

export function cleanOriginHeaders(headers: HeaderPairs, keepSetCookie: boolean): HeaderPairs {
  return headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (DROPPED_FROM_ORIGIN.has(lower)) return false;
    return keepSetCookie || lower !== 'set-cookie';
  });
}

/**
 * Custom origins: `Vary` keeps only Accept-Encoding, Cookie and the names of headers forwarded to the origin;
 * a Vary left empty is dropped (spec §4.5). S3 origins pass Vary through (spec §12 #20).
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

/** The headers a trace shows for CORS questions. */
export function corsHeadersOf(headers: HeaderPairs): HeaderPairs {
  return headers.filter(([n]) => n.toLowerCase().startsWith('access-control-') || n.toLowerCase() === 'vary');
}
