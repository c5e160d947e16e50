// Anonymous access decided as S3 decides it (AWS "Access control list (ACL) overview"): the object's ACL
// decides reads, the bucket's ACL decides listing and writes; every canned ACL S3 accepts; an ACL of no
// grants; a us-east-1 re-create resetting the ACL. Against a real listener, the SDK as the owner.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  type BucketCannedACL,
  CreateBucketCommand,
  GetBucketAclCommand,
  GetObjectAclCommand,
  type ObjectCannedACL,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const secretAccessKey = randomBytes(30).toString('base64');
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

const CANNED = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;

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
  return { url: service.url, s3, store };
}

test('anonymous GET/HEAD follow the object ACL and PUT/DELETE the bucket ACL, for every canned pair', async (t) => {
  const { url, s3 } = await start(t);
  const objectReadable = new Set(['public-read', 'public-read-write']);
  const failures: string[] = [];
  for (const [b, bucketAcl] of CANNED.entries()) {
    const bucket = `matrix-${b}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ACL: bucketAcl as BucketCannedACL }));
    const bucketWritable = bucketAcl === 'public-read-write';
    const bucketListable = bucketAcl === 'public-read' || bucketAcl === 'public-read-write';
    for (const [o, objectAcl] of CANNED.entries()) {
      const key = `object-${o}`;
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'secret', ACL: objectAcl as ObjectCannedACL }),
      );
      const pair = `bucket ${bucketAcl} × object ${objectAcl}`;
      const readStatus = objectReadable.has(objectAcl) ? 200 : 403;
      const get = await fetch(`${url}/${bucket}/${key}`);
      const body = await get.text();
      if (get.status !== readStatus) failures.push(`${pair}: GET ${get.status}, want ${readStatus}`);
      if (readStatus === 403 && body.includes('secret')) failures.push(`${pair}: GET leaked the body`);
      const head = await fetch(`${url}/${bucket}/${key}`, { method: 'HEAD' });
      if (head.status !== readStatus) failures.push(`${pair}: HEAD ${head.status}, want ${readStatus}`);
      const put = await fetch(`${url}/${bucket}/${key}-new`, { method: 'PUT', body: 'x' });
      await put.arrayBuffer();
      if (put.status !== (bucketWritable ? 200 : 403)) failures.push(`${pair}: PUT ${put.status}`);
      const del = await fetch(`${url}/${bucket}/${key}`, { method: 'DELETE' });
      await del.arrayBuffer();
      if (del.status !== (bucketWritable ? 204 : 403)) failures.push(`${pair}: DELETE ${del.status}`);
    }
    const missing = await fetch(`${url}/${bucket}/no-such-key`);
    await missing.arrayBuffer();
    if (missing.status !== (bucketListable ? 404 : 403))
      failures.push(`bucket ${bucketAcl}: missing key ${missing.status}`);
  }
  assert.deepEqual(failures, []);
});

test('a private object in a public-read bucket is refused to anonymous readers without its body', async (t) => {
  const { url, s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'public-media', ACL: 'public-read' }));
  await s3.send(new PutObjectCommand({ Bucket: 'public-media', Key: 'private.txt', Body: 'do not leak' }));
  const get = await fetch(`${url}/public-media/private.txt`);
  assert.equal(get.status, 403);
  const text = await get.text();
  assert.match(text, /<Code>AccessDenied<\/Code>/);
  assert.doesNotMatch(text, /do not leak/);
  assert.equal((await fetch(`${url}/public-media/private.txt`, { method: 'HEAD' })).status, 403);
  const ranged = await fetch(`${url}/public-media/private.txt?partNumber=1`, {
    headers: { range: 'bytes=0-1' },
  });
  assert.equal(ranged.status, 403);
  assert.equal((await fetch(`${url}/public-media?list-type=2`)).status, 200, 'the bucket grant still lists');
});

test('the object-only canned ACLs are accepted on objects and grant the single owner FULL_CONTROL', async (t) => {
  const { s3 } = await start(t);
  await s3.send(
    new CreateBucketCommand({ Bucket: 'uploads', ACL: 'bucket-owner-full-control' as BucketCannedACL }),
  );
  const bucketAcl = await s3.send(new GetBucketAclCommand({ Bucket: 'uploads' }));
  assert.deepEqual(
    bucketAcl.Grants?.map((g) => g.Permission),
    ['FULL_CONTROL'],
    'S3 ignores bucket-owner-* on a bucket: it stays private',
  );
  for (const acl of ['bucket-owner-full-control', 'bucket-owner-read', 'aws-exec-read'] as const) {
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: acl, Body: 'x', ACL: acl }));
    const got = await s3.send(new GetObjectAclCommand({ Bucket: 'uploads', Key: acl }));
    assert.deepEqual(
      got.Grants?.map((g) => [g.Grantee?.Type, g.Permission]),
      [['CanonicalUser', 'FULL_CONTROL']],
      acl,
    );
    await s3.send(new PutObjectAclCommand({ Bucket: 'uploads', Key: acl, ACL: acl }));
  }
  await assert.rejects(
    s3.send(
      new PutObjectCommand({
        Bucket: 'uploads',
        Key: 'k',
        Body: 'x',
        ACL: 'log-delivery-write' as ObjectCannedACL,
      }),
    ),
    { name: 'InvalidArgument' },
  );
});

test('an AccessControlPolicy with no grants is stored with no grants, and anonymous reads stay refused', async (t) => {
  const { url, s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'bare', ACL: 'public-read' }));
  await s3.send(new PutObjectCommand({ Bucket: 'bare', Key: 'k', Body: 'x', ACL: 'public-read' }));
  const owner = (await s3.send(new GetBucketAclCommand({ Bucket: 'bare' }))).Owner;
  await s3.send(
    new PutBucketAclCommand({ Bucket: 'bare', AccessControlPolicy: { Owner: owner, Grants: [] } }),
  );
  await s3.send(
    new PutObjectAclCommand({ Bucket: 'bare', Key: 'k', AccessControlPolicy: { Owner: owner, Grants: [] } }),
  );
  const bucketAcl = await s3.send(new GetBucketAclCommand({ Bucket: 'bare' }));
  assert.deepEqual(bucketAcl.Grants ?? [], []);
  assert.equal(bucketAcl.Owner?.ID, owner?.ID);
  assert.deepEqual((await s3.send(new GetObjectAclCommand({ Bucket: 'bare', Key: 'k' }))).Grants ?? [], []);
  assert.equal((await fetch(`${url}/bare/k`)).status, 403);
  assert.equal((await fetch(`${url}/bare?list-type=2`)).status, 403);
});

test('re-creating an owned bucket in us-east-1 answers 200 and resets its ACL', async (t) => {
  const { url, s3 } = await start(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'again', ACL: 'public-read' }));
  assert.equal((await fetch(`${url}/again?list-type=2`)).status, 200);
  await s3.send(new CreateBucketCommand({ Bucket: 'again' }));
  const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'again' }));
  assert.equal(
    acl.Grants?.some((g) => g.Grantee?.URI === ALL_USERS),
    false,
  );
  assert.equal((await fetch(`${url}/again?list-type=2`)).status, 403);
  await s3.send(new CreateBucketCommand({ Bucket: 'again', ACL: 'public-read-write' }));
  const reset = await s3.send(new GetBucketAclCommand({ Bucket: 'again' }));
  assert.deepEqual(
    reset.Grants?.filter((g) => g.Grantee?.URI === ALL_USERS).map((g) => g.Permission),
    ['READ', 'WRITE'],
  );
});
