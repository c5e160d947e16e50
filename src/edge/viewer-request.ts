// The viewer request as the listener hands it to the pipeline: raw target, lower-cased headers, peer
// address and scheme, with the body still unread. Nothing here is normalised (spec cloudfront.md §1.5, §3.1).

import type { Readable } from 'node:stream';

export type ViewerHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type ViewerRequest = {
  readonly method: string;
  /** The request-target exactly as sent (`/a%20b?x=1`). */
  readonly rawTarget: string;
  /** Lower-cased names (node's `req.headers`). */
  readonly headers: ViewerHeaders;
  readonly scheme: 'http' | 'https';
  /** `1.0`, `1.1` or `2.0`. */
  readonly httpVersion: string;
  /** The TCP peer address (spec §12 #17). */
  readonly clientIp: string;
  readonly clientPort: number;
  readonly body: Readable;
  /** Aborted when the viewer goes away before the response is complete. */
  readonly signal: AbortSignal;
  readonly receivedAtMs: number;
  /**
   * HTTP/1.x: the request carried more than one `Host` field. node keeps the first in `headers.host`, but
   * RFC 9112 §3.2 requires a 400. HTTP/2: `Host` disagrees with `:authority` (RFC 9113 §8.3.1)
   * (docs/decisions/edge-runtime-duplicate-host.md).
   */
  readonly repeatedHost?: boolean;
  /** HTTP/2: the HEADERS frame did not end the stream, so a body follows even without Content-Length. */
  readonly bodyFollows?: boolean;
};

/** First value of a header (joined by `, ` when repeated, as RFC 9110 allows for list headers). */
export function headerValue(headers: ViewerHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** The protocol version CloudFront writes in `Via`: the viewer's (`1.0`, `1.1`, `2.0`; spec §9.1, §4.5). */
export function viaProtocolVersion(httpVersion: string): '1.0' | '1.1' | '2.0' {
  if (httpVersion === '2.0' || httpVersion === '2') return '2.0';
  if (httpVersion === '1.0') return '1.0';
  return '1.1';
}
