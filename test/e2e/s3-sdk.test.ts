// The S3 API against the real AWS SDK v3 client: every operation over a real listener on port 0.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketCorsCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const secretAccessKey = randomBytes(30).toString('base64');

async function start(t: import('node:test').TestContext, options: { now?: () => Date } = {}) {
  const config = parseS3Config(
    { listen: '127.0.0.1:0', credentials: [{ accessKeyId, secretAccessKey }] },
    createConfigContext(process.cwd()),
  );
  const store = createMemoryObjectStore();
  const service = await startS3Service(config, { store, logger: silentLogger, now: options.now });
  t.after(() => service.close());
  const client = (creds = { accessKeyId, secretAccessKey }, maxAttempts = 3) =>
    new S3Client({
      endpoint: service.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: creds,
      maxAttempts,
    });
  return { service, s3: client(), client, store };
}

async function statusOf(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  return { name: 'none' };
}

test('buckets can be created, listed, located, headed and deleted', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media-one' }));
  const list = await s3.send(new ListBucketsCommand({}));
  assert.deepEqual(
    list.Buckets?.map((b) => b.Name),
    ['media-one'],
  );
  const head = await s3.send(new HeadBucketCommand({ Bucket: 'media-one' }));
  assert.equal(head.BucketRegion, 'us-east-1');
  const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'media-one' }));
  assert.equal(location.LocationConstraint ?? '', '');
  assert.deepEqual(await statusOf(s3.send(new HeadBucketCommand({ Bucket: 'missing-bucket' }))), {
    name: 'NotFound',
    status: 404,
  });
  assert.equal(
    (await statusOf(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).name,
    'InvalidBucketName',
  );
  await s3.send(new PutObjectCommand({ Bucket: 'media-one', Key: 'k', Body: 'x' }));
  assert.equal(
    (await statusOf(s3.send(new DeleteBucketCommand({ Bucket: 'media-one' })))).name,
    'BucketNotEmpty',
  );
  await s3.send(new DeleteObjectCommand({ Bucket: 'media-one', Key: 'k' }));
  await s3.send(new DeleteBucketCommand({ Bucket: 'media-one' }));
  assert.equal(
    (await statusOf(s3.send(new ListObjectsV2Command({ Bucket: 'media-one' })))).name,
    'NoSuchBucket',
  );
});

test('objects round-trip with metadata, checksums, ranges and conditionals', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const body = randomBytes(100_000);
  const put = await s3.send(
    new PutObjectCommand({
      Bucket: 'media',
      Key: 'dir/a&b <c>.bin',
      Body: body,
      ContentType: 'video/mp4',
      CacheControl: 'max-age=60',
      ContentDisposition: 'inline',
      ContentLanguage: 'ko',
      Metadata: { Owner: 'junlog' },
    }),
  );
  const md5 = createHash('md5').update(body).digest('hex');
  assert.equal(put.ETag, `"${md5}"`);
  assert.ok(put.ChecksumCRC32, 'the SDK default CRC32 checksum comes back on PutObject');

  const got = await s3.send(
    new GetObjectCommand({ Bucket: 'media', Key: 'dir/a&b <c>.bin', ChecksumMode: 'ENABLED' }),
  );
  const bytes = Buffer.from(await got.Body!.transformToByteArray());
  assert.ok(bytes.equals(body));
  assert.equal(got.ContentType, 'video/mp4');
  assert.equal(got.CacheControl, 'max-age=60');
  assert.equal(got.ContentLanguage, 'ko');
  assert.deepEqual(got.Metadata, { owner: 'junlog' });
  assert.equal(got.ChecksumCRC32, put.ChecksumCRC32);
  assert.equal(got.AcceptRanges, 'bytes');

  const ranged = await s3.send(
    new GetObjectCommand({ Bucket: 'media', Key: 'dir/a&b <c>.bin', Range: 'bytes=-10' }),
  );
  assert.equal(ranged.ContentRange, `bytes 99990-99999/100000`);
  assert.ok(Buffer.from(await ranged.Body!.transformToByteArray()).equals(body.subarray(99990)));
  assert.equal(
    (
      await statusOf(
        s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'dir/a&b <c>.bin', Range: 'bytes=100000-' })),
      )
    ).name,
    'InvalidRange',
  );
  const notModified = await statusOf(
    s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'dir/a&b <c>.bin', IfNoneMatch: put.ETag })),
  );
  assert.equal(notModified.status, 304);
  const failed = await statusOf(
    s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'dir/a&b <c>.bin', IfMatch: '"nope"' })),
  );
  assert.deepEqual(failed, { name: 'PreconditionFailed', status: 412 });
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'dir/a&b <c>.bin' }));
  assert.equal(head.ContentLength, 100_000);
  assert.equal(head.ETag, put.ETag);
  assert.deepEqual(await statusOf(s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'missing' }))), {
    name: 'NotFound',
    status: 404,
  });
  assert.equal(
    (await statusOf(s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'missing' })))).name,
    'NoSuchKey',
  );
  const overridden = await s3.send(
    new GetObjectCommand({ Bucket: 'media', Key: 'dir/a&b <c>.bin', ResponseContentType: 'text/plain' }),
  );
  assert.equal(overridden.ContentType, 'text/plain');
  await overridden.Body?.transformToByteArray();
});

