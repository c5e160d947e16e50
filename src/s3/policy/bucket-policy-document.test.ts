import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MalformedPolicyError, parseBucketPolicy } from './bucket-policy-document.ts';

const BUCKET = 'junlog-media';

/** "Restrict access to an Amazon S3 origin" (Amazon CloudFront Developer Guide): the read-only OAC policy. */
const OAC_READ_ONLY = {
  Version: '2012-10-17',
  Statement: {
    Sid: 'AllowCloudFrontServicePrincipalReadOnly',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
    Condition: {
      StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE' },
    },
  },
};

const statement = (overrides: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        ...overrides,
      },
    ],
  });

const without = (field: string) => {
  const s: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
  };
  delete s[field];
  return JSON.stringify({ Version: '2012-10-17', Statement: [s] });
};

test('the CloudFront guide OAC policy parses: a single Statement object, the service principal, a StringEquals condition', () => {
  const policy = parseBucketPolicy(JSON.stringify(OAC_READ_ONLY), BUCKET);
  assert.equal(policy.version, '2012-10-17');
  assert.equal(policy.statements.length, 1);
  const [s] = policy.statements;
  assert.equal(s?.sid, 'AllowCloudFrontServicePrincipalReadOnly');
  assert.deepEqual(s?.principal, {
    kind: 'named',
    aws: [],
    service: ['cloudfront.amazonaws.com'],
    canonicalUser: [],
    federated: [],
  });
  assert.deepEqual(s?.conditions, [
    {
      operator: 'StringEquals',
      test: 'StringEquals',
      ifExists: false,
      qualifier: undefined,
      key: 'aws:sourcearn',
      values: ['arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE'],
    },
  ]);
});

test('{"AWS": "*"} is the same principal as "*"', () => {
  const policy = parseBucketPolicy(statement({ Principal: { AWS: '*' } }), BUCKET);
  assert.deepEqual(policy.statements[0]?.principal, { kind: 'everyone' });
});

test('malformed policies are refused with the message S3 gives', () => {
  const table: [string, string][] = [
    [` ${statement({})}`, "Policies must be valid JSON and the first byte must be '{'"],
    ['[1]', "Policies must be valid JSON and the first byte must be '{'"],
    ['{"Version": "2012-10-17",', 'This policy contains invalid Json'],
    ['{"Version": "2012-10-17"}', 'Missing required field Statement'],
    ['{"Version": "2012-10-17", "Statement": []}', 'Could not parse the policy: Statement is empty!'],
    [statement({}).replace('2012-10-17', '2020-01-01'), 'The policy must contain a valid version string'],
    [statement({ Effect: 'hello' }), 'Invalid effect: hello'],
    [without('Effect'), 'Missing required field Effect'],
    [without('Principal'), 'Missing required field Principal'],
    [without('Action'), 'Missing required field Action'],
    [without('Resource'), 'Missing required field Resource'],
    [statement({ Principal: { AWS: 'user' } }), 'Invalid principal in policy'],
    [statement({ Principal: { Service: 'cloudfront' } }), 'Invalid principal in policy'],
    [statement({ Action: 'invalid_action' }), 'Policy has invalid action'],
    [statement({ Action: 'iam:PassRole' }), 'Policy has invalid action'],
    [statement({ Resource: '*' }), 'Policy has invalid resource'],
    [statement({ Resource: 'arn:aws:s3:::another-bucket/*' }), 'Policy has invalid resource'],
    [
      statement({ Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}` }),
      'Action does not apply to any resource(s) in statement',
    ],
    [
      statement({ Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}/*` }),
      'Action does not apply to any resource(s) in statement',
    ],
    [
      statement({ Condition: { StringEqualz: { 'aws:SourceArn': 'x' } } }),
      'Invalid Condition type : StringEqualz',
    ],
  ];
  for (const [text, message] of table) {
    assert.throws(
      () => parseBucketPolicy(text, BUCKET),
      (error: unknown) => error instanceof MalformedPolicyError && error.message === message,
      `${text} → ${message}`,
    );
  }
});

test('resources may use * and ? and name the bucket and its objects together', () => {
  const policy = parseBucketPolicy(
    statement({
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: [`arn:aws:s3:::${BUCKET}`, 'arn:aws:s3:::junlog-*/videos/?/*'],
    }),
    BUCKET,
  );
  assert.deepEqual(policy.statements[0]?.resource, [
    `arn:aws:s3:::${BUCKET}`,
    'arn:aws:s3:::junlog-*/videos/?/*',
  ]);
});

test('wildcard actions, NotPrincipal, NotAction, NotResource and qualified IfExists operators are accepted', () => {
  const policy = parseBucketPolicy(
    JSON.stringify({
      Statement: [
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' },
          NotAction: 's3:Get*',
          NotResource: `arn:aws:s3:::${BUCKET}/public/*`,
          Condition: { 'ForAnyValue:StringLikeIfExists': { 's3:prefix': ['a*', 'b'] } },
        },
      ],
    }),
    BUCKET,
  );
  const [s] = policy.statements;
  assert.equal(policy.version, '2008-10-17');
  assert.deepEqual(s?.notAction, ['s3:Get*']);
  assert.equal(s?.conditions[0]?.test, 'StringLike');
  assert.equal(s?.conditions[0]?.qualifier, 'ForAnyValue');
  assert.equal(s?.conditions[0]?.ifExists, true);
});
