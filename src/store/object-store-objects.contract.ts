// ObjectStore contract, objects: put, head, open and delete, hostile keys kept byte for byte; run by objectStoreContract (object-store.contract.ts).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import {
  type CreateStore,
  mib,
  plain,
  body,
  readStream,
  md5Etag,
  withBucket,
  readObject,
  hostileKeys,
} from './object-store-contract-support.ts';

export function objectsContract(create: CreateStore): void {
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
        const direct = store.readObjectBytes(put, { start, end });
        assert.ok(direct.equals(bytes.subarray(start, end + 1)), `readObjectBytes ${start}-${end}`);
      }
      assert.ok(store.readObjectBytes(put).equals(bytes), 'readObjectBytes without a range reads it all');
      const empty = await store.putObject(bucket, 'empty', body(''), plain);
      assert.equal(store.readObjectBytes(empty).length, 0);
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
      assert.equal(store.readObjectBytes(head!).toString(), 'old bytes');
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

    test('a delete whose precondition throws leaves the object in place', async (t) => {
      const { store, bucket } = await withBucket(t, create);
      const stored = await store.putObject(bucket, 'k', body('v'), plain);
      const seen: (string | undefined)[] = [];
      await assert.rejects(
        store.deleteObject(bucket, 'k', {
          precondition: (current) => {
            seen.push(current?.etag);
            throw new Error('refused');
          },
        }),
        /refused/,
      );
      assert.equal((await store.headObject(bucket, 'k'))?.etag, stored.etag);
      await store.deleteObject(bucket, 'k', { precondition: (current) => seen.push(current?.etag) });
      assert.equal(await store.headObject(bucket, 'k'), undefined);
      await store.deleteObject(bucket, 'k', { precondition: (current) => seen.push(current?.etag) });
      assert.deepEqual(seen, [stored.etag, stored.etag, undefined]);
    });
  });
}
