// ObjectStore contract, buckets: create, list, update and delete; run by objectStoreContract (object-store.contract.ts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CreateStore, plain, body, storeError, withBucket } from './object-store-contract-support.ts';

export function bucketsContract(create: CreateStore): void {
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

    test('a bucket policy, Block Public Access and Object Ownership are kept until changed or removed', async (t) => {
      const { store, bucket } = await withBucket(t, create);
      const created = await store.getBucket(bucket);
      assert.equal(created?.policy, null);
      assert.equal(created?.publicAccessBlock, null);
      assert.equal(created?.ownershipControls, null);
      const block = {
        BlockPublicAcls: true,
        IgnorePublicAcls: false,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: false,
      };
      await store.updateBucket(bucket, {
        policy: '{"Statement":[]}',
        publicAccessBlock: block,
        ownershipControls: 'BucketOwnerEnforced',
      });
      await store.updateBucket(bucket, { acl: 'public-read' });
      const kept = await store.getBucket(bucket);
      assert.equal(kept?.policy, '{"Statement":[]}');
      assert.deepEqual(kept?.publicAccessBlock, block);
      assert.equal(kept?.ownershipControls, 'BucketOwnerEnforced');
      await store.updateBucket(bucket, { policy: null, publicAccessBlock: null });
      const removed = await store.getBucket(bucket);
      assert.equal(removed?.policy, null);
      assert.equal(removed?.publicAccessBlock, null);
      assert.equal(removed?.ownershipControls, 'BucketOwnerEnforced');
    });

    test('creating an existing bucket fails with BucketAlreadyOwnedByYou', async (t) => {
      const { store, bucket } = await withBucket(t, create);
      await assert.rejects(
        store.createBucket(bucket, { region: 'us-east-1', acl: 'private' }),
        storeError('BucketAlreadyOwnedByYou'),
      );
    });

    test('a bucket with objects is not deleted, and its uploads survive the refusal', async (t) => {
      const { store, bucket } = await withBucket(t, create);
      await store.putObject(bucket, 'k', body('v'), plain);
      const upload = await store.createMultipartUpload(bucket, 'm', plain);
      await assert.rejects(store.deleteBucket(bucket), storeError('BucketNotEmpty'));
      assert.equal((await store.listMultipartUploads(bucket)).length, 1);
      await store.abortMultipartUpload(upload);
      await store.deleteObject(bucket, 'k');
      await store.deleteBucket(bucket);
    });

    test('a bucket holding only unfinished multipart uploads is deleted with them', async (t) => {
      const { store, bucket } = await withBucket(t, create);
      const upload = await store.createMultipartUpload(bucket, 'm', plain);
      await store.putPart(upload, 1, body('part'));
      await store.deleteBucket(bucket);
      assert.equal(await store.getBucket(bucket), undefined);
      await store.createBucket(bucket, { region: 'us-east-1', acl: 'private' });
      assert.deepEqual(await store.listMultipartUploads(bucket), []);
      assert.equal(await store.getMultipartUpload(bucket, upload.uploadId), undefined);
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
}
