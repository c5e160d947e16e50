import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3_ERROR_CODES } from './error-codes.ts';
import { renderS3ErrorBody } from './render-s3-error.ts';
import { S3Error } from './s3-error.ts';

test('errors render as S3 XML with extra members before the ids and escaped text', () => {
  const error = new S3Error('NoSuchKey', { extra: { Key: `a&b<c>"'\u0001`, Missing: undefined } });
  assert.equal(error.status, 404);
  assert.equal(
    renderS3ErrorBody(error, { requestId: '0123456789ABCDEF', hostId: 'host' }),
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
      '<Key>a&amp;b&lt;c&gt;&quot;&apos;&#x1;</Key><RequestId>0123456789ABCDEF</RequestId><HostId>host</HostId></Error>',
  );
});

test('every catalog entry has an HTTP status and a message', () => {
  for (const [code, entry] of Object.entries(S3_ERROR_CODES)) {
    assert.ok(entry.status >= 300 && entry.status < 600, code);
    assert.ok(entry.message.length > 0, code);
  }
  assert.equal(new S3Error('InvalidRange').status, 416);
  assert.equal(new S3Error('NotImplemented').status, 501);
});
