// KeyValueStores through the control API with the real JavaScript SDK: created from an S3 import file in the
// embedded store, described, updated, listed and deleted with ETags, and read by a published function's
// `kvs().get` both in TestFunction and on the real edge listener.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  DeleteKeyValueStoreCommand,
  DescribeFunctionCommand,
  DescribeKeyValueStoreCommand,
  ListKeyValueStoresCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
  UpdateKeyValueStoreCommand,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { edgeGet, s3DistributionConfig, startControlFixture } from '../support/control-fixture.ts';

const REDIRECTS = `import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
  const request = event.request;
  if (!(await kvs.exists(request.uri))) return request;
  const target = await kvs.get(request.uri);
  return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: target } } };
}`;

const code = (text: string) => new TextEncoder().encode(text);

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

test('a key value store imported from S3 feeds kvs().get in TestFunction and on the edge', async (t) => {
  const { cloudfront, s3, edgeUrl } = await startControlFixture(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'kvs-source' }));
  await s3.send(
    new PutObjectCommand({
      Bucket: 'kvs-source',
      Key: 'redirects.json',
      Body: JSON.stringify({ data: [{ key: '/old', value: '/new' }] }),
    }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: 'site' }));
  await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'kept', Body: 'kept', ACL: 'public-read' }));

  assert.deepEqual(
    await errorOf(
      cloudfront.send(
        new CreateKeyValueStoreCommand({
          Name: 'missing-source',
          ImportSource: { SourceType: 'S3', SourceARN: 'arn:aws:s3:::kvs-source/nothing.json' },
        }),
      ),
    ),
    { name: 'EntityNotFound', status: 404 },
  );
  const created = await cloudfront.send(
    new CreateKeyValueStoreCommand({
      Name: 'redirects',
      Comment: 'old paths',
      ImportSource: { SourceType: 'S3', SourceARN: 'arn:aws:s3:::kvs-source/redirects.json' },
    }),
  );
  assert.equal(created.$metadata.httpStatusCode, 201);
  const store = created.KeyValueStore;
  assert.equal(store?.Status, 'READY');
  assert.equal(store?.ARN, `arn:aws:cloudfront::123456789012:key-value-store/${store?.Id}`);
  assert.deepEqual(await errorOf(cloudfront.send(new CreateKeyValueStoreCommand({ Name: 'redirects' }))), {
    name: 'EntityAlreadyExists',
    status: 409,
  });

  const fn = await cloudfront.send(
    new CreateFunctionCommand({
      Name: 'redirects',
      FunctionConfig: {
        Comment: '',
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: store?.ARN as string }] },
      },
      FunctionCode: code(REDIRECTS),
    }),
  );
  const tested = await cloudfront.send(
    new TestFunctionCommand({
      Name: 'redirects',
      IfMatch: fn.ETag,
      EventObject: code(
        JSON.stringify({
          version: '1.0',
          context: { eventType: 'viewer-request' },
          request: { uri: '/old' },
        }),
      ),
    }),
  );
  const output = JSON.parse(tested.TestResult?.FunctionOutput ?? '{}');
  assert.equal(output.response.statusCode, 301);
  assert.equal(output.response.headers.location.value, '/new');

  await cloudfront.send(new PublishFunctionCommand({ Name: 'redirects', IfMatch: fn.ETag }));
  const base = s3DistributionConfig({ callerReference: 'kvs-1', bucket: 'site' });
  const distribution = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        ...base,
        DefaultCacheBehavior: {
          ...base.DefaultCacheBehavior,
          FunctionAssociations: {
            Quantity: 1,
            Items: [
              {
                FunctionARN: 'arn:aws:cloudfront::123456789012:function/redirects',
                EventType: 'viewer-request',
              },
            ],
          },
        },
      },
    }),
  );
  const host = distribution.Distribution?.DomainName as string;
  const moved = await edgeGet(edgeUrl, host, '/old');
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.location, '/new');
  const kept = await edgeGet(edgeUrl, host, '/kept');
  assert.equal(kept.status, 200);
  assert.equal(kept.body, 'kept');

  const described = await cloudfront.send(new DescribeKeyValueStoreCommand({ Name: 'redirects' }));
  assert.equal(described.ETag, created.ETag);
  assert.deepEqual(
    await errorOf(
      cloudfront.send(new UpdateKeyValueStoreCommand({ Name: 'redirects', Comment: 'x', IfMatch: 'ESTALE' })),
    ),
    { name: 'PreconditionFailed', status: 412 },
  );
  const updated = await cloudfront.send(
    new UpdateKeyValueStoreCommand({ Name: 'redirects', Comment: 'renamed paths', IfMatch: described.ETag }),
  );
  assert.equal(updated.KeyValueStore?.Comment, 'renamed paths');
  assert.deepEqual(
    await errorOf(
      cloudfront.send(new DeleteKeyValueStoreCommand({ Name: 'redirects', IfMatch: updated.ETag })),
    ),
    { name: 'CannotDeleteEntityWhileInUse', status: 409 },
  );

  const spare = await cloudfront.send(new CreateKeyValueStoreCommand({ Name: 'spare' }));
  const listed = await cloudfront.send(new ListKeyValueStoresCommand({}));
  assert.deepEqual(
    listed.KeyValueStoreList?.Items?.map((s) => s.Name),
    ['redirects', 'spare'],
  );
  await cloudfront.send(new DeleteKeyValueStoreCommand({ Name: 'spare', IfMatch: spare.ETag }));
  assert.deepEqual(await errorOf(cloudfront.send(new DescribeKeyValueStoreCommand({ Name: 'spare' }))), {
    name: 'EntityNotFound',
    status: 404,
  });
});

