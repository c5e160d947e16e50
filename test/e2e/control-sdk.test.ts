// The CloudFront control API driven by @aws-sdk/client-cloudfront, unmodified, against `startFrontgate`:
// one endpoint with S3 (told apart by the credential scope), distributions and their ETag state machine,
// status that follows the running edge, invalidations that purge, and AWS's error codes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateDistributionCommand,
  CreateInvalidationCommand,
  DeleteDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  GetInvalidationCommand,
  ListDistributionsCommand,
  ListStreamingDistributionsCommand,
  ListInvalidationsCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
  waitUntilInvalidationCompleted,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { edgeGet, s3DistributionConfig, startControlFixture } from '../support/control-fixture.ts';

test('a distribution created with the SDK is InProgress, then Deployed once the edge serves it, and the waiter ends in seconds', async (t) => {
  const { cloudfront, s3, edgeUrl } = await startControlFixture(t, { region: 'eu-west-3' });
  await s3.send(new CreateBucketCommand({ Bucket: 'sdk-media' }));
  await s3.send(
    new PutObjectCommand({ Bucket: 'sdk-media', Key: 'hello.txt', Body: 'hello', ACL: 'public-read' }),
  );
  const created = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({
        callerReference: 'sdk-1',
        bucket: 'sdk-media',
        aliases: ['sdk.example.test'],
      }),
    }),
  );
  const distribution = created.Distribution!;
  assert.match(distribution.Id!, /^E[A-Z0-9]{13}$/);
  assert.equal(distribution.Status, 'InProgress');
  assert.equal(distribution.ARN, `arn:aws:cloudfront::123456789012:distribution/${distribution.Id}`);
  assert.match(distribution.DomainName!, /^d[a-z0-9]+\.cloudfront\.net$/);
  assert.equal(
    created.Location,
    `https://cloudfront.amazonaws.com/2020-05-31/distribution/${distribution.Id}`,
  );
  assert.deepEqual(distribution.DistributionConfig?.Aliases?.Items, ['sdk.example.test']);
  assert.equal(distribution.DistributionConfig?.DefaultCacheBehavior?.AllowedMethods?.Quantity, 3);
  // Left-out optional members come back with CloudFront's defaults.
  assert.equal(distribution.DistributionConfig?.PriceClass, 'PriceClass_All');
  assert.equal(distribution.DistributionConfig?.ViewerCertificate?.CloudFrontDefaultCertificate, true);
  assert.equal(distribution.DistributionConfig?.Origins?.Items?.[0]?.ConnectionAttempts, 3);

  const started = Date.now();
  const waited = await waitUntilDistributionDeployed(
    { client: cloudfront, maxWaitTime: 120 },
    { Id: distribution.Id },
  );
  assert.equal(waited.state, 'SUCCESS');
  assert.ok(Date.now() - started < 5000, 'the waiter answered within seconds');
  const got = await cloudfront.send(new GetDistributionCommand({ Id: distribution.Id }));
  assert.equal(got.Distribution?.Status, 'Deployed');
  assert.equal(got.ETag, created.ETag);

  const served = await edgeGet(edgeUrl, 'sdk.example.test', '/hello.txt');
  assert.equal(served.status, 200);
  assert.equal(served.body, 'hello');

  // The same listener still answers S3 for S3-signed requests.
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'sdk-media' }));
  assert.deepEqual(
    listed.Contents?.map((o) => o.Key),
    ['hello.txt'],
  );
});

test('UpdateDistribution needs the current ETag: missing is InvalidIfMatchVersion, stale is PreconditionFailed, CallerReference is immutable', async (t) => {
  const { cloudfront } = await startControlFixture(t);
  const created = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({ callerReference: 'etag-1', bucket: 'bucket-one' }),
    }),
  );
  const id = created.Distribution!.Id!;
  const current = await cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
  assert.equal(current.ETag, created.ETag);
  const config = { ...current.DistributionConfig!, Comment: 'changed' };

  await assert.rejects(
    cloudfront.send(
      new UpdateDistributionCommand({ Id: id, DistributionConfig: config, IfMatch: undefined }),
    ),
    (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
      error.name === 'InvalidIfMatchVersion' && error.$metadata?.httpStatusCode === 400,
  );
  await assert.rejects(
    cloudfront.send(
      new UpdateDistributionCommand({ Id: id, DistributionConfig: config, IfMatch: 'ESTALEETAG12345' }),
    ),
    (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
      error.name === 'PreconditionFailed' && error.$metadata?.httpStatusCode === 412,
  );
  await assert.rejects(
    cloudfront.send(
      new UpdateDistributionCommand({
        Id: id,
        DistributionConfig: { ...config, CallerReference: 'other' },
        IfMatch: current.ETag,
      }),
    ),
    { name: 'IllegalUpdate' },
  );
  const updated = await cloudfront.send(
    new UpdateDistributionCommand({ Id: id, DistributionConfig: config, IfMatch: current.ETag }),
  );
  assert.notEqual(updated.ETag, current.ETag);
  assert.equal(updated.Distribution?.DistributionConfig?.Comment, 'changed');
  await assert.rejects(
    cloudfront.send(
      new UpdateDistributionCommand({ Id: id, DistributionConfig: config, IfMatch: current.ETag }),
    ),
    { name: 'PreconditionFailed' },
  );
  await assert.rejects(cloudfront.send(new GetDistributionCommand({ Id: 'ENOSUCHDIST123' })), {
    name: 'NoSuchDistribution',
  });
});

