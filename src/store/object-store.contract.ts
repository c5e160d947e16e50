// The ObjectStore contract suite: every behaviour the S3 API relies on, run against each implementation
// (memory-object-store.test.ts, file-object-store.test.ts) so the two cannot drift apart.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, type TestContext, test } from 'node:test';
import type { ObjectStore, StoredObject, StoreErrorCode } from './object-store.ts';
import { StoreError } from './object-store.ts';

export type CreateStore = (t: TestContext) => Promise<ObjectStore>;

const mib = 1024 * 1024;
const plain = { userMetadata: {} };

function body(content: string | Buffer): Readable {
  return Readable.from([typeof content === 'string' ? Buffer.from(content) : content]);
}

async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function md5Etag(bytes: Buffer | string): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

function multipartEtag(parts: readonly Buffer[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(createHash('md5').update(part).digest());
  return `"${hash.digest('hex')}-${parts.length}"`;
}

function storeError(code: StoreErrorCode) {
  return (error: unknown) => error instanceof StoreError && error.code === code;
}

async function withBucket(t: TestContext, create: CreateStore, name = `b-${randomBytes(4).toString('hex')}`) {
  const store = await create(t);
  await store.createBucket(name, { region: 'us-east-1', acl: 'private' });
  return { store, bucket: name };
}

async function readObject(store: ObjectStore, bucket: string, key: string): Promise<Buffer> {
  const object = await store.headObject(bucket, key);
  assert.ok(object, `object ${key} exists`);
  return readStream(store.openObject(object));
}

/** Every key (and common prefix) a listing yields, page after page, following `lastReturned`. */
async function listAll(
  store: ObjectStore,
  bucket: string,
  options: { prefix?: string; delimiter?: string; maxKeys: number },
) {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await store.listObjects(bucket, { ...options, ...(after !== undefined ? { after } : {}) });
    assert.ok(result.objects.length + result.commonPrefixes.length <= options.maxKeys, 'page within maxKeys');
    keys.push(...result.objects.map((o) => o.key));
    prefixes.push(...result.commonPrefixes);
    if (!result.isTruncated) return { keys, prefixes };
    assert.ok(result.lastReturned !== undefined, 'a truncated page names its last entry');
    after = result.lastReturned;
  }
  throw new Error('listing did not terminate');
}

