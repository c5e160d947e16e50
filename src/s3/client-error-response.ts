// What the S3 port answers when node's HTTP parser refuses a request before any handler runs: S3's XML
// errors instead of node's bare 431/400. A head over the limit is S3's RequestHeaderSectionTooLarge,
// framing node cannot parse is S3's BadRequest "An error occurred when parsing the HTTP request.", a head
// that never completes is RequestTimeout (docs/decisions/s3-compat-choices.md).

import { renderS3ErrorBody } from './render-s3-error.ts';
import { S3Error } from './s3-error.ts';

/** The S3 error for one of node's `clientError` codes; undefined when the socket should just close. */
export function s3ErrorForClientError(code: string | undefined, maxHeaderBytes: number): S3Error | undefined {
  if (code === 'ECONNRESET' || code === 'EPIPE') return undefined;
  if (code === 'HPE_HEADER_OVERFLOW')
    return new S3Error('RequestHeaderSectionTooLarge', { extra: { MaxSizeAllowed: maxHeaderBytes } });
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new S3Error('RequestTimeout');
  return new S3Error('BadRequest', { message: 'An error occurred when parsing the HTTP request.' });
}

/** The whole HTTP/1.1 answer, written straight to the socket (node has no response object at this point). */
export function renderS3ClientErrorResponse(
  error: S3Error,
  ids: { requestId: string; hostId: string },
): Buffer {
  const body = Buffer.from(renderS3ErrorBody(error, ids));
  const head = [
    `HTTP/1.1 ${error.status} Bad Request`,
    'Content-Type: application/xml',
    `Content-Length: ${body.length}`,
    `x-amz-request-id: ${ids.requestId}`,
    `x-amz-id-2: ${ids.hostId}`,
    'Server: Frontgate',
    'Connection: close',
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}
