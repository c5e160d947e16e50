// The whole HTTP/1.1 answer (status line, headers, body) to a request whose header block exceeds
// CloudFront's 20,480-byte limit: the 413 page, then the connection closes (spec cloudfront.md §1.11, §3.2,
// §7.3). The listener writes it itself because node's parser refuses such requests before the pipeline runs.

import { formatHttpDate } from '../../http/index.ts';
import { cloudFrontErrorResponse, ERROR_REASONS } from './cloudfront-error-page.ts';

export type RequestTooLargeInput = {
  readonly requestId: string;
  readonly now: Date;
  /** 32 hex characters of this edge's `Via` host. */
  readonly viaHostHex: string;
  readonly pop: string;
};

export function renderRequestTooLarge(input: RequestTooLargeInput): Buffer {
  const page = cloudFrontErrorResponse(413, ERROR_REASONS.badRequest, input.requestId, 'Error');
  const body = page.body.kind === 'bytes' ? page.body.bytes : Buffer.alloc(0);
  const pairs: [string, string][] = [
    ['Server', 'CloudFront'],
    ['Date', formatHttpDate(input.now)],
    ['Content-Type', 'text/html'],
    ['Content-Length', String(body.length)],
    ['Connection', 'close'],
    ['X-Cache', 'Error from cloudfront'],
    ['Via', `1.1 ${input.viaHostHex}.cloudfront.net (CloudFront)`],
    ['X-Amz-Cf-Pop', input.pop],
    ['X-Amz-Cf-Id', input.requestId],
  ];
  const head = `HTTP/1.1 413 Request Entity Too Large\r\n${pairs.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
