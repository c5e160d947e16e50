import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBucketPolicy } from './bucket-policy-document.ts';
import { evaluateBucketPolicy, type PolicyRequester } from './evaluate-bucket-policy.ts';
import { isPublicPolicy } from './policy-is-public.ts';

const BUCKET = 'junlog-media';
const ACCOUNT = '111122223333';
const OWNER: PolicyRequester = { kind: 'account', accountId: ACCOUNT, canonicalUserId: 'a'.repeat(64) };
const CLOUDFRONT: PolicyRequester = { kind: 'service', service: 'cloudfront.amazonaws.com' };
const ANONYMOUS: PolicyRequester = { kind: 'anonymous' };
const dist = (id: string) => `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`;

function decide(
  document: object,
  requester: PolicyRequester,
  action: string,
  key: string | undefined,
  context: Record<string, string | string[]> = {},
): string {
  const policy = parseBucketPolicy(JSON.stringify(document), BUCKET);
  const decision = evaluateBucketPolicy(policy, {
    requester,
    action,
    resource: key === undefined ? `arn:aws:s3:::${BUCKET}` : `arn:aws:s3:::${BUCKET}/${key}`,
    context: new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]])),
  });
  return decision.effect;
}

/** "Restrict access to an Amazon S3 origin" (Amazon CloudFront Developer Guide), read-only. */
const oacPolicy = (operator: string, arn: string | string[]) => ({
  Version: '2012-10-17',
  Statement: {
    Sid: 'AllowCloudFrontServicePrincipalReadOnly',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
    Condition: { [operator]: { 'AWS:SourceArn': arn } },
  },
});

/** "Granting read-only permission to a public anonymous user" (Amazon S3 User Guide, bucket policy examples). */
const PUBLIC_READ = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: [`arn:aws:s3:::${BUCKET}/*`],
    },
  ],
};

test('the OAC policy grants the named distribution, under each operator users write it with', () => {
  const table: [string, string | string[], string, string][] = [
    ['StringEquals', dist('E1ABC'), dist('E1ABC'), 'Allow'],
    ['StringEquals', dist('E1ABC'), dist('E2OTHER'), 'None'],
    ['StringEquals', [dist('E2OTHER'), dist('E1ABC')], dist('E1ABC'), 'Allow'],
    ['StringLike', `arn:aws:cloudfront::${ACCOUNT}:distribution/E1*`, dist('E1ABC'), 'Allow'],
    ['StringLike', `arn:aws:cloudfront::${ACCOUNT}:distribution/E1*`, dist('E2OTHER'), 'None'],
    ['ArnLike', `arn:aws:cloudfront::${ACCOUNT}:distribution/*`, dist('E2OTHER'), 'Allow'],
    ['ArnLike', 'arn:aws:cloudfront::999999999999:distribution/*', dist('E1ABC'), 'None'],
    ['ArnEquals', dist('E1ABC'), dist('E1ABC'), 'Allow'],
    ['StringNotEquals', dist('E2OTHER'), dist('E1ABC'), 'Allow'],
  ];
  for (const [operator, expected, actual, effect] of table) {
    assert.equal(
      decide(oacPolicy(operator, expected), CLOUDFRONT, 's3:GetObject', 'videos/a.ts', {
        'aws:SourceArn': actual,
      }),
      effect,
      `${operator} ${JSON.stringify(expected)} vs ${actual}`,
    );
  }
});

test('the OAC policy grants neither other actions, the bucket itself, other principals, nor a request without a source ARN', () => {
  const policy = oacPolicy('StringEquals', dist('E1ABC'));
  const source = { 'aws:SourceArn': dist('E1ABC') };
  assert.equal(decide(policy, CLOUDFRONT, 's3:PutObject', 'videos/a.ts', source), 'None');
  assert.equal(decide(policy, CLOUDFRONT, 's3:ListBucket', undefined, source), 'None');
  assert.equal(decide(policy, ANONYMOUS, 's3:GetObject', 'videos/a.ts', source), 'None');
  assert.equal(decide(policy, OWNER, 's3:GetObject', 'videos/a.ts', source), 'None');
  assert.equal(decide(policy, CLOUDFRONT, 's3:GetObject', 'videos/a.ts'), 'None');
  assert.equal(
    decide(policy, { kind: 'service', service: 'logging.s3.amazonaws.com' }, 's3:GetObject', 'a', source),
    'None',
  );
});

