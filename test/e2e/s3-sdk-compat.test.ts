// S3 behaviours real clients and peer suites (ceph s3-tests) lean on, through the AWS SDK v3: repeated
// Complete, ListParts/ListMultipartUploads paging, composite checksums, conditional PUT, canned ACLs,
// versioning refusal, CreateBucket rules, copy-source forms, object header round-trips.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketAclCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { signRequestSigV4 } from '../../src/signer/sigv4/index.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const secretAccessKey = randomBytes(30).toString('base64');
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

async function start(t: import('node:test').TestContext, region = 'us-east-1') {
  const config = parseS3Config(
    { listen: '127.0.0.1:0', region, credentials: [{ accessKeyId, secretAccessKey }] },
    createConfigContext(process.cwd()),
  );
  const store = createMemoryObjectStore();
  const service = await startS3Service(config, { store, logger: silentLogger });
  t.after(() => service.close());
  const s3 = new S3Client({
    endpoint: service.url,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  return { service, s3, store };
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  return { name: 'none' };
}

/** CRC32 as S3 sends it: big-endian digest bytes, base64. */
function crc32Bytes(data: Buffer): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data));
  return out;
}

test('a repeated CompleteMultipartUpload with the same parts succeeds again with the same ETag', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'k' }));
  const part = await s3.send(
    new UploadPartCommand({ Bucket: 'media', Key: 'k', UploadId, PartNumber: 1, Body: 'only' }),
  );
  const complete = () =>
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: 'k',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
  const first = await complete();
  const again = await complete();
  assert.equal(again.ETag, first.ETag);
  assert.match(first.ETag ?? '', /^"[0-9a-f]{32}-1"$/);
  // Every other operation on a completed upload still answers NoSuchUpload.
  assert.equal(
    (await failure(s3.send(new ListPartsCommand({ Bucket: 'media', Key: 'k', UploadId })))).name,
    'NoSuchUpload',
  );
  const other = await failure(
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: 'k',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] },
      }),
    ),
  );
  assert.equal(other.name, 'NoSuchUpload');
});

test('ListParts pages with max-parts and part-number-marker', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'k' }));
  for (const n of [1, 2, 3, 4, 5]) {
    await s3.send(
      new UploadPartCommand({ Bucket: 'media', Key: 'k', UploadId, PartNumber: n, Body: `p${n}` }),
    );
  }
  const first = await s3.send(new ListPartsCommand({ Bucket: 'media', Key: 'k', UploadId, MaxParts: 2 }));
  assert.deepEqual(
    first.Parts?.map((p) => p.PartNumber),
    [1, 2],
  );
  assert.equal(first.IsTruncated, true);
  assert.equal(first.MaxParts, 2);
  assert.equal(first.NextPartNumberMarker, '2');
  const second = await s3.send(
    new ListPartsCommand({ Bucket: 'media', Key: 'k', UploadId, MaxParts: 2, PartNumberMarker: '2' }),
  );
  assert.deepEqual(
    second.Parts?.map((p) => p.PartNumber),
    [3, 4],
  );
  assert.equal(second.PartNumberMarker, '2');
  const last = await s3.send(
    new ListPartsCommand({
      Bucket: 'media',
      Key: 'k',
      UploadId,
      PartNumberMarker: second.NextPartNumberMarker,
    }),
  );
  assert.deepEqual(
    last.Parts?.map((p) => p.PartNumber),
    [5],
  );
  assert.equal(last.IsTruncated, false);
  assert.equal(
    (await failure(s3.send(new ListPartsCommand({ Bucket: 'media', Key: 'k', UploadId, MaxParts: -1 }))))
      .name,
    'InvalidArgument',
  );
});

