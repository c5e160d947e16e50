import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderS3ClientErrorResponse, s3ErrorForClientError } from './client-error-response.ts';

test('parser refusals map to the S3 error S3 sends; a reset connection gets nothing', () => {
  const tooLarge = s3ErrorForClientError('HPE_HEADER_OVERFLOW', 16384);
  assert.equal(tooLarge?.code, 'RequestHeaderSectionTooLarge');
  assert.equal(tooLarge?.status, 400);
  assert.deepEqual(tooLarge?.extra, { MaxSizeAllowed: 16384 });
  const framing = s3ErrorForClientError('HPE_INVALID_CHUNK_SIZE', 16384);
  assert.equal(framing?.code, 'BadRequest');
  assert.equal(framing?.message, 'An error occurred when parsing the HTTP request.');
  assert.equal(s3ErrorForClientError('ERR_HTTP_REQUEST_TIMEOUT', 16384)?.code, 'RequestTimeout');
  assert.equal(s3ErrorForClientError('ECONNRESET', 16384), undefined);
});

test('the raw answer is a complete HTTP/1.1 response with an S3 XML body and Connection: close', () => {
  const error = s3ErrorForClientError('HPE_INVALID_METHOD', 16384)!;
  const raw = renderS3ClientErrorResponse(error, { requestId: 'ABC', hostId: 'h' }).toString('latin1');
  const [head, body] = raw.split('\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(head, /\r\nConnection: close(\r\n|$)/);
  assert.equal(Number(/Content-Length: (\d+)/.exec(head)?.[1]), Buffer.byteLength(body));
  assert.match(
    body,
    /<Code>BadRequest<\/Code><Message>An error occurred when parsing the HTTP request\.<\/Message>/,
  );
  assert.match(body, /<RequestId>ABC<\/RequestId>/);
});
