import assert from 'node:assert/strict';
import { test } from 'node:test';
import { http1HeadBytes, http1ResponseForHttp2, MAX_REQUEST_HEAD_BYTES } from './request-head-limit.ts';

test('an HTTP/2 request is measured as the HTTP/1.1 head it stands for, pseudo-headers left out', () => {
  const h1 = 'GET /a?b=1 HTTP/1.1\r\nhost: x.test\r\nx-pad: 12345\r\n\r\n';
  assert.equal(
    http1HeadBytes('GET', '/a?b=1', [
      ':path',
      '/a?b=1',
      ':authority',
      'x.test',
      'host',
      'x.test',
      'x-pad',
      '12345',
    ]),
    Buffer.byteLength(h1),
  );
  assert.equal(MAX_REQUEST_HEAD_BYTES, 20_480);
});

test('the raw 413 page becomes an HTTP/2 answer without connection fields and with Via 2.0', () => {
  const raw = Buffer.from(
    'HTTP/1.1 413 Request Entity Too Large\r\nServer: CloudFront\r\nContent-Length: 4\r\nConnection: close\r\n' +
      'Via: 1.1 abc.cloudfront.net (CloudFront)\r\n\r\npage',
  );
  const answer = http1ResponseForHttp2(raw);
  assert.equal(answer.status, 413);
  assert.deepEqual(answer.headers, {
    server: 'CloudFront',
    'content-length': '4',
    via: '2.0 abc.cloudfront.net (CloudFront)',
  });
  assert.equal(answer.body.toString(), 'page');
});
