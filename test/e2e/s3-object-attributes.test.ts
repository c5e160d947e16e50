// GetObjectAttributes through the AWS SDK v3: the attributes asked for, ObjectParts paged with MaxParts and
// PartNumberMarker, parts listed only with checksums, and S3's refusals.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
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
const PART_BYTES = 16 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

async function start(t: import('node:test').TestContext) {
  const config = parseS3Config(
    { listen: '127.0.0.1:0', region: 'us-east-1', credentials: [{ accessKeyId, secretAccessKey }] },
    createConfigContext(process.cwd()),
  );
  const service = await startS3Service(config, {
    store: createMemoryObjectStore({ minPartBytes: PART_BYTES }),
    logger: silentLogger,
  });
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
  return { s3, url: service.url };
}

async function multipart(s3: S3Client, key: string, checksum: boolean, bodies: Buffer[]) {
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: 'media',
      Key: key,
      ...(checksum ? { ChecksumAlgorithm: 'SHA256' } : {}),
    }),
  );
  const parts = [];
  for (const [i, Body] of bodies.entries()) {
    const answer = await s3.send(
      new UploadPartCommand({
        Bucket: 'media',
        Key: key,
        UploadId,
        PartNumber: i + 1,
        Body,
        ...(checksum ? { ChecksumAlgorithm: 'SHA256' as const } : {}),
      }),
    );
    parts.push({
      PartNumber: i + 1,
      ETag: answer.ETag,
      ...(checksum ? { ChecksumSHA256: answer.ChecksumSHA256 } : {}),
    });
  }
  return s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'media',
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

test('a single-part object answers its ETag, checksum, storage class and size, and no ObjectParts', async (t) => {
  const { s3 } = await start(t);
  const body = Buffer.from('attributes');
  const put = await s3.send(
    new PutObjectCommand({ Bucket: 'media', Key: 'one', Body: body, ChecksumAlgorithm: 'SHA256' }),
  );
  const got = await s3.send(
    new GetObjectAttributesCommand({
      Bucket: 'media',
      Key: 'one',
      ObjectAttributes: ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'],
    }),
  );
  assert.equal(got.ETag, put.ETag?.replace(/"/g, ''), 'the ETag comes unquoted');
  assert.equal(got.Checksum?.ChecksumSHA256, sha256(body));
  assert.equal(got.Checksum?.ChecksumType, 'FULL_OBJECT');
  assert.equal(got.StorageClass, 'STANDARD');
  assert.equal(got.ObjectSize, body.length);
  assert.equal(got.ObjectParts, undefined);
  assert.ok(got.LastModified instanceof Date);
  const only = await s3.send(
    new GetObjectAttributesCommand({ Bucket: 'media', Key: 'one', ObjectAttributes: ['ObjectSize'] }),
  );
  assert.deepEqual([only.ObjectSize, only.ETag, only.Checksum], [body.length, undefined, undefined]);
});

test('ObjectParts of a checksummed multipart object page with MaxParts and PartNumberMarker', async (t) => {
  const { s3 } = await start(t);
  const bodies = [randomBytes(PART_BYTES), randomBytes(PART_BYTES), randomBytes(5)];
  const done = await multipart(s3, 'three', true, bodies);
  const first = await s3.send(
    new GetObjectAttributesCommand({
      Bucket: 'media',
      Key: 'three',
      ObjectAttributes: ['ObjectParts', 'Checksum'],
      MaxParts: 2,
    }),
  );
  assert.equal(first.Checksum?.ChecksumSHA256, done.ChecksumSHA256?.split('-')[0]);
  assert.equal(first.Checksum?.ChecksumType, 'COMPOSITE');
  assert.equal(first.ObjectParts?.TotalPartsCount, 3);
  assert.equal(first.ObjectParts?.IsTruncated, true);
  assert.equal(first.ObjectParts?.MaxParts, 2);
  assert.equal(String(first.ObjectParts?.NextPartNumberMarker), '2');
  assert.deepEqual(
    first.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size, p.ChecksumSHA256]),
    [
      [1, PART_BYTES, sha256(bodies[0])],
      [2, PART_BYTES, sha256(bodies[1])],
    ],
  );
  const rest = await s3.send(
    new GetObjectAttributesCommand({
      Bucket: 'media',
      Key: 'three',
      ObjectAttributes: ['ObjectParts'],
      MaxParts: 2,
      PartNumberMarker: '2',
    }),
  );
  assert.equal(rest.ObjectParts?.IsTruncated, false);
  assert.deepEqual(
    rest.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size]),
    [[3, 5]],
  );
});

test('a multipart object without checksums answers its part count but lists no parts', async (t) => {
  const { s3, url } = await start(t);
  // Without the SDK's default part checksums, as older clients upload.
  const plain = new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  t.after(() => plain.destroy());
  await multipart(plain, 'plain', false, [randomBytes(PART_BYTES), randomBytes(3)]);
  const got = await s3.send(
    new GetObjectAttributesCommand({
      Bucket: 'media',
      Key: 'plain',
      ObjectAttributes: ['ObjectParts', 'ObjectSize'],
    }),
  );
  assert.equal(got.ObjectParts?.TotalPartsCount, 2);
  assert.equal(got.ObjectParts?.Parts, undefined);
  assert.equal(got.ObjectSize, PART_BYTES + 3);
});

test('GetObjectAttributes refuses a missing or unknown attribute list, a missing key, and anonymous reads of a private object', async (t) => {
  const { s3, url } = await start(t);
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'v' }));
  await assert.rejects(
    s3.send(
      new GetObjectAttributesCommand({
        Bucket: 'media',
        Key: 'k',
        ObjectAttributes: ['Size' as 'ObjectSize'],
      }),
    ),
    { name: 'InvalidArgument' },
  );
  await assert.rejects(
    s3.send(new GetObjectAttributesCommand({ Bucket: 'media', Key: 'nope', ObjectAttributes: ['ETag'] })),
    { name: 'NoSuchKey' },
  );
  const missingHeader = await fetch(`${url}/media/k?attributes`);
  assert.equal(missingHeader.status, 403, 'anonymous first meets the ACL');
  const anonymous = await fetch(`${url}/media/k?attributes`, {
    headers: { 'x-amz-object-attributes': 'ETag' },
  });
  assert.equal(anonymous.status, 403);
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'open', Body: 'v', ACL: 'public-read' }));
  const open = await fetch(`${url}/media/open?attributes`, {
    headers: { 'x-amz-object-attributes': 'ObjectSize' },
  });
  assert.equal(open.status, 200);
  assert.match(await open.text(), /<ObjectSize>1<\/ObjectSize>/);
  const noList = await fetch(`${url}/media/open?attributes`);
  assert.equal(noList.status, 400);
  assert.match(await noList.text(), /<Code>InvalidArgument<\/Code>/);
});
