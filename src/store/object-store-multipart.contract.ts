// ObjectStore contract, multipart uploads; run by objectStoreContract (object-store.contract.ts).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, type TestContext, test } from 'node:test';
import type { StoredObject, StoreErrorCode } from './object-store.ts';
import {
  type CreateStore,
  mib,
  plain,
  body,
  readStream,
  md5Etag,
  multipartEtag,
  storeError,
  withBucket,
  readObject,
} from './object-store-contract-support.ts';

export function multipartContract(create: CreateStore): void {
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

    test('a conditional completion is refused against the current object and the upload survives', async (t) => {
      const { store, bucket, upload } = await withUpload(t);
      const existing = await store.putObject(bucket, 'big/object', body('old'), plain);
      const part = await store.putPart(upload, 1, body('only part'));
      const parts = [{ partNumber: 1, etag: part.etag }];
      await assert.rejects(
        store.completeMultipartUpload(upload, parts, { ifNoneMatch: '*' }),
        storeError('PreconditionFailed'),
      );
      await assert.rejects(
        store.completeMultipartUpload(upload, parts, { ifMatch: '"0123456789abcdef0123456789abcdef"' }),
        storeError('PreconditionFailed'),
      );
      assert.equal((await store.headObject(bucket, 'big/object'))?.etag, existing.etag);
      const done = await store.completeMultipartUpload(upload, parts, {
        ifMatch: existing.etag,
        metadata: { userMetadata: {}, contentType: 'text/plain' },
      });
      assert.equal(done.metadata.contentType, 'text/plain');
      assert.equal((await readObject(store, bucket, done.key)).toString(), 'only part');
    });
  });
}