test('public read: everyone may GetObject (HeadObject is s3:GetObject), not list or write', () => {
  assert.equal(decide(PUBLIC_READ, ANONYMOUS, 's3:GetObject', 'a/b.txt'), 'Allow');
  assert.equal(decide(PUBLIC_READ, CLOUDFRONT, 's3:GetObject', 'a/b.txt'), 'Allow');
  assert.equal(decide(PUBLIC_READ, ANONYMOUS, 's3:ListBucket', undefined), 'None');
  assert.equal(decide(PUBLIC_READ, ANONYMOUS, 's3:PutObject', 'a/b.txt'), 'None');
  assert.equal(
    decide(
      { ...PUBLIC_READ, Statement: [{ ...PUBLIC_READ.Statement[0], Principal: { AWS: '*' } }] },
      ANONYMOUS,
      's3:GetObject',
      'x',
    ),
    'Allow',
  );
});

test('an explicit Deny wins over any Allow, whatever the statement order', () => {
  const deny = {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: `arn:aws:s3:::${BUCKET}/private/*`,
  };
  const allow = PUBLIC_READ.Statement[0] as object;
  for (const statements of [
    [allow, deny],
    [deny, allow],
  ]) {
    const policy = { Version: '2012-10-17', Statement: statements };
    assert.equal(decide(policy, ANONYMOUS, 's3:GetObject', 'private/x'), 'Deny');
    assert.equal(decide(policy, OWNER, 's3:DeleteObject', 'private/x'), 'Deny');
    assert.equal(decide(policy, ANONYMOUS, 's3:GetObject', 'public/x'), 'Allow');
  }
});

test('actions match without regard to case and with wildcards; resources with regard to case', () => {
  const policy = (action: string, resource: string) => ({
    Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: action, Resource: resource }],
  });
  const objects = `arn:aws:s3:::${BUCKET}/*`;
  assert.equal(decide(policy('s3:getobject', objects), OWNER, 's3:GetObject', 'k'), 'Allow');
  assert.equal(decide(policy('s3:Get*', objects), OWNER, 's3:GetObjectAcl', 'k'), 'Allow');
  assert.equal(decide(policy('s3:*', objects), OWNER, 's3:PutObject', 'k'), 'Allow');
  assert.equal(decide(policy('*', objects), OWNER, 's3:PutObject', 'k'), 'Allow');
  assert.equal(decide(policy('s3:Get?bject', objects), OWNER, 's3:GetObject', 'k'), 'Allow');
  assert.equal(decide(policy('s3:Put*', objects), OWNER, 's3:GetObject', 'k'), 'None');
  const upper = `arn:aws:s3:::${BUCKET}/Videos/*`;
  assert.equal(decide(policy('s3:GetObject', upper), OWNER, 's3:GetObject', 'videos/a'), 'None');
  assert.equal(decide(policy('s3:GetObject', upper), OWNER, 's3:GetObject', 'Videos/a'), 'Allow');
});

test('NotPrincipal, NotAction and NotResource apply to everything they do not name', () => {
  const guard = {
    Statement: [
      {
        Effect: 'Deny',
        NotPrincipal: { Service: 'cloudfront.amazonaws.com' },
        NotAction: 's3:ListBucket',
        NotResource: `arn:aws:s3:::${BUCKET}/public/*`,
      },
    ],
  };
  assert.equal(decide(guard, ANONYMOUS, 's3:GetObject', 'secret'), 'Deny');
  assert.equal(decide(guard, ANONYMOUS, 's3:GetObject', 'public/a'), 'None');
  assert.equal(decide(guard, CLOUDFRONT, 's3:GetObject', 'secret'), 'None');
  assert.equal(decide(guard, OWNER, 's3:ListBucket', undefined), 'None');
});

