// The edge's origin access control (OAC) requests carry the distribution's identity, and the bucket
// policy decides: a policy naming the distribution's ARN in AWS:SourceArn lets it read, one naming another
// distribution answers S3's 403 AccessDenied (passed through by the edge), and an explicit Deny wins over
// the Allow. The whole stack runs for real (startFrontgate); the policy is set with @aws-sdk/client-s3.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import {
  DeleteBucketPolicyCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { loadConfigFile } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { startFrontgate } from '../../src/server/start-frontgate.ts';

const HOST = 'media.policy.test';
const BUCKET = 'policy-edge-media';
const ORIGIN = `${BUCKET}.s3.us-east-1.amazonaws.com`;
const DISTRIBUTION_ID = 'E1POLICYEDGE';
const ACCOUNT = '111122223333';
const CREDENTIALS = {
  accessKeyId: 'POLICYEDGEUSER',
  secretAccessKey: 'policy-edge-secret-made-for-this-test',
};

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function get(edgeUrl: string, path: string): Promise<Reply> {
  const u = new URL(edgeUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, headers: { host: HOST }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const distribution = {
  CallerReference: 'policy-edge',
  Aliases: { Quantity: 1, Items: [HOST] },
  DefaultRootObject: '',
  Origins: {
    Quantity: 1,
    Items: [
      {
        Id: ORIGIN,
        DomainName: ORIGIN,
        OriginPath: '',
        CustomHeaders: { Quantity: 0 },
        S3OriginConfig: { OriginAccessIdentity: '' },
        OriginAccessControlId: 'E2POLICYOAC',
      },
    ],
  },
  DefaultCacheBehavior: {
    TargetOriginId: ORIGIN,
    ViewerProtocolPolicy: 'allow-all',
    AllowedMethods: {
      Quantity: 2,
      Items: ['GET', 'HEAD'],
      CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
    },
    Compress: false,
    CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed CachingDisabled: every request reaches S3
  },
  CacheBehaviors: { Quantity: 0 },
  CustomErrorResponses: { Quantity: 0 },
  Comment: '',
  Enabled: true,
};

async function start(t: TestContext) {
  const dir = await mkdtemp(join(tmpdir(), 'policy-edge-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'distribution.json'), JSON.stringify({ DistributionConfig: distribution }));
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({
      dataDir: 'data',
      s3: {
        listen: '127.0.0.1:0',
        region: 'us-east-1',
        accountId: ACCOUNT,
        credentials: [CREDENTIALS],
        buckets: [{ name: BUCKET }],
      },
      edge: {
        listen: '127.0.0.1:0',
        admin: { listen: '127.0.0.1:0' },
        distributions: [{ id: DISTRIBUTION_ID, config: 'distribution.json' }],
        origins: { [ORIGIN]: 'embedded' },
        originAccessControls: [
          {
            Id: 'E2POLICYOAC',
            OriginAccessControlConfig: {
              Name: 'policy-edge',
              SigningProtocol: 'sigv4',
              SigningBehavior: 'always',
              OriginAccessControlOriginType: 's3',
            },
          },
        ],
      },
    }),
  );
  const running = await startFrontgate(loadConfigFile(join(dir, 'frontgate.json')), { logger: silentLogger });
  t.after(() => running.close());
  const edgeUrl = running.edgeUrls[0];
  assert.ok(edgeUrl);
  const s3 = new S3Client({
    endpoint: running.s3Url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  t.after(() => s3.destroy());
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'videos/lesson.json', Body: '{"lesson":1}' }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'secret/keys.txt', Body: 'do not serve' }));
  const setPolicy = (statements: object[]) =>
    s3.send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    );
  return { edgeUrl, s3, setPolicy };
}

/** The statement the CloudFront console proposes for an OAC ("Restrict access to an Amazon S3 origin"). */
const oacStatement = (distributionId: string, operator = 'StringEquals') => ({
  Sid: 'AllowCloudFrontServicePrincipalReadOnly',
  Effect: 'Allow',
  Principal: { Service: 'cloudfront.amazonaws.com' },
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${BUCKET}/*`,
  Condition: {
    [operator]: { 'AWS:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/${distributionId}` },
  },
});

function assertOriginDenied(reply: Reply): void {
  assert.equal(reply.status, 403);
  assert.match(reply.body, /<Code>AccessDenied<\/Code>/);
  assert.equal(reply.headers['content-type'], 'application/xml');
  assert.equal(reply.headers['x-cache'], 'Error from cloudfront');
}

test('without a bucket policy the OAC request is denied by S3 and the edge passes the 403 through', async (t) => {
  const fg = await start(t);
  assertOriginDenied(await get(fg.edgeUrl, '/videos/lesson.json'));
});

test('a bucket policy naming the distribution ARN lets its OAC read; naming another distribution denies', async (t) => {
  const fg = await start(t);
  await fg.setPolicy([oacStatement(DISTRIBUTION_ID)]);
  const allowed = await get(fg.edgeUrl, '/videos/lesson.json');
  assert.equal(allowed.status, 200);
  assert.equal(allowed.body, '{"lesson":1}');

  await fg.setPolicy([oacStatement('E9ANOTHERDIST')]);
  assertOriginDenied(await get(fg.edgeUrl, '/videos/lesson.json'));

  await fg.setPolicy([oacStatement('E1POLICY*', 'ArnLike')]);
  assert.equal((await get(fg.edgeUrl, '/videos/lesson.json')).status, 200);

  await fg.s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
  assertOriginDenied(await get(fg.edgeUrl, '/videos/lesson.json'));
});

test('an explicit Deny in the bucket policy wins over the Allow for the distribution', async (t) => {
  const fg = await start(t);
  await fg.setPolicy([
    oacStatement(DISTRIBUTION_ID),
    {
      Sid: 'NeverServeSecrets',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${BUCKET}/secret/*`,
    },
  ]);
  assert.equal((await get(fg.edgeUrl, '/videos/lesson.json')).status, 200);
  assertOriginDenied(await get(fg.edgeUrl, '/secret/keys.txt'));
});
