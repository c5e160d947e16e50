import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BucketInfo } from '../store/index.ts';
import { type BucketAccessInput, createPolicyMemo, decideBucketAccess } from './authorize-bucket-policy.ts';
import type { S3Operation } from './route-s3-request.ts';
import type { Principal } from './s3-types.ts';

const BUCKET = 'media';
const ACCOUNT = '111122223333';
const bucketWith = (settings: Partial<BucketInfo>): BucketInfo => ({
  name: BUCKET,
  creationDate: new Date(0),
  region: 'us-east-1',
  acl: 'private',
  cors: null,
  allowedDistributionIds: [],
  policy: null,
  publicAccessBlock: null,
  ownershipControls: null,
  ...settings,
});
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const getObject: S3Operation = { name: 'GetObject', bucket: BUCKET, key: 'videos/a.ts' };
const oac: Principal = { kind: 'origin-access', distributionId: 'E1ABC', accessKeyId: 'FGOACE1ABC' };
const user: Principal = { kind: 'user', accessKeyId: 'AKIA', form: 'header' };
const anonymous: Principal = { kind: 'anonymous' };

function decide(principal: Principal, bucket: BucketInfo, operation: S3Operation = getObject) {
  const input: BucketAccessInput = {
    principal,
    operation,
    bucket,
    accountId: ACCOUNT,
    header: () => undefined,
    query: new Map(),
    sourceIp: '127.0.0.1',
    secureTransport: false,
    now: new Date('2026-12-05T08:00:00Z'),
    parsePolicy: createPolicyMemo(),
  };
  return decideBucketAccess(input);
}

test('an OAC request is CloudFront with the distribution ARN as aws:SourceArn, over HTTPS; users over the real transport', () => {
  const sourceArn = {
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
    Condition: {
      ArnEquals: { 'aws:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/E1ABC` },
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
    },
  };
  const tlsOnly = {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
  const bucket = bucketWith({ policy: policy(sourceArn, tlsOnly) });
  assert.equal(decide(oac, bucket).policy, 'Allow');
  assert.equal(decide({ ...oac, distributionId: 'E2OTHER' }, bucket).policy, 'None');
  assert.equal(decide(user, bucket).policy, 'Deny');
  assert.equal(decide(anonymous, bucket).policy, 'Deny');
});

test('the owner account is named by its id or root ARN; ListBucket is judged on the bucket ARN', () => {
  const bucket = bucketWith({
    policy: policy(
      {
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/videos/*`,
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${BUCKET}`,
      },
    ),
  });
  assert.equal(decide(user, bucket).policy, 'Deny');
  assert.equal(decide(oac, bucket).policyAllowsList(), true);
  assert.equal(decide(anonymous, bucket).policyAllowsList(), false);
});

test('RestrictPublicBuckets takes a public Allow from anonymous callers only; IgnorePublicAcls and BucketOwnerEnforced turn ACLs off', () => {
  const everyone = {
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
  };
  const restrict = {
    BlockPublicAcls: false,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: true,
  };
  assert.equal(decide(anonymous, bucketWith({ policy: policy(everyone) })).policy, 'Allow');
  const restricted = bucketWith({ policy: policy(everyone), publicAccessBlock: restrict });
  assert.equal(decide(anonymous, restricted).policy, 'None');
  assert.equal(decide(oac, restricted).policy, 'Allow');
  assert.equal(decide(anonymous, bucketWith({})).publicAclsApply, true);
  assert.equal(
    decide(anonymous, bucketWith({ publicAccessBlock: { ...restrict, IgnorePublicAcls: true } }))
      .publicAclsApply,
    false,
  );
  assert.equal(
    decide(anonymous, bucketWith({ ownershipControls: 'BucketOwnerEnforced' })).publicAclsApply,
    false,
  );
});

test('DeleteObjects keys are judged one by one', () => {
  const bucket = bucketWith({
    acl: 'public-read-write',
    policy: policy({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:DeleteObject',
      Resource: `arn:aws:s3:::${BUCKET}/keep/*`,
    }),
  });
  const batch: S3Operation = { name: 'DeleteObjects', bucket: BUCKET };
  for (const principal of [user, anonymous]) {
    const access = decide(principal, bucket, batch);
    assert.equal(access.deniesObject('s3:DeleteObject', 'keep/a'), true);
    assert.equal(access.deniesObject('s3:DeleteObject', 'tmp/a'), false);
  }
  assert.equal(decide(oac, bucket, batch).deniesObject('s3:DeleteObject', 'tmp/a'), true);
});
