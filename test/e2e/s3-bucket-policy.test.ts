// Bucket policies, Block Public Access and Object Ownership through @aws-sdk/client-s3 against a real
// listener over the file store: shapes and errors as S3 answers them, the policy deciding anonymous and
// owner requests, persistence across a restart, and the reads Terraform makes on an aws_s3_bucket.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketOwnershipControlsCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { OWNER } from '../../src/s3/s3-types.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createFileObjectStore } from '../../src/store/index.ts';

const CREDENTIALS = {
  accessKeyId: 'POLICYTESTUSER',
  secretAccessKey: 'policy-test-secret-made-for-this-test',
};
const BUCKET = 'policy-media';

/** "Restrict access to an Amazon S3 origin" (Amazon CloudFront Developer Guide), the read-only OAC policy. */
const OAC_POLICY = {
  Version: '2012-10-17',
  Statement: {
    Sid: 'AllowCloudFrontServicePrincipalReadOnly',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
    Condition: {
      StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1EXAMPLE' },
    },
  },
};

const PUBLIC_READ = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${BUCKET}/public/*`,
    },
  ],
};

async function start(t: TestContext, dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 's3-bucket-policy-')));
  if (dataDir === undefined) t.after(() => rm(dir, { recursive: true, force: true }));
  const store = await createFileObjectStore({ dataDir: dir });
  const config = parseS3Config(
    { listen: '127.0.0.1:0', credentials: [CREDENTIALS] },
    createConfigContext(dir),
  );
  const service = await startS3Service(config, { store, logger: silentLogger });
  const s3 = new S3Client({
    endpoint: service.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  const stop = async () => {
    s3.destroy();
    await service.close();
    await store.close();
  };
  let stopped = false;
  t.after(() => (stopped ? undefined : stop()));
  return {
    dir,
    s3,
    url: service.url,
    stop: async () => {
      stopped = true;
      await stop();
    },
  };
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the request to fail');
}

test('put, get and delete a bucket policy; the status says whether it is public; it survives a restart', async (t) => {
  const first = await start(t);
  await first.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  assert.deepEqual(await failure(first.s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))), {
    name: 'NoSuchBucketPolicy',
    status: 404,
    message: 'The bucket policy does not exist',
  });
  assert.equal(
    (await failure(first.s3.send(new GetBucketPolicyStatusCommand({ Bucket: BUCKET })))).name,
    'NoSuchBucketPolicy',
  );
  const put = await first.s3.send(
    new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(OAC_POLICY, null, 2) }),
  );
  assert.equal(put.$metadata.httpStatusCode, 204);
  const got = await first.s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
  assert.equal(got.Policy, JSON.stringify(OAC_POLICY));
  const status = await first.s3.send(new GetBucketPolicyStatusCommand({ Bucket: BUCKET }));
  assert.equal(status.PolicyStatus?.IsPublic, false);
  await first.stop();

  const second = await start(t, first.dir);
  t.after(() => rm(first.dir, { recursive: true, force: true }));
  assert.equal(
    (await second.s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy,
    JSON.stringify(OAC_POLICY),
  );
  await second.s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(PUBLIC_READ) }));
  assert.equal(
    (await second.s3.send(new GetBucketPolicyStatusCommand({ Bucket: BUCKET }))).PolicyStatus?.IsPublic,
    true,
  );
  const deleted = await second.s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
  assert.equal(deleted.$metadata.httpStatusCode, 204);
  assert.equal(
    (await failure(second.s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET })))).name,
    'NoSuchBucketPolicy',
  );
});

test('a malformed policy is refused with MalformedPolicy and S3 message, and nothing is stored', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const otherBucket = {
    ...PUBLIC_READ,
    Statement: [{ ...PUBLIC_READ.Statement[0], Resource: 'arn:aws:s3:::another/*' }],
  };
  for (const [policy, message] of [
    [JSON.stringify(otherBucket), 'Policy has invalid resource'],
    ['{"Version":"2012-10-17","Statement":[]}', 'Could not parse the policy: Statement is empty!'],
    ['{"Statement": [', 'This policy contains invalid Json'],
  ] as const) {
    assert.deepEqual(await failure(s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy }))), {
      name: 'MalformedPolicy',
      status: 400,
      message,
    });
  }
  assert.equal(
    (await failure(s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET })))).name,
    'NoSuchBucketPolicy',
  );
});

test('a public-read policy lets anonymous callers read what it names and nothing else', async (t) => {
  const { s3, url } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'public/a.txt', Body: 'open' }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'private/b.txt', Body: 'closed' }));
  assert.equal((await fetch(`${url}/${BUCKET}/public/a.txt`)).status, 403);
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(PUBLIC_READ) }));
  const open = await fetch(`${url}/${BUCKET}/public/a.txt`);
  assert.equal(open.status, 200);
  assert.equal(await open.text(), 'open');
  assert.equal((await fetch(`${url}/${BUCKET}/private/b.txt`)).status, 403);
  assert.equal((await fetch(`${url}/${BUCKET}/public/a.txt`, { method: 'PUT', body: 'x' })).status, 403);
  const list = await fetch(`${url}/${BUCKET}?list-type=2`);
  assert.equal(list.status, 403);
  assert.match(await list.text(), /<Code>AccessDenied<\/Code>/);
  // Not allowed to list: a missing key is 403, not 404 (S3 does not reveal what is absent).
  assert.equal((await fetch(`${url}/${BUCKET}/public/missing.txt`)).status, 403);
});

test('an explicit Deny binds the owner too, except for managing the policy itself', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'protected/keep.txt', Body: 'keep' }));
  const deny = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'NoDeletes',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:GetBucketPolicy'],
        Resource: [`arn:aws:s3:::${BUCKET}/protected/*`, `arn:aws:s3:::${BUCKET}`],
      },
    ],
  };
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(deny) }));
  assert.deepEqual(
    await failure(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'protected/keep.txt' }))),
    {
      name: 'AccessDenied',
      status: 403,
      message: 'Access Denied',
    },
  );
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'elsewhere.txt' }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'loose.txt', Body: 'x' }));
  const batch = await s3.send(
    new DeleteObjectsCommand({
      Bucket: BUCKET,
      Delete: { Objects: [{ Key: 'protected/keep.txt' }, { Key: 'loose.txt' }] },
    }),
  );
  assert.deepEqual(
    batch.Deleted?.map((d) => d.Key),
    ['loose.txt'],
  );
  assert.deepEqual(
    batch.Errors?.map((e) => [e.Key, e.Code]),
    [['protected/keep.txt', 'AccessDenied']],
  );
  assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy, JSON.stringify(deny));
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'protected/keep.txt' }));
});

test('Block Public Access: BlockPublicPolicy refuses a public policy, RestrictPublicBuckets and IgnorePublicAcls take public grants back', async (t) => {
  const { s3, url } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  assert.deepEqual(await failure(s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))), {
    name: 'NoSuchPublicAccessBlockConfiguration',
    status: 404,
    message: 'The public access block configuration was not found',
  });
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: 'public/a.txt', Body: 'open', ACL: 'public-read' }),
  );
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(PUBLIC_READ) }));
  const everything = {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  };
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: BUCKET,
      PublicAccessBlockConfiguration: {
        ...everything,
        IgnorePublicAcls: false,
        RestrictPublicBuckets: false,
      },
    }),
  );
  assert.deepEqual(
    (await s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))).PublicAccessBlockConfiguration,
    { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false },
  );
  assert.deepEqual(
    await failure(
      s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(PUBLIC_READ) })),
    ),
    { name: 'AccessDenied', status: 403, message: 'Access Denied' },
  );
  // A non-public policy is still accepted, and an existing public one keeps working until restricted.
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(OAC_POLICY) }));
  assert.equal((await fetch(`${url}/${BUCKET}/public/a.txt`)).status, 200, 'the object ACL still grants');
  assert.equal(
    (
      await failure(
        s3.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: 'public/a.txt', ACL: 'public-read' })),
      )
    ).name,
    'AccessDenied',
  );
  // The same public grant as x-amz-grant-* headers, or as an AccessControlPolicy body, is refused alike.
  const allUsers = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"';
  assert.equal(
    (
      await failure(
        s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'g.txt', Body: 'g', GrantRead: allUsers })),
      )
    ).name,
    'AccessDenied',
  );
  assert.equal(
    (
      await failure(
        s3.send(
          new PutObjectAclCommand({
            Bucket: BUCKET,
            Key: 'public/a.txt',
            AccessControlPolicy: {
              Owner: { ID: OWNER.ID },
              Grants: [
                {
                  Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
                  Permission: 'READ',
                },
                { Grantee: { Type: 'CanonicalUser', ID: OWNER.ID }, Permission: 'FULL_CONTROL' },
              ],
            },
          }),
        ),
      )
    ).name,
    'AccessDenied',
  );
  await s3.send(
    new PutPublicAccessBlockCommand({ Bucket: BUCKET, PublicAccessBlockConfiguration: everything }),
  );
  assert.equal((await fetch(`${url}/${BUCKET}/public/a.txt`)).status, 403, 'IgnorePublicAcls');
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: BUCKET }));
  assert.equal((await fetch(`${url}/${BUCKET}/public/a.txt`)).status, 200);
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(PUBLIC_READ) }));
  await s3.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: 'public/a.txt', ACL: 'private' }));
  assert.equal((await fetch(`${url}/${BUCKET}/public/a.txt`)).status, 200, 'granted by the policy');
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: BUCKET,
      PublicAccessBlockConfiguration: { ...everything, BlockPublicPolicy: false },
    }),
  );
  assert.equal((await fetch(`${url}/${BUCKET}/public/a.txt`)).status, 403, 'RestrictPublicBuckets');
});

test('Object Ownership: absent until set; BucketOwnerEnforced disables ACLs', async (t) => {
  const { s3, url } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  assert.deepEqual(await failure(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET }))), {
    name: 'OwnershipControlsNotFoundError',
    status: 404,
    message: 'The bucket ownership controls were not found',
  });
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a.txt', Body: 'a', ACL: 'public-read' }));
  assert.equal((await fetch(`${url}/${BUCKET}/a.txt`)).status, 200);
  await s3.send(
    new PutBucketOwnershipControlsCommand({
      Bucket: BUCKET,
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    }),
  );
  assert.deepEqual(
    (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET }))).OwnershipControls?.Rules,
    [{ ObjectOwnership: 'BucketOwnerEnforced' }],
  );
  assert.equal((await fetch(`${url}/${BUCKET}/a.txt`)).status, 403, 'ACL grants no longer count');
  assert.deepEqual(
    await failure(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'b.txt', Body: 'b', ACL: 'public-read' })),
    ),
    { name: 'AccessControlListNotSupported', status: 400, message: 'The bucket does not allow ACLs' },
  );
  await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: BUCKET }));
  assert.equal(
    (await failure(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET })))).name,
    'OwnershipControlsNotFoundError',
  );
  await s3.send(
    new CreateBucketCommand({ Bucket: 'enforced-from-start', ObjectOwnership: 'BucketOwnerEnforced' }),
  );
  assert.deepEqual(
    (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'enforced-from-start' })))
      .OwnershipControls?.Rules,
    [{ ObjectOwnership: 'BucketOwnerEnforced' }],
  );
  assert.equal(
    (
      await failure(
        s3.send(
          new CreateBucketCommand({
            Bucket: 'acl-and-enforced',
            ACL: 'public-read',
            ObjectOwnership: 'BucketOwnerEnforced',
          }),
        ),
      )
    ).name,
    'InvalidBucketAclWithObjectOwnership',
  );
});

test('the reads Terraform makes on an aws_s3_bucket answer as S3 does for subresources never set', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const Bucket = BUCKET;
  for (const [command, name, message] of [
    [
      new GetBucketWebsiteCommand({ Bucket }),
      'NoSuchWebsiteConfiguration',
      'The specified bucket does not have a website configuration',
    ],
    [
      new GetBucketLifecycleConfigurationCommand({ Bucket }),
      'NoSuchLifecycleConfiguration',
      'The lifecycle configuration does not exist',
    ],
    [
      new GetBucketReplicationCommand({ Bucket }),
      'ReplicationConfigurationNotFoundError',
      'The replication configuration was not found',
    ],
    [new GetBucketTaggingCommand({ Bucket }), 'NoSuchTagSet', 'The TagSet does not exist'],
    [
      new GetObjectLockConfigurationCommand({ Bucket }),
      'ObjectLockConfigurationNotFoundError',
      'Object Lock configuration does not exist for this bucket',
    ],
    [
      new GetBucketCorsCommand({ Bucket }),
      'NoSuchCORSConfiguration',
      'The CORS configuration does not exist',
    ],
  ] as const) {
    assert.deepEqual(await failure(s3.send(command as never)), { name, status: 404, message }, name);
  }
  const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
  assert.deepEqual(encryption.ServerSideEncryptionConfiguration?.Rules, [
    { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
  ]);
  assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled, undefined);
  assert.equal((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))).Status, undefined);
  assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer, 'BucketOwner');
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, undefined);
  const acl = await s3.send(new GetBucketAclCommand({ Bucket }));
  assert.deepEqual(
    acl.Grants?.map((g) => g.Permission),
    ['FULL_CONTROL'],
  );
});