test('published functions, their stores and the distributions running them survive a restart', async (t) => {
  const first = await startControlFixture(t);
  await first.s3.send(new CreateBucketCommand({ Bucket: 'restart-site' }));
  await first.s3.send(
    new PutObjectCommand({ Bucket: 'restart-site', Key: 'x', Body: 'x', ACL: 'public-read' }),
  );
  await first.s3.send(
    new PutObjectCommand({
      Bucket: 'restart-site',
      Key: 'table.json',
      Body: JSON.stringify({ data: [{ key: '/x', value: '/elsewhere' }] }),
    }),
  );
  const store = (
    await first.cloudfront.send(
      new CreateKeyValueStoreCommand({
        Name: 'restart-table',
        ImportSource: { SourceType: 'S3', SourceARN: 'arn:aws:s3:::restart-site/table.json' },
      }),
    )
  ).KeyValueStore;
  const fn = await first.cloudfront.send(
    new CreateFunctionCommand({
      Name: 'restart-redirects',
      FunctionConfig: {
        Comment: '',
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: store?.ARN as string }] },
      },
      FunctionCode: code(REDIRECTS),
    }),
  );
  await first.cloudfront.send(new PublishFunctionCommand({ Name: 'restart-redirects', IfMatch: fn.ETag }));
  const base = s3DistributionConfig({ callerReference: 'restart-1', bucket: 'restart-site' });
  const distribution = await first.cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        ...base,
        DefaultCacheBehavior: {
          ...base.DefaultCacheBehavior,
          FunctionAssociations: {
            Quantity: 1,
            Items: [
              {
                FunctionARN: 'arn:aws:cloudfront::123456789012:function/restart-redirects',
                EventType: 'viewer-request',
              },
            ],
          },
        },
      },
    }),
  );
  const host = distribution.Distribution?.DomainName as string;
  const live = await first.cloudfront.send(
    new DescribeFunctionCommand({ Name: 'restart-redirects', Stage: 'LIVE' }),
  );
  await first.close();

  const second = await startControlFixture(t, { dir: first.dir });
  const again = await second.cloudfront.send(
    new DescribeFunctionCommand({ Name: 'restart-redirects', Stage: 'LIVE' }),
  );
  assert.equal(again.ETag, live.ETag);
  assert.equal(again.FunctionSummary?.Status, 'DEPLOYED');
  const moved = await edgeGet(second.edgeUrl, host, '/x');
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.location, '/elsewhere');
});
