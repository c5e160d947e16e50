// ObjectStore contract, listing: prefixes, delimiters, pages, UTF-8 byte order; run by objectStoreContract (object-store.contract.ts).

import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import {
  type CreateStore,
  plain,
  body,
  md5Etag,
  withBucket,
  listAll,
  expectedListing,
} from './object-store-contract-support.ts';

export function listingContract(create: CreateStore): void {
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
}
