import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseS3OriginDomain } from './s3-origin-domain.ts';

describe('S3 origin domains', () => {
  const cases: readonly (readonly [string, { bucket: string; region: string } | undefined])[] = [
    ['junlog-media.s3.ap-northeast-2.amazonaws.com', { bucket: 'junlog-media', region: 'ap-northeast-2' }],
    ['my-bucket.s3.amazonaws.com', { bucket: 'my-bucket', region: 'us-east-1' }],
    ['my-bucket.s3-eu-west-1.amazonaws.com', { bucket: 'my-bucket', region: 'eu-west-1' }],
    ['my-bucket.s3.dualstack.us-west-2.amazonaws.com', { bucket: 'my-bucket', region: 'us-west-2' }],
    [
      'dotted.bucket.name.s3.eu-central-1.amazonaws.com',
      { bucket: 'dotted.bucket.name', region: 'eu-central-1' },
    ],
    ['My-Bucket.S3.US-EAST-2.amazonaws.com', { bucket: 'my-bucket', region: 'us-east-2' }],
    ['my-bucket.s3-website-us-east-1.amazonaws.com', undefined],
    ['my-bucket.s3-website.eu-west-1.amazonaws.com', undefined],
    ['s3.amazonaws.com', undefined],
    ['example.com', undefined],
    ['api.example.execute-api.us-east-1.amazonaws.com', undefined],
  ];
  for (const [domain, expected] of cases) {
    it(`reads ${domain} as ${expected === undefined ? 'not an S3 REST endpoint' : `${expected.bucket} in ${expected.region}`}`, () => {
      assert.deepEqual(parseS3OriginDomain(domain), expected);
    });
  }
});