test('validation answers as the API does: unknown cache policy or key group, duplicate alias and CallerReference, unimplemented operations named', async (t) => {
  const { cloudfront } = await startControlFixture(t);
  await assert.rejects(
    cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: s3DistributionConfig({
          callerReference: 'v-1',
          bucket: 'bucket-one',
          cachePolicyId: '00000000-0000-0000-0000-000000000000',
        }),
      }),
    ),
    (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
      error.name === 'NoSuchCachePolicy' && error.$metadata?.httpStatusCode === 404,
  );
  await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({
        callerReference: 'v-2',
        bucket: 'bucket-one',
        aliases: ['taken.example.test'],
      }),
    }),
  );
  await assert.rejects(
    cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: s3DistributionConfig({
          callerReference: 'v-3',
          bucket: 'bucket-one',
          aliases: ['taken.example.test'],
        }),
      }),
    ),
    (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
      error.name === 'CNAMEAlreadyExists' && error.$metadata?.httpStatusCode === 409,
  );
  await assert.rejects(
    cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: s3DistributionConfig({ callerReference: 'v-2', bucket: 'bucket-two' }),
      }),
    ),
    { name: 'DistributionAlreadyExists' },
  );
  await assert.rejects(
    cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: s3DistributionConfig({
          callerReference: 'v-4',
          bucket: 'bucket-one',
          keyGroupId: 'no-such-key-group',
        }),
      }),
    ),
    { name: 'TrustedKeyGroupDoesNotExist' },
  );
  await assert.rejects(
    cloudfront.send(new ListStreamingDistributionsCommand({})),
    (error: Error) =>
      error.name === 'UnsupportedOperation' && /ListStreamingDistributions/.test(error.message),
  );
  const list = await cloudfront.send(new ListDistributionsCommand({}));
  assert.equal(list.DistributionList?.Quantity, 1);
  assert.equal(list.DistributionList?.IsTruncated, false);
  assert.deepEqual(list.DistributionList?.Items?.[0]?.Aliases?.Items, ['taken.example.test']);
});

test('an invalidation purges the edge cache and is Completed; the waiter ends in seconds', async (t) => {
  const { cloudfront, s3, edgeUrl } = await startControlFixture(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'inv-media' }));
  await s3.send(new PutObjectCommand({ Bucket: 'inv-media', Key: 'a.txt', Body: 'one', ACL: 'public-read' }));
  const created = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({
        callerReference: 'inv',
        bucket: 'inv-media',
        aliases: ['inv.example.test'],
      }),
    }),
  );
  const id = created.Distribution!.Id!;
  await waitUntilDistributionDeployed({ client: cloudfront, maxWaitTime: 120 }, { Id: id });
  assert.equal((await edgeGet(edgeUrl, 'inv.example.test', '/a.txt')).body, 'one');
  await s3.send(new PutObjectCommand({ Bucket: 'inv-media', Key: 'a.txt', Body: 'two', ACL: 'public-read' }));
  assert.equal((await edgeGet(edgeUrl, 'inv.example.test', '/a.txt')).body, 'one', 'served from the cache');

  const invalidation = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: id,
      InvalidationBatch: { CallerReference: 'inv-1', Paths: { Quantity: 1, Items: ['/a.txt'] } },
    }),
  );
  assert.equal(invalidation.Invalidation?.Status, 'InProgress');
  assert.match(invalidation.Location!, new RegExp(`/distribution/${id}/invalidation/I[A-Z0-9]{13}$`));
  const started = Date.now();
  const waited = await waitUntilInvalidationCompleted(
    { client: cloudfront, maxWaitTime: 120 },
    { DistributionId: id, Id: invalidation.Invalidation!.Id },
  );
  assert.equal(waited.state, 'SUCCESS');
  assert.ok(Date.now() - started < 5000);
  const got = await cloudfront.send(
    new GetInvalidationCommand({ DistributionId: id, Id: invalidation.Invalidation!.Id }),
  );
  assert.equal(got.Invalidation?.Status, 'Completed');
  assert.deepEqual(got.Invalidation?.InvalidationBatch?.Paths?.Items, ['/a.txt']);
  assert.equal((await edgeGet(edgeUrl, 'inv.example.test', '/a.txt')).body, 'two');

  const again = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: id,
      InvalidationBatch: { CallerReference: 'inv-1', Paths: { Quantity: 1, Items: ['/a.txt'] } },
    }),
  );
  assert.equal(
    again.Invalidation?.Id,
    invalidation.Invalidation?.Id,
    'same CallerReference and paths: the earlier one',
  );
  const list = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: id }));
  assert.equal(list.InvalidationList?.Quantity, 1);
  assert.equal(list.InvalidationList?.Items?.[0]?.Status, 'Completed');
});

test('DeleteDistribution refuses an enabled distribution, then deletes it once disabled and deployed', async (t) => {
  const { cloudfront } = await startControlFixture(t);
  const created = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({ callerReference: 'del', bucket: 'bucket-one' }),
    }),
  );
  const id = created.Distribution!.Id!;
  await assert.rejects(cloudfront.send(new DeleteDistributionCommand({ Id: id })), {
    name: 'InvalidIfMatchVersion',
  });
  await assert.rejects(
    cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: created.ETag })),
    (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
      error.name === 'DistributionNotDisabled' && error.$metadata?.httpStatusCode === 409,
  );
  const config = await cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
  const disabled = await cloudfront.send(
    new UpdateDistributionCommand({
      Id: id,
      IfMatch: config.ETag,
      DistributionConfig: { ...config.DistributionConfig!, Enabled: false },
    }),
  );
  await waitUntilDistributionDeployed({ client: cloudfront, maxWaitTime: 120 }, { Id: id });
  await cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: disabled.ETag }));
  await assert.rejects(cloudfront.send(new GetDistributionCommand({ Id: id })), {
    name: 'NoSuchDistribution',
  });
});
