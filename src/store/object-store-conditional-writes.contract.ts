// ObjectStore contract, conditional writes and body verification; run by objectStoreContract (object-store.contract.ts).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type { StoreErrorCode } from './object-store.ts';
import {
  type CreateStore,
  plain,
  body,
  storeError,
  withBucket,
  readObject,
} from './object-store-contract-support.ts';

export function conditionalWritesContract(create: CreateStore): void {
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
}