test('a wrong checksum or Content-MD5 is refused with BadDigest and nothing is stored', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const bad = await statusOf(
    s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'hello', ChecksumCRC32: 'AAAAAA==' })),
  );
  assert.deepEqual(bad, { name: 'BadDigest', status: 400 });
  const badMd5 = await statusOf(
    s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'k',
        Body: 'hello',
        ContentMD5: createHash('md5').update('x').digest('base64'),
      }),
    ),
  );
  assert.equal(badMd5.name, 'BadDigest');
  assert.equal((await statusOf(s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'k' })))).status, 404);
});

test('copy, list (v1, v2, versions) and batch delete behave like S3', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  for (const key of ['a/1.txt', 'a/2.txt', 'b/3.txt', 'c.txt']) {
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: key, ContentType: 'text/plain' }));
  }
  const copy = await s3.send(
    new CopyObjectCommand({ Bucket: 'media', Key: 'copy.txt', CopySource: 'media/a%2F1.txt' }),
  );
  assert.ok(copy.CopyObjectResult?.ETag);
  const copied = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'copy.txt' }));
  assert.equal(await copied.Body!.transformToString(), 'a/1.txt');
  assert.equal(copied.ContentType, 'text/plain');
  const self = await statusOf(
    s3.send(new CopyObjectCommand({ Bucket: 'media', Key: 'c.txt', CopySource: '/media/c.txt' })),
  );
  assert.equal(self.name, 'InvalidRequest');
  const replaced = await s3.send(
    new CopyObjectCommand({
      Bucket: 'media',
      Key: 'c.txt',
      CopySource: '/media/c.txt',
      MetadataDirective: 'REPLACE',
      ContentType: 'application/json',
    }),
  );
  assert.ok(replaced.CopyObjectResult);
  assert.equal(
    (await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'c.txt' }))).ContentType,
    'application/json',
  );

  const v2 = await s3.send(new ListObjectsV2Command({ Bucket: 'media', Delimiter: '/', MaxKeys: 2 }));
  assert.equal(v2.KeyCount, 2);
  assert.deepEqual(
    v2.CommonPrefixes?.map((p) => p.Prefix),
    ['a/', 'b/'],
  );
  assert.equal(v2.IsTruncated, true);
  const rest = await s3.send(
    new ListObjectsV2Command({
      Bucket: 'media',
      Delimiter: '/',
      ContinuationToken: v2.NextContinuationToken,
    }),
  );
  assert.deepEqual(
    rest.Contents?.map((c) => c.Key),
    ['c.txt', 'copy.txt'],
  );
  const badToken = await statusOf(
    s3.send(new ListObjectsV2Command({ Bucket: 'media', ContinuationToken: 'garbage' })),
  );
  assert.equal(badToken.name, 'InvalidArgument');
  const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'media', Prefix: 'a/', Marker: 'a/1.txt' }));
  assert.deepEqual(
    v1.Contents?.map((c) => c.Key),
    ['a/2.txt'],
  );
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'media', Prefix: 'b/' }));
  assert.equal(versions.Versions?.[0].VersionId, 'null');
  assert.equal(versions.Versions?.[0].IsLatest, true);

  const deleted = await s3.send(
    new DeleteObjectsCommand({
      Bucket: 'media',
      Delete: { Objects: [{ Key: 'a/1.txt' }, { Key: 'never-existed' }] },
    }),
  );
  assert.deepEqual(deleted.Deleted?.map((d) => d.Key).sort(), ['a/1.txt', 'never-existed']);
  const quiet = await s3.send(
    new DeleteObjectsCommand({ Bucket: 'media', Delete: { Objects: [{ Key: 'a/2.txt' }], Quiet: true } }),
  );
  assert.equal(quiet.Deleted, undefined);
  const left = await s3.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: 'a/' }));
  assert.equal(left.KeyCount, 0);
});

