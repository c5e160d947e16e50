// Bucket policies and Block Public Access driven by Debian's AWS CLI v2 (`/usr/bin/aws s3api …`) against a
// real listener: what users type from the CloudFront and S3 guides, and the errors the CLI prints.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const run = promisify(execFile);
const AWS = '/usr/bin/aws';
const CREDENTIALS = { accessKeyId: 'POLICYCLIUSER', secretAccessKey: 'policy-cli-secret-made-for-this-test' };

test('aws s3api put/get/delete-bucket-policy, get-bucket-policy-status and the public access block, as a user types them', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 's3-policy-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = parseS3Config(
    { listen: '127.0.0.1:0', credentials: [CREDENTIALS], buckets: [{ name: 'cli-media' }] },
    createConfigContext(dir),
  );
  const service = await startS3Service(config, { store: createMemoryObjectStore(), logger: silentLogger });
  t.after(() => service.close());
  await writeFile(join(dir, 'config'), '[default]\n');
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const aws = async (...args: string[]) =>
    (await run(AWS, ['--endpoint-url', service.url, 's3api', ...args], { env, cwd: dir })).stdout;
  const awsFails = async (...args: string[]): Promise<string> => {
    try {
      await aws(...args);
    } catch (error) {
      return (error as { stderr: string }).stderr;
    }
    throw new Error(`aws ${args.join(' ')} succeeded`);
  };

  const oac = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowCloudFrontServicePrincipalReadOnly',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::cli-media/*',
        Condition: {
          StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1CLI' },
        },
      },
    ],
  };
  await writeFile(join(dir, 'policy.json'), JSON.stringify(oac, null, 4));
  assert.match(
    await awsFails('get-bucket-policy', '--bucket', 'cli-media'),
    /An error occurred \(NoSuchBucketPolicy\) when calling the GetBucketPolicy operation: The bucket policy does not exist/,
  );
  assert.equal(await aws('put-bucket-policy', '--bucket', 'cli-media', '--policy', 'file://policy.json'), '');
  const got = JSON.parse(await aws('get-bucket-policy', '--bucket', 'cli-media'));
  assert.deepEqual(JSON.parse(got.Policy), oac);
  assert.deepEqual(JSON.parse(await aws('get-bucket-policy-status', '--bucket', 'cli-media')), {
    PolicyStatus: { IsPublic: false },
  });

  await writeFile(
    join(dir, 'wrong.json'),
    JSON.stringify({ ...oac, Statement: [{ ...oac.Statement[0], Action: 's3:ListBucket' }] }),
  );
  assert.match(
    await awsFails('put-bucket-policy', '--bucket', 'cli-media', '--policy', 'file://wrong.json'),
    /An error occurred \(MalformedPolicy\) when calling the PutBucketPolicy operation: Action does not apply to any resource\(s\) in statement/,
  );

  await aws(
    'put-public-access-block',
    '--bucket',
    'cli-media',
    '--public-access-block-configuration',
    'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  );
  assert.deepEqual(JSON.parse(await aws('get-public-access-block', '--bucket', 'cli-media')), {
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  await writeFile(
    join(dir, 'public.json'),
    JSON.stringify({ ...oac, Statement: [{ ...oac.Statement[0], Principal: '*', Condition: undefined }] }),
  );
  assert.match(
    await awsFails('put-bucket-policy', '--bucket', 'cli-media', '--policy', 'file://public.json'),
    /An error occurred \(AccessDenied\) when calling the PutBucketPolicy operation: Access Denied/,
  );
  await aws('delete-public-access-block', '--bucket', 'cli-media');
  await aws('put-bucket-policy', '--bucket', 'cli-media', '--policy', 'file://public.json');
  assert.deepEqual(JSON.parse(await aws('get-bucket-policy-status', '--bucket', 'cli-media')), {
    PolicyStatus: { IsPublic: true },
  });
  assert.equal(await aws('delete-bucket-policy', '--bucket', 'cli-media'), '');
  assert.match(
    await awsFails('get-bucket-ownership-controls', '--bucket', 'cli-media'),
    /OwnershipControlsNotFoundError/,
  );
});