test('conditions: Bool on aws:SecureTransport, IpAddress ranges, Null and IfExists, missing keys', () => {
  /** "Managing access based on HTTP or HTTPS requests" (Amazon S3 User Guide): deny plain HTTP. */
  const httpsOnly = {
    Statement: [
      {
        Sid: 'RestrictToTLSRequestsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
  assert.equal(decide(httpsOnly, OWNER, 's3:GetObject', 'k', { 'aws:SecureTransport': 'false' }), 'Deny');
  assert.equal(decide(httpsOnly, OWNER, 's3:GetObject', 'k', { 'aws:SecureTransport': 'true' }), 'None');
  const fromOffice = (operator: string) => ({
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: { [operator]: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } },
      },
    ],
  });
  assert.equal(
    decide(fromOffice('IpAddress'), ANONYMOUS, 's3:GetObject', 'k', { 'aws:SourceIp': '192.0.2.7' }),
    'Allow',
  );
  assert.equal(
    decide(fromOffice('IpAddress'), ANONYMOUS, 's3:GetObject', 'k', { 'aws:SourceIp': '2001:db8::1' }),
    'Allow',
  );
  assert.equal(
    decide(fromOffice('IpAddress'), ANONYMOUS, 's3:GetObject', 'k', { 'aws:SourceIp': '198.51.100.1' }),
    'None',
  );
  assert.equal(
    decide(fromOffice('NotIpAddress'), ANONYMOUS, 's3:GetObject', 'k', { 'aws:SourceIp': '198.51.100.1' }),
    'Allow',
  );
  assert.equal(decide(fromOffice('NotIpAddress'), ANONYMOUS, 's3:GetObject', 'k'), 'Allow');
  const noSource = { ...oacPolicy('Null', 'true') };
  assert.equal(decide(noSource, CLOUDFRONT, 's3:GetObject', 'k'), 'Allow');
  assert.equal(decide(noSource, CLOUDFRONT, 's3:GetObject', 'k', { 'aws:SourceArn': dist('E1') }), 'None');
  const ifExists = oacPolicy('StringEqualsIfExists', dist('E1ABC'));
  assert.equal(decide(ifExists, CLOUDFRONT, 's3:GetObject', 'k'), 'Allow');
  assert.equal(decide(ifExists, CLOUDFRONT, 's3:GetObject', 'k', { 'aws:SourceArn': dist('E2') }), 'None');
});

test('a policy is public when it allows everyone without a condition confining the source to fixed values', () => {
  const parse = (document: object) => parseBucketPolicy(JSON.stringify(document), BUCKET);
  assert.equal(isPublicPolicy(parse(PUBLIC_READ)), true);
  assert.equal(isPublicPolicy(parse(oacPolicy('StringEquals', dist('E1')))), false);
  const everyone = (condition: object) => ({
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: condition,
      },
    ],
  });
  assert.equal(isPublicPolicy(parse(everyone({ StringEquals: { 'aws:SourceArn': dist('E1') } }))), false);
  assert.equal(
    isPublicPolicy(parse(everyone({ StringLike: { 'aws:SourceArn': 'arn:aws:cloudfront::*' } }))),
    true,
  );
  assert.equal(isPublicPolicy(parse(everyone({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }))), false);
  assert.equal(isPublicPolicy(parse(everyone({ IpAddress: { 'aws:SourceIp': '10.0.0.0/7' } }))), true);
  assert.equal(
    isPublicPolicy(parse(everyone({ StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT } }))),
    true,
  );
  assert.equal(isPublicPolicy(parse(everyone({ Bool: { 'aws:SecureTransport': 'true' } }))), true);
  assert.equal(
    isPublicPolicy(parse({ Statement: [{ ...PUBLIC_READ.Statement[0], Effect: 'Deny' }] })),
    false,
  );
});
