// Request headers S3 checks on every operation: x-amz-expected-bucket-owner, server-side encryption (SSE-S3
// answered as S3 answers it; SSE-C and SSE-KMS refused, never ignored), and DeleteBucket of a bucket that
// holds only unfinished multipart uploads. Real listener, the AWS SDK v3.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const secretAccessKey = randomBytes(30).toString('base64');
const OWNER_ACCOUNT = '123456789012'; // the default s3.accountId

async function start(t: import('node:test').TestContext) {
  const config = parseS3Config(
    { listen: '127.0.0.1:0', region: 'us-east-1', credentials: [{ accessKeyId, secretAccessKey }] },
    createConfigContext(process.cwd()),
  );
  const store = createMemoryObjectStore();
  const service = await startS3Service(config, { store, logger: silentLogger });
  t.after(() => service.close());
  const s3 = new S3Client({
    endpoint: service.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  t.after(() => s3.destroy());
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  return { s3, store };
}

test('a wrong x-amz-expected-bucket-owner is refused with 403 AccessDenied; the owner account passes', async (t) => {
  const { s3 } = await start(t);
  await s3.send(
    new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'v', ExpectedBucketOwner: OWNER_ACCOUNT }),
  );
  await assert.rejects(
    s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'k', ExpectedBucketOwner: '111122223333' })),
    (e: { name: string; $metadata: { httpStatusCode: number } }) =>
      e.name === 'AccessDenied' && e.$metadata.httpStatusCode === 403,
  );
  await assert.rejects(
    s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'k',
        Body: 'overwritten',
        ExpectedBucketOwner: '111122223333',
      }),
    ),
    { name: 'AccessDenied' },
  );
  await assert.rejects(
    s3.send(new HeadBucketCommand({ Bucket: 'media', ExpectedBucketOwner: '111122223333' })),
    (e: { $metadata: { httpStatusCode: number } }) => e.$metadata.httpStatusCode === 403,
  );
  await assert.rejects(
    s3.send(
      new CopyObjectCommand({
        Bucket: 'media',
        Key: 'copy',
        CopySource: 'media/k',
        ExpectedSourceBucketOwner: '111122223333',
      }),
    ),
    { name: 'AccessDenied' },
  );
  const got = await s3.send(
    new GetObjectCommand({ Bucket: 'media', Key: 'k', ExpectedBucketOwner: OWNER_ACCOUNT }),
  );
  assert.equal(await got.Body?.transformToString(), 'v', 'the refused PUT changed nothing');
});

test('SSE-S3 is accepted and answered with x-amz-server-side-encryption on writes and reads', async (t) => {
  const { s3 } = await start(t);
  const put = await s3.send(
    new PutObjectCommand({ Bucket: 'media', Key: 'sse', Body: 'v', ServerSideEncryption: 'AES256' }),
  );
  assert.equal(put.ServerSideEncryption, 'AES256');
  assert.equal(
    (await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'sse' }))).ServerSideEncryption,
    'AES256',
  );
  const copy = await s3.send(
    new CopyObjectCommand({
      Bucket: 'media',
      Key: 'sse-copy',
      CopySource: 'media/sse',
      ServerSideEncryption: 'AES256',
    }),
  );
  assert.equal(copy.ServerSideEncryption, 'AES256');
  const created = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'mp', ServerSideEncryption: 'AES256' }),
  );
  assert.equal(created.ServerSideEncryption, 'AES256');
  await assert.rejects(
    s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'k',
        Body: 'v',
        ServerSideEncryption: 'AES512' as 'AES256',
      }),
    ),
    { name: 'InvalidArgument' },
  );
});

test('SSE-C and SSE-KMS are refused with 501 NotImplemented and nothing is stored', async (t) => {
  const { s3 } = await start(t);
  const key = randomBytes(32);
  const sseC = {
    SSECustomerAlgorithm: 'AES256',
    SSECustomerKey: key.toString('base64'),
  };
  const notImplemented = (e: { name: string; $metadata: { httpStatusCode: number } }) =>
    e.name === 'NotImplemented' && e.$metadata.httpStatusCode === 501;
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'c', Body: 'v', ...sseC })),
    notImplemented,
  );
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'c' })), { name: 'NotFound' });
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'plain', Body: 'v' }));
  await assert.rejects(
    s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'plain', ...sseC })),
    notImplemented,
  );
  await assert.rejects(
    s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'mp', ...sseC })),
    notImplemented,
  );
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'v', ServerSideEncryption: 'aws:kms' })),
    notImplemented,
  );
  await assert.rejects(
    s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'k',
        Body: 'v',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'arn:aws:kms:us-east-1:000000000000:key/x',
      }),
    ),
    notImplemented,
  );
});

test('DeleteBucket succeeds on a bucket holding only unfinished multipart uploads, and takes them along', async (t) => {
  const { s3 } = await start(t);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'big' }));
  await s3.send(
    new UploadPartCommand({ Bucket: 'media', Key: 'big', UploadId, PartNumber: 1, Body: 'part' }),
  );
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'object', Body: 'v' }));
  await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: 'media' })), { name: 'BucketNotEmpty' });
  await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'object' }));
  await s3.send(new DeleteBucketCommand({ Bucket: 'media' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'media' }));
  assert.deepEqual(uploads.Uploads ?? [], []);
});