test('ListMultipartUploads pages by key and upload id and rolls keys up with a delimiter', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const ids: Record<string, string[]> = {};
  for (const key of ['a/1', 'a/2', 'b', 'b', 'c']) {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: key }));
    (ids[key] ??= []).push(UploadId!);
    await new Promise((resolve) => setTimeout(resolve, 2)); // distinct initiation times order same-key uploads
  }
  const all = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'media' }));
  assert.deepEqual(
    all.Uploads?.map((u) => u.Key),
    ['a/1', 'a/2', 'b', 'b', 'c'],
  );
  const page1 = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'media', MaxUploads: 3 }));
  assert.equal(page1.IsTruncated, true);
  assert.equal(page1.MaxUploads, 3);
  assert.equal(page1.NextKeyMarker, 'b');
  assert.equal(page1.NextUploadIdMarker, ids.b[0]);
  const page2 = await s3.send(
    new ListMultipartUploadsCommand({
      Bucket: 'media',
      KeyMarker: page1.NextKeyMarker,
      UploadIdMarker: page1.NextUploadIdMarker,
    }),
  );
  assert.deepEqual(
    page2.Uploads?.map((u) => [u.Key, u.UploadId]),
    [
      ['b', ids.b[1]],
      ['c', ids.c[0]],
    ],
  );
  assert.equal(page2.IsTruncated, false);
  const afterKey = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'media', KeyMarker: 'b' }));
  assert.deepEqual(
    afterKey.Uploads?.map((u) => u.Key),
    ['c'],
  );
  const rolled = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'media', Delimiter: '/' }));
  assert.deepEqual(
    rolled.CommonPrefixes?.map((p) => p.Prefix),
    ['a/'],
  );
  assert.deepEqual(
    rolled.Uploads?.map((u) => u.Key),
    ['b', 'b', 'c'],
  );
  const prefixed = await s3.send(
    new ListMultipartUploadsCommand({ Bucket: 'media', Prefix: 'a/', MaxUploads: 1 }),
  );
  assert.deepEqual(
    prefixed.Uploads?.map((u) => u.Key),
    ['a/1'],
  );
  assert.equal(prefixed.IsTruncated, true);
});

test('parts uploaded with CRC32 checksums give the object a COMPOSITE checksum', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'big', ChecksumAlgorithm: 'CRC32' }),
  );
  const bodies = [randomBytes(5 * 1024 * 1024), randomBytes(1234)];
  const parts = [];
  for (const [i, body] of bodies.entries()) {
    const res = await s3.send(
      new UploadPartCommand({
        Bucket: 'media',
        Key: 'big',
        UploadId,
        PartNumber: i + 1,
        Body: body,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    assert.equal(res.ChecksumCRC32, crc32Bytes(body).toString('base64'));
    parts.push({ PartNumber: i + 1, ETag: res.ETag, ChecksumCRC32: res.ChecksumCRC32 });
  }
  const listed = await s3.send(new ListPartsCommand({ Bucket: 'media', Key: 'big', UploadId }));
  assert.deepEqual(
    listed.Parts?.map((p) => p.ChecksumCRC32),
    parts.map((p) => p.ChecksumCRC32),
  );
  const wrong = await failure(
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: 'big',
        UploadId,
        MultipartUpload: { Parts: [parts[0], { ...parts[1], ChecksumCRC32: 'AAAAAA==' }] },
      }),
    ),
  );
  assert.equal(wrong.name, 'InvalidPart');
  const expected = `${crc32Bytes(Buffer.concat(bodies.map(crc32Bytes))).toString('base64')}-2`;
  const done = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'media',
      Key: 'big',
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
  assert.equal(done.ChecksumCRC32, expected);
  assert.equal(done.ChecksumType, 'COMPOSITE');
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'big', ChecksumMode: 'ENABLED' }));
  assert.equal(head.ChecksumCRC32, expected);
  assert.equal(head.ChecksumType, 'COMPOSITE');
  const plainHead = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'big' }));
  assert.equal(plainHead.ChecksumCRC32, undefined);
});

test('conditional PUT: If-None-Match * and If-Match guard the write', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const created = await s3.send(
    new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'one', IfNoneMatch: '*' }),
  );
  assert.deepEqual(
    await failure(
      s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'two', IfNoneMatch: '*' })),
    ),
    { name: 'PreconditionFailed', status: 412 },
  );
  assert.deepEqual(
    await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: 'media',
          Key: 'k',
          Body: 'two',
          IfMatch: '"0123456789abcdef0123456789abcdef"',
        }),
      ),
    ),
    { name: 'PreconditionFailed', status: 412 },
  );
  assert.deepEqual(
    await failure(
      s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'absent', Body: 'x', IfMatch: created.ETag })),
    ),
    { name: 'NoSuchKey', status: 404 },
  );
  const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'k' }));
  assert.equal(await got.Body!.transformToString(), 'one');
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'three', IfMatch: created.ETag }));
  const after = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'k' }));
  assert.equal(await after.Body!.transformToString(), 'three');
});