test('multipart uploads assemble parts, copy ranges and report S3 errors', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const part1 = randomBytes(5 * 1024 * 1024);
  const part2 = randomBytes(1000);
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'src', Body: part2 }));
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'big', ContentType: 'video/mp4' }),
  );
  const p1 = await s3.send(
    new UploadPartCommand({ Bucket: 'media', Key: 'big', UploadId, PartNumber: 1, Body: part1 }),
  );
  const p2 = await s3.send(
    new UploadPartCopyCommand({
      Bucket: 'media',
      Key: 'big',
      UploadId,
      PartNumber: 2,
      CopySource: 'media/src',
      CopySourceRange: 'bytes=0-499',
    }),
  );
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'media' }));
  assert.deepEqual(
    uploads.Uploads?.map((u) => u.UploadId),
    [UploadId],
  );
  const parts = await s3.send(new ListPartsCommand({ Bucket: 'media', Key: 'big', UploadId }));
  assert.deepEqual(
    parts.Parts?.map((p) => p.Size),
    [part1.length, 500],
  );
  const order = await statusOf(
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: 'big',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 2, ETag: p2.CopyPartResult?.ETag },
            { PartNumber: 1, ETag: p1.ETag },
          ],
        },
      }),
    ),
  );
  assert.equal(order.name, 'InvalidPartOrder');
  const done = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'media',
      Key: 'big',
      UploadId,
      MultipartUpload: {
        Parts: [
          { PartNumber: 1, ETag: p1.ETag },
          { PartNumber: 2, ETag: p2.CopyPartResult?.ETag },
        ],
      },
    }),
  );
  const expectedEtag = createHash('md5')
    .update(
      Buffer.concat([
        createHash('md5').update(part1).digest(),
        createHash('md5').update(part2.subarray(0, 500)).digest(),
      ]),
    )
    .digest('hex');
  assert.equal(done.ETag, `"${expectedEtag}-2"`);
  const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'big', PartNumber: 2 }));
  assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(part2.subarray(0, 500)));
  assert.equal(got.PartsCount, 2);

  const small = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'small' }));
  const s1 = await s3.send(
    new UploadPartCommand({
      Bucket: 'media',
      Key: 'small',
      UploadId: small.UploadId,
      PartNumber: 1,
      Body: 'tiny',
    }),
  );
  const s2 = await s3.send(
    new UploadPartCommand({
      Bucket: 'media',
      Key: 'small',
      UploadId: small.UploadId,
      PartNumber: 2,
      Body: 'tiny',
    }),
  );
  const tooSmall = await statusOf(
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: 'small',
        UploadId: small.UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: s1.ETag },
            { PartNumber: 2, ETag: s2.ETag },
          ],
        },
      }),
    ),
  );
  assert.equal(tooSmall.name, 'EntityTooSmall');
  await s3.send(new AbortMultipartUploadCommand({ Bucket: 'media', Key: 'small', UploadId: small.UploadId }));
  const gone = await statusOf(
    s3.send(new ListPartsCommand({ Bucket: 'media', Key: 'small', UploadId: small.UploadId })),
  );
  assert.deepEqual(gone, { name: 'NoSuchUpload', status: 404 });
});

