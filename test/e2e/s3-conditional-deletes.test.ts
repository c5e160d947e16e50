// Conditional deletes and completions through the AWS SDK v3 (S3 User Guide "How to perform conditional
// deletes"; API Reference DeleteObject, DeleteObjects, CompleteMultipartUpload): a failed condition leaves
// the object untouched and answers S3's code.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
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

async function start(t: import('node:test').TestContext) {
  const config = parseS3Config(
    { listen: '127.0.0.1:0', region: 'us-east-1', credentials: [{ accessKeyId, secretAccessKey }] },
    createConfigContext(process.cwd()),
  );
  const service = await startS3Service(config, { store: createMemoryObjectStore(), logger: silentLogger });
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
  return { s3 };
}

const status = (e: unknown) => (e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode;
const exists = async (s3: S3Client, key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: 'media', Key: key })).then(
    () => true,
    () => false,
  );

test('DeleteObject with If-Match deletes only the object with that ETag', async (t) => {
  const { s3 } = await start(t);
  const put = await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'v1' }));
  await assert.rejects(
    s3.send(
      new DeleteObjectCommand({ Bucket: 'media', Key: 'k', IfMatch: '"0123456789abcdef0123456789abcdef"' }),
    ),
    (e: Error) => e.name === 'PreconditionFailed' && status(e) === 412,
  );
  assert.equal(await exists(s3, 'k'), true, 'the refused delete left the object');
  await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'k', IfMatch: put.ETag }));
  assert.equal(await exists(s3, 'k'), false);
  await assert.rejects(
    s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'k', IfMatch: '*' })),
    (e: Error) => e.name === 'NoSuchKey' && status(e) === 404,
  );
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'v2' }));
  await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'k', IfMatch: '*' }));
  assert.equal(await exists(s3, 'k'), false);
});

test('DeleteObject honours x-amz-if-match-size and x-amz-if-match-last-modified-time', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'four' }));
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'k' }));
  await assert.rejects(s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'k', IfMatchSize: 5 })), {
    name: 'PreconditionFailed',
  });
  const earlier = new Date((head.LastModified as Date).getTime() - 60_000);
  await assert.rejects(
    s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'k', IfMatchLastModifiedTime: earlier })),
    { name: 'PreconditionFailed' },
  );
  assert.equal(await exists(s3, 'k'), true);
  await s3.send(
    new DeleteObjectCommand({
      Bucket: 'media',
      Key: 'k',
      IfMatchSize: 4,
      IfMatchLastModifiedTime: head.LastModified,
    }),
  );
  assert.equal(await exists(s3, 'k'), false);
  await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'k', IfMatchSize: 4 }));
});

test('DeleteObjects checks each object’s ETag, size and time and reports PreconditionFailed per key', async (t) => {
  const { s3 } = await start(t);
  const a = await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'a', Body: 'a' }));
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'b', Body: 'bb' }));
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'c', Body: 'ccc' }));
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'd', Body: 'd' }));
  const longAgo = new Date('2001-01-01T00:00:00Z');
  const result = await s3.send(
    new DeleteObjectsCommand({
      Bucket: 'media',
      Delete: {
        Objects: [
          { Key: 'a', ETag: a.ETag },
          { Key: 'b', ETag: a.ETag },
          { Key: 'c', Size: 2 },
          { Key: 'd', LastModifiedTime: longAgo },
          { Key: 'missing', ETag: a.ETag },
        ],
      },
    }),
  );
  assert.deepEqual(
    result.Deleted?.map((d) => d.Key),
    ['a'],
  );
  assert.deepEqual(
    result.Errors?.map((e) => [e.Key, e.Code]),
    [
      ['b', 'PreconditionFailed'],
      ['c', 'PreconditionFailed'],
      ['d', 'PreconditionFailed'],
      ['missing', 'NoSuchKey'],
    ],
  );
  assert.deepEqual(
    [await exists(s3, 'a'), await exists(s3, 'b'), await exists(s3, 'c')],
    [false, true, true],
  );
});

test('CompleteMultipartUpload honours If-None-Match and If-Match against the current object', async (t) => {
  const { s3 } = await start(t);
  const existing = await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'big', Body: 'old' }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'big' }));
  const part = await s3.send(
    new UploadPartCommand({ Bucket: 'media', Key: 'big', UploadId, PartNumber: 1, Body: 'new bytes' }),
  );
  const complete = (extra: { IfMatch?: string; IfNoneMatch?: string }) =>
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: 'big',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 }] },
        ...extra,
      }),
    );
  await assert.rejects(
    complete({ IfNoneMatch: '*' }),
    (e: Error & { Condition?: string }) =>
      e.name === 'PreconditionFailed' && status(e) === 412 && e.Condition === 'If-None-Match',
  );
  await assert.rejects(complete({ IfMatch: '"0123456789abcdef0123456789abcdef"' }), {
    name: 'PreconditionFailed',
  });
  const unchanged = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'big' }));
  assert.equal(await unchanged.Body?.transformToString(), 'old');
  const done = await complete({ IfMatch: existing.ETag });
  assert.match(done.ETag ?? '', /-1"$/);
  const replaced = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'big' }));
  assert.equal(await replaced.Body?.transformToString(), 'new bytes');
});