test('canned ACLs can be read and set on buckets and objects, and change anonymous access', async (t) => {
  const { s3, service } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'a.txt', Body: 'a' }));
  const initial = await s3.send(new GetBucketAclCommand({ Bucket: 'media' }));
  assert.equal(initial.Owner?.ID, initial.Grants?.[0]?.Grantee?.ID);
  assert.equal(initial.Owner?.DisplayName, initial.Grants?.[0]?.Grantee?.DisplayName);
  assert.deepEqual(
    initial.Grants?.map((g) => [g.Grantee?.Type, g.Permission]),
    [['CanonicalUser', 'FULL_CONTROL']],
  );
  assert.equal((await fetch(`${service.url}/media/a.txt`)).status, 403);

  await s3.send(new PutObjectAclCommand({ Bucket: 'media', Key: 'a.txt', ACL: 'public-read' }));
  const objectAcl = await s3.send(new GetObjectAclCommand({ Bucket: 'media', Key: 'a.txt' }));
  assert.deepEqual(
    objectAcl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI, g.Permission]),
    [
      ['Group', ALL_USERS, 'READ'],
      ['CanonicalUser', undefined, 'FULL_CONTROL'],
    ],
  );
  assert.equal(await (await fetch(`${service.url}/media/a.txt`)).text(), 'a');
  assert.equal(
    (await failure(s3.send(new GetObjectAclCommand({ Bucket: 'media', Key: 'missing' })))).name,
    'NoSuchKey',
  );

  // The document form (what `put-bucket-acl --access-control-policy` sends) maps back to the canned ACL.
  await s3.send(
    new PutBucketAclCommand({
      Bucket: 'media',
      AccessControlPolicy: {
        Owner: initial.Owner,
        Grants: [
          ...(initial.Grants ?? []),
          { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
        ],
      },
    }),
  );
  const listed = await fetch(`${service.url}/media?list-type=2`);
  assert.equal(listed.status, 200, 'a public-read bucket lists anonymously');
  await s3.send(new PutBucketAclCommand({ Bucket: 'media', ACL: 'private' }));
  assert.equal((await fetch(`${service.url}/media?list-type=2`)).status, 403);
  const someoneElse = await failure(
    s3.send(
      new PutBucketAclCommand({
        Bucket: 'media',
        AccessControlPolicy: {
          Owner: initial.Owner,
          Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'f'.repeat(64) }, Permission: 'READ' }],
        },
      }),
    ),
  );
  assert.deepEqual(someoneElse, { name: 'NotImplemented', status: 501 });
});

test('versioning stays off: Enabled is refused with NotImplemented, Suspended is a no-op', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  assert.deepEqual(
    await failure(
      s3.send(
        new PutBucketVersioningCommand({ Bucket: 'media', VersioningConfiguration: { Status: 'Enabled' } }),
      ),
    ),
    { name: 'NotImplemented', status: 501 },
  );
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: 'media', VersioningConfiguration: { Status: 'Suspended' } }),
  );
  const got = await s3.send(new GetBucketVersioningCommand({ Bucket: 'media' }));
  assert.equal(got.Status, undefined);
});