test('bucket CORS configuration is stored, returned and deleted', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  assert.equal(
    (await statusOf(s3.send(new GetBucketCorsCommand({ Bucket: 'media' })))).name,
    'NoSuchCORSConfiguration',
  );
  const rules = [
    {
      AllowedOrigins: ['https://local.junlog.dev:3000'],
      AllowedMethods: ['GET', 'HEAD'],
      AllowedHeaders: ['*'],
      MaxAgeSeconds: 3000,
    },
  ];
  await s3.send(new PutBucketCorsCommand({ Bucket: 'media', CORSConfiguration: { CORSRules: rules } }));
  const got = await s3.send(new GetBucketCorsCommand({ Bucket: 'media' }));
  assert.deepEqual(got.CORSRules, rules);
  const bad = await statusOf(
    s3.send(
      new PutBucketCorsCommand({
        Bucket: 'media',
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] },
      }),
    ),
  );
  assert.equal(bad.name, 'InvalidRequest');
  await s3.send(new DeleteBucketCorsCommand({ Bucket: 'media' }));
  assert.equal(
    (await statusOf(s3.send(new GetBucketCorsCommand({ Bucket: 'media' })))).name,
    'NoSuchCORSConfiguration',
  );
});

test('presigned URLs work anonymously until they expire; bad secrets and skew are refused', async (t) => {
  let clock = new Date();
  const { s3, client, service } = await start(t, { now: () => clock });
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'v.mp4', Body: 'video' }));
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'media', Key: 'v.mp4' }), {
    expiresIn: 60,
  });
  const ok = await fetch(url);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'video');
  clock = new Date(Date.now() + 120_000);
  const expired = await fetch(url);
  assert.equal(expired.status, 403);
  assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired/);
  clock = new Date(Date.now() + 60 * 60_000);
  // One attempt: the SDK would otherwise correct its clock from our Date header and retry.
  const once = client(undefined, 1);
  assert.equal((await statusOf(once.send(new ListBucketsCommand({})))).name, 'RequestTimeTooSkewed');
  clock = new Date();
  const wrong = client({ accessKeyId, secretAccessKey: 'wrong-secret' });
  assert.deepEqual(await statusOf(wrong.send(new ListBucketsCommand({}))), {
    name: 'SignatureDoesNotMatch',
    status: 403,
  });
  const unknown = client({ accessKeyId: 'AKIANOTKNOWN', secretAccessKey });
  assert.equal((await statusOf(unknown.send(new ListBucketsCommand({})))).name, 'InvalidAccessKeyId');
  const plain = await fetch(`${service.url}/media/v.mp4`);
  assert.equal(plain.status, 403);
  assert.match(plain.headers.get('x-amz-request-id') ?? '', /^[0-9A-F]{16}$/);
});

test('anonymous reads follow the object ACL; the bucket ACL decides listing and writes', async (t) => {
  const { s3, service } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'public-media', ACL: 'public-read' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'private-media' }));
  await s3.send(
    new PutObjectCommand({ Bucket: 'public-media', Key: 'a.txt', Body: 'public', ACL: 'public-read' }),
  );
  await s3.send(new PutObjectCommand({ Bucket: 'public-media', Key: 'private.txt', Body: 'private' }));
  assert.equal((await fetch(`${service.url}/public-media/private.txt`)).status, 403);
  await s3.send(new PutObjectCommand({ Bucket: 'private-media', Key: 'a.txt', Body: 'secret' }));
  await s3.send(
    new PutObjectCommand({ Bucket: 'private-media', Key: 'open.txt', Body: 'open', ACL: 'public-read' }),
  );
  assert.equal(await (await fetch(`${service.url}/public-media/a.txt`)).text(), 'public');
  assert.equal((await fetch(`${service.url}/private-media/a.txt`)).status, 403);
  assert.equal(await (await fetch(`${service.url}/private-media/open.txt`)).text(), 'open');
  assert.equal((await fetch(`${service.url}/public-media/missing`)).status, 404);
  assert.equal((await fetch(`${service.url}/private-media/missing`)).status, 403);
  assert.equal((await fetch(`${service.url}/public-media/a.txt`, { method: 'PUT', body: 'x' })).status, 403);
});

