// ListBuckets pagination through the AWS SDK v3 (S3 API Reference "ListBuckets"): max-buckets,
// continuation-token, prefix and bucket-region, and the SDK's own paginator walking every page.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { CreateBucketCommand, ListBucketsCommand, paginateListBuckets, S3Client } from '@aws-sdk/client-s3';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const secretAccessKey = randomBytes(30).toString('base64');

async function start(t: import('node:test').TestContext, names: string[]) {
  const config = parseS3Config(
    { listen: '127.0.0.1:0', region: 'eu-west-3', credentials: [{ accessKeyId, secretAccessKey }] },
    createConfigContext(process.cwd()),
  );
  const service = await startS3Service(config, { store: createMemoryObjectStore(), logger: silentLogger });
  t.after(() => service.close());
  const s3 = new S3Client({
    endpoint: service.url,
    region: 'eu-west-3',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  t.after(() => s3.destroy());
  for (const Bucket of names) {
    await s3.send(
      new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-3' } }),
    );
  }
  return { s3, url: service.url };
}

test('ListBuckets pages by max-buckets with a continuation token and filters by prefix', async (t) => {
  const names = ['alpha-1', 'alpha-2', 'alpha-3', 'beta-1', 'beta-2'];
  const { s3 } = await start(t, names);
  const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 2 }));
  assert.deepEqual(
    first.Buckets?.map((b) => b.Name),
    ['alpha-1', 'alpha-2'],
  );
  assert.equal(first.Buckets?.[0].BucketRegion, 'eu-west-3');
  assert.ok(first.ContinuationToken);
  const second = await s3.send(
    new ListBucketsCommand({ MaxBuckets: 2, ContinuationToken: first.ContinuationToken }),
  );
  assert.deepEqual(
    second.Buckets?.map((b) => b.Name),
    ['alpha-3', 'beta-1'],
  );
  const walked: string[] = [];
  for await (const page of paginateListBuckets({ client: s3, pageSize: 2 }, {})) {
    walked.push(...(page.Buckets ?? []).map((b) => b.Name as string));
  }
  assert.deepEqual(walked, names);
  const prefixed = await s3.send(new ListBucketsCommand({ Prefix: 'beta' }));
  assert.deepEqual(
    prefixed.Buckets?.map((b) => b.Name),
    ['beta-1', 'beta-2'],
  );
  assert.equal(prefixed.Prefix, 'beta');
  assert.equal(prefixed.ContinuationToken, undefined);
  const all = await s3.send(new ListBucketsCommand({}));
  assert.deepEqual(
    all.Buckets?.map((b) => b.Name),
    names,
  );
  assert.equal(all.ContinuationToken, undefined);
});

test('ListBuckets filters by bucket-region and refuses a bad max-buckets or token', async (t) => {
  const { s3 } = await start(t, ['one', 'two']);
  assert.deepEqual((await s3.send(new ListBucketsCommand({ BucketRegion: 'eu-west-3' }))).Buckets?.length, 2);
  assert.deepEqual((await s3.send(new ListBucketsCommand({ BucketRegion: 'us-east-1' }))).Buckets ?? [], []);
  for (const MaxBuckets of [0, 10001]) {
    await assert.rejects(s3.send(new ListBucketsCommand({ MaxBuckets })), { name: 'InvalidArgument' });
  }
  await assert.rejects(s3.send(new ListBucketsCommand({ ContinuationToken: 'not-ours' })), {
    name: 'InvalidArgument',
  });
});
