import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { dispatchByService, signedService } from './dispatch-by-service.ts';

const request = (url: string, authorization?: string) =>
  ({ url, headers: authorization === undefined ? {} : { authorization } }) as unknown as IncomingMessage;

test('the credential scope names the service, from the Authorization header or a presigned query', () => {
  assert.equal(
    signedService(
      request(
        '/2020-05-31/distribution',
        'AWS4-HMAC-SHA256 Credential=AKID/20261205/eu-west-3/cloudfront/aws4_request, SignedHeaders=host, Signature=0',
      ),
    ),
    'cloudfront',
  );
  assert.equal(
    signedService(
      request(
        '/bucket/key?X-Amz-Credential=AKID%2F20261205%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0',
      ),
    ),
    's3',
  );
  assert.equal(signedService(request('/2020-05-31/distribution')), undefined);
  assert.equal(signedService(request('/b?X-Amz-Credential=%E0%A4%A')), undefined);
});

test('requests signed for cloudfront go to the control API, everything else to S3', () => {
  const seen: string[] = [];
  const handler = dispatchByService({
    s3: () => seen.push('s3'),
    cloudfront: () => seen.push('cloudfront'),
  });
  const res = {} as never;
  handler(
    request(
      '/2020-05-31/distribution',
      'AWS4-HMAC-SHA256 Credential=A/20261205/us-east-1/cloudfront/aws4_request',
    ),
    res,
  );
  handler(
    request('/2020-05-31/distribution', 'AWS4-HMAC-SHA256 Credential=A/20261205/us-east-1/s3/aws4_request'),
    res,
  );
  handler(request('/2020-05-31/distribution'), res);
  assert.deepEqual(seen, ['cloudfront', 's3', 's3']);
});

test('a SigV4A scope (no region) names cloudfront-keyvaluestore, which the CloudFront side answers', () => {
  const authorization =
    'AWS4-ECDSA-P256-SHA256 Credential=A/20261205/cloudfront-keyvaluestore/aws4_request, SignedHeaders=host, Signature=00';
  assert.equal(signedService(request('/key-value-stores/x', authorization)), 'cloudfront-keyvaluestore');
  const seen: string[] = [];
  const handler = dispatchByService({
    s3: () => seen.push('s3'),
    cloudfront: () => seen.push('cloudfront'),
  });
  handler(request('/key-value-stores/x', authorization), {} as never);
  assert.deepEqual(seen, ['cloudfront']);
});