test('virtual-hosted requests resolve the bucket from the Host header', async (t) => {
  const { s3, service } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'junlog-media', ACL: 'public-read' }));
  await s3.send(
    new PutObjectCommand({ Bucket: 'junlog-media', Key: 'videos/a.mp4', Body: 'clip', ACL: 'public-read' }),
  );
  const { request } = await import('undici');
  for (const host of [
    'junlog-media.s3.ap-northeast-2.amazonaws.com',
    `junlog-media.s3.localhost:${service.address.port}`,
  ]) {
    const res = await request(`${service.url}/videos/a.mp4`, { headers: { host } });
    assert.equal(res.statusCode, 200, host);
    assert.equal(await res.body.text(), 'clip');
  }
});

test('origin access credentials reach only buckets that allow their distribution', async (t) => {
  const config = parseS3Config(
    {
      listen: '127.0.0.1:0',
      credentials: [{ accessKeyId, secretAccessKey }],
      buckets: [{ name: 'junlog-media', allowedDistributions: ['E1JUNLOGDEV'] }, { name: 'other-media' }],
    },
    createConfigContext(process.cwd()),
  );
  const oac = {
    distributionId: 'E1JUNLOGDEV',
    accessKeyId: 'FGOACE1JUNLOGDEV',
    secretAccessKey: randomBytes(20).toString('hex'),
  };
  const service = await startS3Service(config, {
    store: createMemoryObjectStore(),
    logger: silentLogger,
    originAccessCredentials: [oac],
  });
  t.after(() => service.close());
  const make = (creds: { accessKeyId: string; secretAccessKey: string }, region = 'us-east-1') =>
    new S3Client({ endpoint: service.url, region, forcePathStyle: true, credentials: creds, maxAttempts: 1 });
  const admin = make({ accessKeyId, secretAccessKey });
  await admin.send(new PutObjectCommand({ Bucket: 'junlog-media', Key: 'v.mp4', Body: 'clip' }));
  await admin.send(new PutObjectCommand({ Bucket: 'other-media', Key: 'v.mp4', Body: 'clip' }));
  const edge = make(oac);
  const got = await edge.send(new GetObjectCommand({ Bucket: 'junlog-media', Key: 'v.mp4' }));
  assert.equal(await got.Body!.transformToString(), 'clip');
  assert.deepEqual(await statusOf(edge.send(new GetObjectCommand({ Bucket: 'other-media', Key: 'v.mp4' }))), {
    name: 'AccessDenied',
    status: 403,
  });
  assert.equal(
    (await statusOf(edge.send(new ListObjectsV2Command({ Bucket: 'junlog-media' })))).name,
    'AccessDenied',
  );
  const wrongRegion = make({ accessKeyId, secretAccessKey }, 'eu-west-1');
  assert.equal(
    (await statusOf(wrongRegion.send(new ListObjectsV2Command({ Bucket: 'junlog-media' })))).name,
    'AuthorizationHeaderMalformed',
  );
});

test('an upload cut off by the client stores nothing and leaves the old object intact', async (t) => {
  const { s3, service, store } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media', ACL: 'public-read-write' }));
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'original' }));
  const { connect } = await import('node:net');
  const socket = connect(service.address.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'media', Key: 'k' }), { expiresIn: 60 });
  const target = url.slice(service.url.length);
  socket.write(
    `PUT ${target} HTTP/1.1\r\nHost: 127.0.0.1:${service.address.port}\r\nContent-Length: 1000\r\n\r\n`,
  );
  socket.write('x'.repeat(100));
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const after = await store.headObject('media', 'k');
  assert.equal(after?.size, 'original'.length);
  const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'k' }));
  assert.equal(await got.Body!.transformToString(), 'original');
});