/** The listing S3 defines, computed the slow obvious way: sort by UTF-8 bytes, filter, roll up. */
function expectedListing(allKeys: readonly string[], prefix: string, delimiter: string | undefined) {
  const sorted = [...allKeys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const keys: string[] = [];
  const prefixes: string[] = [];
  for (const key of sorted) {
    if (!key.startsWith(prefix)) continue;
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (at < 0) keys.push(key);
    else {
      const common = key.slice(0, at + delimiter!.length);
      if (prefixes.at(-1) !== common) prefixes.push(common);
    }
  }
  return { keys, prefixes };
}

const hostileKeys = [
  '../../etc/passwd',
  '../',
  'a//b',
  '/leading-slash',
  'trailing/',
  '%2F',
  '%2e%2e%2f',
  'ünïcødé/ключ/キー/🙂',
  'with space and +plus',
  'back\\slash',
  '.',
  '..',
  'x'.repeat(1024),
  'é'.repeat(512),
  'control\u0001chars\u007f',
  'tab\tnew\nline',
];

export function objectStoreContract(name: string, create: CreateStore): void {
  describe(`${name} ObjectStore contract`, () => {
    describe('buckets', () => {
      test('a created bucket is found, listed, updated and deleted', async (t) => {
        const store = await create(t);
        const created = await store.createBucket('alpha', { region: 'eu-west-1', acl: 'public-read' });
        assert.equal(created.region, 'eu-west-1');
        assert.equal(created.acl, 'public-read');
        assert.equal(created.cors, null);
        assert.deepEqual(created.allowedDistributionIds, []);
        await store.createBucket('beta', { region: 'us-east-1', acl: 'private' });
        assert.deepEqual(
          (await store.listBuckets()).map((b) => b.name),
          ['alpha', 'beta'],
        );
        const cors = { CORSRules: [{ AllowedOrigin: ['*'], AllowedMethod: ['GET'] }] };
        const updated = await store.updateBucket('alpha', { cors, allowedDistributionIds: ['E1'] });
        assert.deepEqual(updated.cors, cors);
        assert.deepEqual(updated.allowedDistributionIds, ['E1']);
        assert.equal(updated.acl, 'public-read');
        assert.deepEqual((await store.getBucket('alpha'))?.cors, cors);
        await store.deleteBucket('alpha');
        assert.equal(await store.getBucket('alpha'), undefined);
      });

      test('creating an existing bucket fails with BucketAlreadyOwnedByYou', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        await assert.rejects(
          store.createBucket(bucket, { region: 'us-east-1', acl: 'private' }),
          storeError('BucketAlreadyOwnedByYou'),
        );
      });

      test('a bucket with objects or uploads is not deleted', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        await store.putObject(bucket, 'k', body('v'), plain);
        await assert.rejects(store.deleteBucket(bucket), storeError('BucketNotEmpty'));
        await store.deleteObject(bucket, 'k');
        const upload = await store.createMultipartUpload(bucket, 'm', plain);
        await assert.rejects(store.deleteBucket(bucket), storeError('BucketNotEmpty'));
        await store.abortMultipartUpload(upload);
        await store.deleteBucket(bucket);
      });

      test('operations on a missing bucket fail with NoSuchBucket', async (t) => {
        const store = await create(t);
        await assert.rejects(store.deleteBucket('nope'), storeError('NoSuchBucket'));
        await assert.rejects(store.updateBucket('nope', { acl: 'private' }), storeError('NoSuchBucket'));
        await assert.rejects(store.putObject('nope', 'k', body('v'), plain), storeError('NoSuchBucket'));
        await assert.rejects(store.listObjects('nope', { maxKeys: 10 }), storeError('NoSuchBucket'));
        await assert.rejects(store.createMultipartUpload('nope', 'k', plain), storeError('NoSuchBucket'));
      });
    });

    describe('objects', () => {
      for (const key of hostileKeys) {
        test(`the key ${JSON.stringify(key.length > 40 ? `${key.slice(0, 20)}…(${Buffer.byteLength(key)} bytes)` : key)} round-trips exactly`, async (t) => {
          const { store, bucket } = await withBucket(t, create);
          const content = `content of ${key}`;
          const put = await store.putObject(bucket, key, body(content), plain);
          assert.equal(put.key, key);
          const head = await store.headObject(bucket, key);
          assert.equal(head?.key, key);
          assert.equal((await readObject(store, bucket, key)).toString(), content);
          const listed = await store.listObjects(bucket, { prefix: key, maxKeys: 10 });
          assert.deepEqual(
            listed.objects.map((o) => o.key),
            [key],
          );
        });
      }

      test('keys longer than 1024 UTF-8 bytes are refused', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        await assert.rejects(store.putObject(bucket, 'é'.repeat(513), body('v'), plain), RangeError);
      });

      test('a put returns size, quoted MD5 ETag, metadata and last-modified time', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const metadata = {
          contentType: 'text/plain',
          cacheControl: 'max-age=60',
          contentDisposition: 'attachment',
          userMetadata: { colour: 'blue', 'x-y': 'ü' },
          checksum: { algorithm: 'SHA256' as const, value: 'abc=', type: 'FULL_OBJECT' as const },
          acl: 'public-read' as const,
        };
        const before = Date.now();
        const put = await store.putObject(bucket, 'doc.txt', body('hello world'), metadata);
        assert.equal(put.size, 11);
        assert.equal(put.etag, md5Etag('hello world'));
        assert.deepEqual(put.metadata, metadata);
        assert.equal(put.partSizes, undefined);
        assert.ok(put.lastModified.getTime() >= before - 1000);
        const head = await store.headObject(bucket, 'doc.txt');
        assert.deepEqual(head, put);
      });

      test('an empty body stores an empty object', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const put = await store.putObject(bucket, 'empty', Readable.from([]), plain);
        assert.equal(put.size, 0);
        assert.equal(put.etag, '"d41d8cd98f00b204e9800998ecf8427e"');
        assert.equal((await readObject(store, bucket, 'empty')).length, 0);
      });

      test('a body streamed in many chunks is stored whole', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const chunks = Array.from({ length: 50 }, () => randomBytes(10_000));
        const put = await store.putObject(bucket, 'big', Readable.from(chunks), plain);
        const whole = Buffer.concat(chunks);
        assert.equal(put.size, whole.length);
        assert.equal(put.etag, md5Etag(whole));
        assert.ok((await readObject(store, bucket, 'big')).equals(whole));
      });

      test('ranges read exactly the inclusive bytes', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const bytes = randomBytes(200_000);
        const put = await store.putObject(bucket, 'r', body(bytes), plain);
        for (const [start, end] of [
          [0, 0],
          [0, 99],
          [12_345, 150_000],
          [199_999, 199_999],
          [0, 199_999],
        ]) {
          const read = await readStream(store.openObject(put, { start, end }));
          assert.ok(read.equals(bytes.subarray(start, end + 1)), `range ${start}-${end}`);
        }
      });

      test('an overwrite replaces the object and a delete removes it; deleting a missing key is fine', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        await store.putObject(bucket, 'k', body('one'), plain);
        const second = await store.putObject(bucket, 'k', body('two'), plain);
        assert.equal((await store.headObject(bucket, 'k'))?.etag, second.etag);
        assert.equal((await readObject(store, bucket, 'k')).toString(), 'two');
        await store.deleteObject(bucket, 'k');
        assert.equal(await store.headObject(bucket, 'k'), undefined);
        await store.deleteObject(bucket, 'k');
        await store.deleteObject(bucket, 'never-existed');
        assert.equal((await store.listObjects(bucket, { maxKeys: 10 })).objects.length, 0);
      });

      test('a reader opened before an overwrite and delete reads the old bytes to the end', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const old = randomBytes(2 * mib);
        const first = await store.putObject(bucket, 'k', body(old), plain);
        const reader = store.openObject(first);
        await store.putObject(bucket, 'k', body(randomBytes(2 * mib)), plain);
        await store.deleteObject(bucket, 'k');
        assert.ok((await readStream(reader)).equals(old));
      });

      test('a version read by head just before an overwrite can still be opened', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        await store.putObject(bucket, 'k', body('old bytes'), plain);
        const head = await store.headObject(bucket, 'k');
        await store.putObject(bucket, 'k', body('new bytes'), plain);
        assert.equal((await readStream(store.openObject(head!))).toString(), 'old bytes');
        assert.equal((await readObject(store, bucket, 'k')).toString(), 'new bytes');
      });

      test('concurrent overwrites leave exactly one complete version', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const bodies = Array.from({ length: 8 }, (_, i) => Buffer.alloc(100_000 + i, i));
        await Promise.all(bodies.map((b) => store.putObject(bucket, 'k', body(b), plain)));
        const head = await store.headObject(bucket, 'k');
        const bytes = await readObject(store, bucket, 'k');
        assert.ok(bodies.some((b) => b.equals(bytes)));
        assert.equal(head?.etag, md5Etag(bytes));
        assert.equal(head?.size, bytes.length);
      });
    });

    describe('conditional writes and verification', () => {
      const cases: {
        name: string;
        existing: boolean;
        options: (etag: string) => { ifNoneMatch?: string; ifMatch?: string };
        outcome: 'written' | StoreErrorCode;
      }[] = [
        {
          name: 'If-None-Match * on a new key writes',
          existing: false,
          options: () => ({ ifNoneMatch: '*' }),
          outcome: 'written',
        },
        {
          name: 'If-None-Match * on an existing key fails',
          existing: true,
          options: () => ({ ifNoneMatch: '*' }),
          outcome: 'PreconditionFailed',
        },
        {
          name: 'If-Match with the current quoted ETag writes',
          existing: true,
          options: (e) => ({ ifMatch: e }),
          outcome: 'written',
        },
        {
          name: 'If-Match with the current unquoted ETag writes',
          existing: true,
          options: (e) => ({ ifMatch: e.slice(1, -1) }),
          outcome: 'written',
        },
        {
          name: 'If-Match * on an existing key writes',
          existing: true,
          options: () => ({ ifMatch: '*' }),
          outcome: 'written',
        },
        {
          name: 'If-Match with another ETag fails',
          existing: true,
          options: () => ({ ifMatch: '"0123"' }),
          outcome: 'PreconditionFailed',
        },
        {
          name: 'If-Match on a missing key fails with NoSuchKey',
          existing: false,
          options: () => ({ ifMatch: '"0123"' }),
          outcome: 'NoSuchKey',
        },
      ];
      for (const c of cases) {
        test(c.name, async (t) => {
          const { store, bucket } = await withBucket(t, create);
          const existing = c.existing ? await store.putObject(bucket, 'k', body('old'), plain) : undefined;
          const attempt = store.putObject(
            bucket,
            'k',
            body('new'),
            plain,
            c.options(existing?.etag ?? '"none"'),
          );
          if (c.outcome === 'written') {
            await attempt;
            assert.equal((await readObject(store, bucket, 'k')).toString(), 'new');
          } else {
            await assert.rejects(attempt, storeError(c.outcome));
            const head = await store.headObject(bucket, 'k');
            assert.equal(head?.etag, existing?.etag);
          }
        });
      }

      test('a condition is checked at commit: a racing If-None-Match * put loses to the first', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const results = await Promise.allSettled(
          [1, 2, 3].map((i) =>
            store.putObject(bucket, 'k', body(Buffer.alloc(300_000, i)), plain, { ifNoneMatch: '*' }),
          ),
        );
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) {
          if (r.status === 'rejected') assert.ok(storeError('PreconditionFailed')(r.reason));
        }
      });

      test('verify sees size and MD5, and a rejection leaves the old object intact', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const old = await store.putObject(bucket, 'k', body('old'), plain);
        let seen: { size: number; md5: string } | undefined;
        await assert.rejects(
          store.putObject(bucket, 'k', body('new bytes'), plain, {
            verify: (written) => {
              seen = { size: written.size, md5: written.md5.toString('hex') };
              throw new Error('BadDigest');
            },
          }),
          /BadDigest/,
        );
        assert.deepEqual(seen, { size: 9, md5: createHash('md5').update('new bytes').digest('hex') });
        assert.deepEqual(await store.headObject(bucket, 'k'), old);
        assert.equal((await readObject(store, bucket, 'k')).toString(), 'old');
        await assert.rejects(
          store.putObject(bucket, 'fresh', body('x'), plain, {
            verify: async () => Promise.reject(new Error('no')),
          }),
        );
        assert.deepEqual(
          (await store.listObjects(bucket, { maxKeys: 10 })).objects.map((o) => o.key),
          ['k'],
        );
      });

      test('a checksum returned by verify is stored with the object and the part', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const late = { algorithm: 'CRC32' as const, value: 'NhCmhg==', type: 'FULL_OBJECT' as const };
        const early = { algorithm: 'SHA256' as const, value: 'abc=', type: 'FULL_OBJECT' as const };
        const object = await store.putObject(
          bucket,
          'k',
          body('hello'),
          { ...plain, checksum: early },
          {
            verify: () => ({ checksum: late }),
          },
        );
        assert.deepEqual(object.metadata.checksum, late);
        assert.deepEqual((await store.headObject(bucket, 'k'))?.metadata.checksum, late);
        const kept = await store.putObject(
          bucket,
          'k2',
          body('x'),
          { ...plain, checksum: early },
          {
            verify: () => undefined,
          },
        );
        assert.deepEqual(kept.metadata.checksum, early);
        const upload = await store.createMultipartUpload(bucket, 'mp', plain);
        const part = await store.putPart(upload, 1, body('part'), { verify: () => ({ checksum: late }) });
        assert.deepEqual(part.checksum, late);
        assert.deepEqual((await store.listParts(upload))[0].checksum, late);
      });

      test('a body stream that fails stores nothing', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        const broken = new Readable({
          read() {
            this.push(Buffer.alloc(1000));
            this.destroy(new Error('client went away'));
          },
        });
        await assert.rejects(store.putObject(bucket, 'k', broken, plain), /client went away/);
        assert.equal(await store.headObject(bucket, 'k'), undefined);
      });
    });

    describe('listing', () => {
      const keys = [
        'a',
        'a/',
        'a/b',
        'a/b/c',
        'a/c',
        'a//d',
        'ab',
        'b/x',
        'b/y/z',
        'c',
        'Z',
        'é',
        '\uff61',
        '\u{1f600}',
        'photos/2024/jan/1.jpg',
        'photos/2024/feb/2.jpg',
        'photos/2025/3.jpg',
        'photos/index.html',
        'x%2Fy',
      ];

      async function seeded(t: TestContext) {
        const setup = await withBucket(t, create);
        for (const key of keys) await setup.store.putObject(setup.bucket, key, body(key), plain);
        return setup;
      }

      test('keys come back in UTF-8 binary order, not UTF-16 order', async (t) => {
        const { store, bucket } = await seeded(t);
        const page = await store.listObjects(bucket, { maxKeys: 1000 });
        const listed = page.objects.map((o) => o.key);
        assert.deepEqual(listed, expectedListing(keys, '', undefined).keys);
        // U+FF61 is EF BD A1 in UTF-8 and sorts before U+1F600 (F0 …), unlike in UTF-16.
        assert.ok(listed.indexOf('\uff61') < listed.indexOf('\u{1f600}'));
        assert.equal(page.isTruncated, false);
        assert.deepEqual(page.commonPrefixes, []);
        assert.equal(page.objects[0].etag, md5Etag(listed[0]));
      });

      const shapes = [
        { prefix: '', delimiter: undefined },
        { prefix: '', delimiter: '/' },
        { prefix: 'a', delimiter: '/' },
        { prefix: 'a/', delimiter: '/' },
        { prefix: 'photos/', delimiter: '/' },
        { prefix: 'photos/2024/', delimiter: '/' },
        { prefix: 'photos/', delimiter: undefined },
        { prefix: 'p', delimiter: '20' },
        { prefix: '', delimiter: '%2F' },
        { prefix: 'nothing-here', delimiter: '/' },
      ];
      for (const shape of shapes) {
        for (const maxKeys of [1, 2, 3, 1000]) {
          test(`prefix ${JSON.stringify(shape.prefix)} delimiter ${JSON.stringify(shape.delimiter)} maxKeys ${maxKeys} pages through everything once`, async (t) => {
            const { store, bucket } = await seeded(t);
            const got = await listAll(store, bucket, {
              prefix: shape.prefix,
              ...(shape.delimiter ? { delimiter: shape.delimiter } : {}),
              maxKeys,
            });
            assert.deepEqual(got, expectedListing(keys, shape.prefix, shape.delimiter));
          });
        }
      }

      test('a common prefix counts once toward maxKeys and reports truncation', async (t) => {
        const { store, bucket } = await seeded(t);
        const page = await store.listObjects(bucket, { prefix: 'photos/', delimiter: '/', maxKeys: 1 });
        assert.deepEqual(page.commonPrefixes, ['photos/2024/']);
        assert.deepEqual(page.objects, []);
        assert.equal(page.isTruncated, true);
        assert.equal(page.lastReturned, 'photos/2024/');
        const next = await store.listObjects(bucket, {
          prefix: 'photos/',
          delimiter: '/',
          maxKeys: 2,
          after: 'photos/2024/',
        });
        assert.deepEqual(next.commonPrefixes, ['photos/2025/']);
        assert.deepEqual(
          next.objects.map((o) => o.key),
          ['photos/index.html'],
        );
        assert.equal(next.isTruncated, false);
      });

      test('after is exclusive and may name a key that does not exist', async (t) => {
        const { store, bucket } = await seeded(t);
        const fromKey = await store.listObjects(bucket, { after: 'a/c', maxKeys: 2 });
        assert.deepEqual(
          fromKey.objects.map((o) => o.key),
          ['ab', 'b/x'],
        );
        const fromGap = await store.listObjects(bucket, { after: 'a/bb', maxKeys: 1 });
        assert.deepEqual(
          fromGap.objects.map((o) => o.key),
          ['a/c'],
        );
        const pastEnd = await store.listObjects(bucket, { after: '\u{10ffff}', maxKeys: 10 });
        assert.deepEqual(pastEnd.objects, []);
        assert.equal(pastEnd.isTruncated, false);
      });

      test('maxKeys 0 returns nothing and is not truncated', async (t) => {
        const { store, bucket } = await seeded(t);
        const page = await store.listObjects(bucket, { maxKeys: 0 });
        assert.deepEqual([page.objects, page.commonPrefixes, page.isTruncated], [[], [], false]);
      });

      test('a large common prefix is skipped, not walked: one page over 1100 keys under one prefix', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        await Promise.all(
          Array.from({ length: 1100 }, (_, i) =>
            store.putObject(bucket, `dir/${String(i).padStart(5, '0')}`, body(''), plain),
          ),
        );
        await store.putObject(bucket, 'top', body(''), plain);
        const page = await store.listObjects(bucket, { delimiter: '/', maxKeys: 1000 });
        assert.deepEqual(page.commonPrefixes, ['dir/']);
        assert.deepEqual(
          page.objects.map((o) => o.key),
          ['top'],
        );
        const inside = await listAll(store, bucket, { prefix: 'dir/', maxKeys: 1000 });
        assert.equal(inside.keys.length, 1100);
      });
    });

    describe('copy', () => {
      test('copyObject makes an independent object with new metadata, also onto itself', async (t) => {
        const { store, bucket } = await withBucket(t, create);
        await store.createBucket(`${bucket}-2`, { region: 'us-east-1', acl: 'private' });
        const source = await store.putObject(bucket, 'src', body('payload'), {
          contentType: 'text/plain',
          userMetadata: {},
        });
        const copy = await store.copyObject(source, `${bucket}-2`, 'dst', {
          contentType: 'x/y',
          userMetadata: { a: 'b' },
        });
        assert.equal(copy.etag, source.etag);
        assert.equal(copy.size, 7);
        assert.deepEqual(copy.metadata, { contentType: 'x/y', userMetadata: { a: 'b' } });
        await store.putObject(bucket, 'src', body('changed'), plain);
        await store.deleteObject(bucket, 'src');
        assert.equal((await readObject(store, `${bucket}-2`, 'dst')).toString(), 'payload');

        const self = await store.copyObject(copy, `${bucket}-2`, 'dst', {
          userMetadata: { replaced: 'yes' },
        });
        assert.deepEqual((await store.headObject(`${bucket}-2`, 'dst'))?.metadata, {
          userMetadata: { replaced: 'yes' },
        });
        assert.equal(self.etag, copy.etag);
        assert.equal((await readObject(store, `${bucket}-2`, 'dst')).toString(), 'payload');
      });
    });

    describe('multipart uploads', () => {
      async function withUpload(t: TestContext) {
        const setup = await withBucket(t, create);
        const upload = await setup.store.createMultipartUpload(setup.bucket, 'big/object', {
          contentType: 'application/x-test',
          userMetadata: { m: '1' },
        });
        return { ...setup, upload };
      }

      test('an upload completes into one object with a multipart ETag and part sizes', async (t) => {
        const { store, bucket, upload } = await withUpload(t);
        assert.deepEqual(await store.listMultipartUploads(bucket), [upload]);
        assert.deepEqual(await store.getMultipartUpload(bucket, upload.uploadId), upload);
        const p1 = randomBytes(5 * mib);
        const p2 = randomBytes(5 * mib + 7);
        const p3 = Buffer.from('tail');
        const stored2 = await store.putPart(upload, 2, body(p2));
        const stored1 = await store.putPart(upload, 1, body(p1));
        const stored3 = await store.putPart(upload, 3, body(p3));
        assert.equal(stored1.etag, md5Etag(p1));
        assert.equal(stored2.size, p2.length);
        assert.deepEqual(
          (await store.listParts(upload)).map((p) => [p.partNumber, p.etag, p.size]),
          [
            [1, md5Etag(p1), p1.length],
            [2, md5Etag(p2), p2.length],
            [3, md5Etag(p3), p3.length],
          ],
        );
        const object = await store.completeMultipartUpload(upload, [
          { partNumber: 1, etag: stored1.etag },
          { partNumber: 2, etag: stored2.etag.slice(1, -1) },
          { partNumber: 3, etag: stored3.etag },
        ]);
        assert.equal(object.etag, multipartEtag([p1, p2, p3]));
        assert.match(object.etag, /^"[0-9a-f]{32}-3"$/);
        assert.deepEqual(object.partSizes, [p1.length, p2.length, p3.length]);
        assert.equal(object.size, p1.length + p2.length + p3.length);
        assert.deepEqual(object.metadata, upload.metadata);
        assert.deepEqual(await store.headObject(bucket, 'big/object'), object);
        const whole = Buffer.concat([p1, p2, p3]);
        assert.ok((await readObject(store, bucket, 'big/object')).equals(whole));
        const start = 5 * mib - 10;
        const range = await readStream(store.openObject(object, { start, end: start + 20 }));
        assert.ok(range.equals(whole.subarray(start, start + 21)));
        assert.deepEqual(await store.listMultipartUploads(bucket), []);
        assert.equal(await store.getMultipartUpload(bucket, upload.uploadId), undefined);
        await assert.rejects(store.listParts(upload), storeError('NoSuchUpload'));
      });

      test('repeating Complete with the same parts returns the same object; other parts fail NoSuchUpload', async (t) => {
        const { store, bucket, upload } = await withUpload(t);
        const part = await store.putPart(upload, 1, body('only part'));
        const list = [{ partNumber: 1, etag: part.etag }];
        const first = await store.completeMultipartUpload(upload, list);
        const completed = await store.getMultipartUpload(bucket, upload.uploadId, { includeCompleted: true });
        assert.ok(completed?.completedAt instanceof Date);
        assert.equal(completed?.key, upload.key);
        const again = await store.completeMultipartUpload(completed!, list);
        assert.equal(again.etag, first.etag);
        assert.equal(again.key, first.key);
        await assert.rejects(
          store.completeMultipartUpload(upload, [
            { partNumber: 1, etag: '"00000000000000000000000000000000"' },
          ]),
          storeError('NoSuchUpload'),
        );
        await assert.rejects(store.putPart(completed!, 2, body('late')), storeError('NoSuchUpload'));
      });

      test('Complete stores the checksum it is given with the object, and a repeat returns it', async (t) => {
        const { store, bucket, upload } = await withUpload(t);
        const part = await store.putPart(upload, 1, body('only part'));
        const checksum = { algorithm: 'CRC32' as const, value: 'AAAAAA==-1', type: 'COMPOSITE' as const };
        const list = [{ partNumber: 1, etag: part.etag }];
        const object = await store.completeMultipartUpload(upload, list, { checksum });
        assert.deepEqual(object.metadata.checksum, checksum);
        assert.equal(object.metadata.contentType, 'application/x-test');
        assert.deepEqual((await store.headObject(bucket, 'big/object'))?.metadata.checksum, checksum);
        const completed = await store.getMultipartUpload(bucket, upload.uploadId, { includeCompleted: true });
        const again = await store.completeMultipartUpload(completed!, list, { checksum });
        assert.deepEqual(again.metadata.checksum, checksum);
      });

      test('an uploaded part number uploaded twice keeps the last bytes', async (t) => {
        const { store, bucket, upload } = await withUpload(t);
        await store.putPart(upload, 1, body('first try'));
        const second = await store.putPart(upload, 1, body('second'));
        assert.deepEqual(
          (await store.listParts(upload)).map((p) => p.etag),
          [second.etag],
        );
        await store.completeMultipartUpload(upload, [{ partNumber: 1, etag: second.etag }]);
        assert.equal((await readObject(store, bucket, upload.key)).toString(), 'second');
      });

      const failures: {
        name: string;
        sizes: number[];
        list: (etags: string[]) => { partNumber: number; etag: string }[];
        code: StoreErrorCode;
      }[] = [
        {
          name: 'descending part numbers fail InvalidPartOrder',
          sizes: [10, 10],
          list: (e) => [
            { partNumber: 2, etag: e[1] },
            { partNumber: 1, etag: e[0] },
          ],
          code: 'InvalidPartOrder',
        },
        {
          name: 'a repeated part number fails InvalidPartOrder',
          sizes: [10],
          list: (e) => [
            { partNumber: 1, etag: e[0] },
            { partNumber: 1, etag: e[0] },
          ],
          code: 'InvalidPartOrder',
        },
        {
          name: 'a part never uploaded fails InvalidPart',
          sizes: [10],
          list: (e) => [
            { partNumber: 1, etag: e[0] },
            { partNumber: 9, etag: e[0] },
          ],
          code: 'InvalidPart',
        },
        {
          name: 'a wrong ETag fails InvalidPart',
          sizes: [10],
          list: () => [{ partNumber: 1, etag: '"ffffffffffffffffffffffffffffffff"' }],
          code: 'InvalidPart',
        },
        {
          name: 'a part under 5 MiB before the last fails EntityTooSmall',
          sizes: [5 * mib - 1, 10],
          list: (e) => [
            { partNumber: 1, etag: e[0] },
            { partNumber: 2, etag: e[1] },
          ],
          code: 'EntityTooSmall',
        },
      ];
      for (const f of failures) {
        test(`${f.name} and leaves the upload in progress`, async (t) => {
          const { store, bucket, upload } = await withUpload(t);
          const etags: string[] = [];
          for (const [i, size] of f.sizes.entries()) {
            etags.push((await store.putPart(upload, i + 1, body(Buffer.alloc(size, i)))).etag);
          }
          await assert.rejects(store.completeMultipartUpload(upload, f.list(etags)), storeError(f.code));
          assert.equal((await store.listParts(upload)).length, f.sizes.length);
          assert.equal(await store.headObject(bucket, upload.key), undefined);
        });
      }

      test('abort deletes the parts; the upload is then unknown', async (t) => {
        const { store, bucket, upload } = await withUpload(t);
        await store.putPart(upload, 1, body('x'));
        await store.abortMultipartUpload(upload);
        assert.deepEqual(await store.listMultipartUploads(bucket), []);
        assert.equal(
          await store.getMultipartUpload(bucket, upload.uploadId, { includeCompleted: true }),
          undefined,
        );
        await assert.rejects(store.abortMultipartUpload(upload), storeError('NoSuchUpload'));
        await assert.rejects(store.putPart(upload, 2, body('y')), storeError('NoSuchUpload'));
        await assert.rejects(store.listParts(upload), storeError('NoSuchUpload'));
        await assert.rejects(
          store.completeMultipartUpload(upload, [{ partNumber: 1, etag: md5Etag('x') }]),
          storeError('NoSuchUpload'),
        );
        assert.equal(await store.getMultipartUpload(bucket, 'no-such-upload-id'), undefined);
      });

      test('a rejected part verification stores no part', async (t) => {
        const { store, upload } = await withUpload(t);
        await assert.rejects(
          store.putPart(upload, 1, body('x'), {
            verify: () => {
              throw new Error('BadDigest');
            },
          }),
          /BadDigest/,
        );
        assert.deepEqual(await store.listParts(upload), []);
      });

      test('copyPart copies an inclusive byte range of an existing object', async (t) => {
        const { store, bucket, upload } = await withUpload(t);
        const source = await store.putObject(bucket, 'src', body('0123456789'), plain);
        const part1 = await store.copyPart(upload, 1, source, { start: 2, end: 5 });
        assert.equal(part1.etag, md5Etag('2345'));
        assert.equal(part1.size, 4);
        const part2 = await store.copyPart(upload, 2, source);
        assert.equal(part2.etag, md5Etag('0123456789'));
        await store.deleteObject(bucket, 'src');
        await assert.rejects(
          store.completeMultipartUpload(upload, [
            { partNumber: 1, etag: part1.etag },
            { partNumber: 2, etag: part2.etag },
          ]),
          storeError('EntityTooSmall'),
        );
        const done = await store.completeMultipartUpload(upload, [{ partNumber: 2, etag: part2.etag }]);
        assert.equal((await readStream(store.openObject(done))).toString(), '0123456789');
        assert.deepEqual(done.partSizes, [10]);
      });

      test('a copied multipart object keeps its ETag and part sizes', async (t) => {
        const { store, bucket, upload } = await withUpload(t);
        const part = await store.putPart(upload, 1, body('abc'));
        const source: StoredObject = await store.completeMultipartUpload(upload, [
          { partNumber: 1, etag: part.etag },
        ]);
        const copy = await store.copyObject(source, bucket, 'copy', plain);
        assert.equal(copy.etag, source.etag);
        assert.deepEqual(copy.partSizes, [3]);
      });
    });
  });
}