test('CreateBucket: owner re-create, location constraints and naming rules', async (t) => {
  const east = await start(t);
  await east.s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  await east.s3.send(new CreateBucketCommand({ Bucket: 'media' })); // us-east-1 answers 200 again
  assert.deepEqual(
    await failure(
      east.s3.send(
        new CreateBucketCommand({
          Bucket: 'elsewhere',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    ),
    { name: 'IllegalLocationConstraintException', status: 400 },
  );
  assert.equal(
    (
      await failure(
        east.s3.send(
          new CreateBucketCommand({
            Bucket: 'explicit',
            CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as 'EU' },
          }),
        ),
      )
    ).name,
    'InvalidLocationConstraint',
  );
  for (const name of ['ab', 'a'.repeat(64), '192.168.5.4', 'a..b', 'a-.b', 'a.-b', 'Upper', '-ab', 'ab-']) {
    assert.equal(
      (await failure(east.s3.send(new CreateBucketCommand({ Bucket: name })))).name,
      'InvalidBucketName',
      name,
    );
  }
  await east.s3.send(new CreateBucketCommand({ Bucket: 'a'.repeat(63) }));

  const west = await start(t, 'eu-west-1');
  // The SDK adds its region as LocationConstraint by itself; a bare PUT shows what S3 says without one.
  const host = `127.0.0.1:${west.service.address.port}`;
  const signed = signRequestSigV4({
    method: 'PUT',
    host,
    rawPath: '/unplaced',
    payloadHash: createHash('sha256').digest('hex'),
    credentials: { accessKeyId, secretAccessKey },
    region: 'eu-west-1',
    service: 's3',
    now: new Date(),
  });
  const bare = await fetch(`${west.service.url}/unplaced`, { method: 'PUT', headers: signed.headers });
  assert.equal(bare.status, 400);
  assert.match(
    await bare.text(),
    /<Code>IllegalLocationConstraintException<\/Code><Message>The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.<\/Message>/,
  );
  await west.s3.send(
    new CreateBucketCommand({
      Bucket: 'media',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  assert.deepEqual(
    await failure(
      west.s3.send(
        new CreateBucketCommand({
          Bucket: 'media',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    ),
    { name: 'BucketAlreadyOwnedByYou', status: 409 },
  );
  const location = await west.s3.send(new GetBucketLocationCommand({ Bucket: 'media' }));
  assert.equal(location.LocationConstraint, 'eu-west-1');
});

test('CopyObject accepts every x-amz-copy-source form and validates the metadata directive', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const key = 'dir/a b+c 한글.txt';
  await s3.send(
    new PutObjectCommand({
      Bucket: 'media',
      Key: key,
      Body: 'source',
      ContentType: 'text/plain',
      Metadata: { m: '1' },
    }),
  );
  const encoded = `media/${key.split('/').map(encodeURIComponent).join('/')}`;
  for (const [i, source] of [encoded, `/${encoded}`, `${encoded}?versionId=null`].entries()) {
    await s3.send(new CopyObjectCommand({ Bucket: 'media', Key: `copy-${i}`, CopySource: source }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: `copy-${i}` }));
    assert.equal(await got.Body!.transformToString(), 'source', source);
    assert.deepEqual(got.Metadata, { m: '1' });
  }
  assert.equal(
    (
      await failure(
        s3.send(new CopyObjectCommand({ Bucket: 'media', Key: 'x', CopySource: `${encoded}?versionId=abc` })),
      )
    ).name,
    'InvalidArgument',
  );
  assert.equal(
    (
      await failure(
        s3.send(
          new CopyObjectCommand({
            Bucket: 'media',
            Key: 'x',
            CopySource: encoded,
            MetadataDirective: 'MOVE' as 'COPY',
          }),
        ),
      )
    ).name,
    'InvalidArgument',
  );
  assert.equal(
    (
      await failure(
        s3.send(new CopyObjectCommand({ Bucket: 'media', Key: 'x', CopySource: 'media/missing' })),
      )
    ).name,
    'NoSuchKey',
  );
  // Copy onto itself: refused with COPY, allowed with REPLACE (new metadata).
  assert.equal(
    (await failure(s3.send(new CopyObjectCommand({ Bucket: 'media', Key: key, CopySource: encoded })))).name,
    'InvalidRequest',
  );
  await s3.send(
    new CopyObjectCommand({
      Bucket: 'media',
      Key: key,
      CopySource: encoded,
      MetadataDirective: 'REPLACE',
      Metadata: { m: '2' },
    }),
  );
  const replaced = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: key }));
  assert.deepEqual(replaced.Metadata, { m: '2' });
  assert.equal(replaced.ContentType, 'binary/octet-stream', 'REPLACE takes the request headers only');
});

test('DeleteObjects refuses more than 1000 keys and reports per-key results', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const tooMany = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
  assert.deepEqual(
    await failure(s3.send(new DeleteObjectsCommand({ Bucket: 'media', Delete: { Objects: tooMany } }))),
    {
      name: 'MalformedXML',
      status: 400,
    },
  );
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'a b', Body: 'x' }));
  const res = await s3.send(
    new DeleteObjectsCommand({ Bucket: 'media', Delete: { Objects: [{ Key: 'a b' }, { Key: 'b' }] } }),
  );
  assert.deepEqual(
    res.Deleted?.map((d) => d.Key),
    ['a b', 'b'],
  );
});

