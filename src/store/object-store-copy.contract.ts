// ObjectStore contract, copy; run by objectStoreContract (object-store.contract.ts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CreateStore, plain, body, withBucket, readObject } from './object-store-contract-support.ts';

export function copyContract(create: CreateStore): void {
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
}