test('listings: start-after past the end, max-keys 0 and bad values, fetch-owner, v1 NextMarker', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  for (const key of ['a/1', 'a/2', 'b', 'c'])
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: 'x' }));
  const beyond = await s3.send(new ListObjectsV2Command({ Bucket: 'media', StartAfter: 'zzz' }));
  assert.equal(beyond.KeyCount, 0);
  assert.equal(beyond.Contents, undefined);
  assert.equal(beyond.StartAfter, 'zzz');
  const zero = await s3.send(new ListObjectsV2Command({ Bucket: 'media', MaxKeys: 0 }));
  assert.equal(zero.KeyCount, 0);
  assert.equal(zero.IsTruncated, false);
  assert.equal(
    (await failure(s3.send(new ListObjectsV2Command({ Bucket: 'media', MaxKeys: -1 })))).name,
    'InvalidArgument',
  );
  const owned = await s3.send(new ListObjectsV2Command({ Bucket: 'media', FetchOwner: true, MaxKeys: 1 }));
  assert.ok(owned.Contents?.[0].Owner?.ID);
  const unowned = await s3.send(new ListObjectsV2Command({ Bucket: 'media', MaxKeys: 1 }));
  assert.equal(unowned.Contents?.[0].Owner, undefined);
  const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'media', MaxKeys: 2 }));
  assert.equal(v1.IsTruncated, true);
  assert.equal(v1.NextMarker, undefined, 'no NextMarker without a delimiter');
  const v1d = await s3.send(new ListObjectsCommand({ Bucket: 'media', MaxKeys: 2, Delimiter: '/' }));
  assert.equal(v1d.IsTruncated, true);
  assert.equal(v1d.NextMarker, 'b');
  const next = await s3.send(
    new ListObjectsCommand({ Bucket: 'media', Delimiter: '/', Marker: v1d.NextMarker }),
  );
  assert.deepEqual(
    next.Contents?.map((c) => c.Key),
    ['c'],
  );
});

test('odd keys, key and metadata limits, and stored headers round-trip on GET and HEAD', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  for (const key of ['a/', '/leading', 'q?x=1#h', 'sp ace', 'plus+sign', '%41']) {
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: key }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: key }));
    assert.equal(await got.Body!.transformToString(), key, key);
  }
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'media' }));
  assert.deepEqual(
    listed.Contents?.map((c) => c.Key),
    ['%41', '/leading', 'a/', 'plus+sign', 'q?x=1#h', 'sp ace'],
  );
  assert.deepEqual(
    await failure(s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k'.repeat(1025), Body: 'x' }))),
    {
      name: 'KeyTooLongError',
      status: 400,
    },
  );
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k'.repeat(1024), Body: 'x' }));
  assert.deepEqual(
    await failure(
      s3.send(
        new PutObjectCommand({ Bucket: 'media', Key: 'm', Body: 'x', Metadata: { big: 'v'.repeat(2048) } }),
      ),
    ),
    { name: 'MetadataTooLarge', status: 400 },
  );
  const expires = new Date('2030-01-02T03:04:05Z');
  await s3.send(
    new PutObjectCommand({
      Bucket: 'media',
      Key: 'page.html.gz',
      Body: 'gz-bytes',
      ContentEncoding: 'gzip',
      CacheControl: 'public, max-age=300',
      Expires: expires,
      ContentDisposition: 'attachment; filename="page.html"',
      ContentLanguage: 'en-GB',
    }),
  );
  for (const res of [
    await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'page.html.gz' })),
    await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'page.html.gz' })),
  ]) {
    assert.equal(res.ContentEncoding, 'gzip');
    assert.equal(res.CacheControl, 'public, max-age=300');
    assert.equal(res.Expires?.getTime(), expires.getTime());
    assert.equal(res.ContentDisposition, 'attachment; filename="page.html"');
    assert.equal(res.ContentLanguage, 'en-GB');
  }
});

test('ranges on an empty object are unsatisfiable; partNumber reads one part', async (t) => {
  const { s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'empty', Body: '' }));
  for (const range of ['bytes=0-', 'bytes=0-0', 'bytes=-1']) {
    assert.deepEqual(
      await failure(s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'empty', Range: range }))),
      {
        name: 'InvalidRange',
        status: 416,
      },
    );
  }
  const whole = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'empty' }));
  assert.equal(whole.ContentLength, 0);
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'single', Body: 'hello' }));
  const part = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'single', PartNumber: 1 }));
  assert.equal(await part.Body!.transformToString(), 'hello');
  assert.equal(part.PartsCount, 1);
  assert.equal(
    (await failure(s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'single', PartNumber: 2 })))).name,
    'InvalidPartNumber',
  );
});
