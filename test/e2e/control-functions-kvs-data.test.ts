// The `cloudfront-keyvaluestore` data API with the real JavaScript SDK, which signs with SigV4A (ECDSA
// P-256): describe, put, get, list, update and delete keys with If-Match ETags on a store the CloudFront API
// created, and the edge's `kvs()` seeing each change on the next request. The SDK addresses
// `<account>.<endpoint host>`; the test's HTTP agent resolves that name to loopback.

import assert from 'node:assert/strict';
import { Agent, type AgentOptions } from 'node:http';
import { test } from 'node:test';
import '@aws-sdk/signature-v4a';
import {
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  PublishFunctionCommand,
} from '@aws-sdk/client-cloudfront';
import {
  CloudFrontKeyValueStoreClient,
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  PutKeyCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  CREDENTIALS,
  edgeGet,
  s3DistributionConfig,
  startControlFixture,
} from '../support/control-fixture.ts';

const LOOKUP: AgentOptions['lookup'] = ((_host, options, callback) =>
  (options as { all?: boolean }).all
    ? (callback as (e: null, a: unknown) => void)(null, [{ address: '127.0.0.1', family: 4 }])
    : callback(null, '127.0.0.1', 4)) as AgentOptions['lookup'];

function kvsClient(s3Url: string, credentials = CREDENTIALS): CloudFrontKeyValueStoreClient {
  const port = new URL(s3Url).port;
  return new CloudFrontKeyValueStoreClient({
    endpoint: `http://localhost:${port}`,
    region: 'us-east-1',
    credentials,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ lookup: LOOKUP }) }),
  });
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

test('the KeyValueStore data API (SigV4A) changes keys with ETags, and the edge reads the changes', async (t) => {
  const fixture = await startControlFixture(t);
  const { cloudfront, s3, edgeUrl } = fixture;
  const kvs = kvsClient(fixture.frontgate.s3Url);
  t.after(() => kvs.destroy());
  const store = (await cloudfront.send(new CreateKeyValueStoreCommand({ Name: 'flags' }))).KeyValueStore;
  const KvsARN = store?.ARN as string;

  const described = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }));
  assert.equal(described.ItemCount, 0);
  assert.equal(described.KvsARN, KvsARN);
  assert.ok(described.ETag);

  assert.deepEqual(
    await errorOf(kvs.send(new PutKeyCommand({ KvsARN, Key: 'color', Value: 'blue', IfMatch: 'ESTALE' }))),
    { name: 'ConflictException', status: 409 },
  );
  const put = await kvs.send(
    new PutKeyCommand({ KvsARN, Key: 'color', Value: 'blue', IfMatch: described.ETag }),
  );
  assert.equal(put.ItemCount, 1);
  assert.notEqual(put.ETag, described.ETag);
  const got = await kvs.send(new GetKeyCommand({ KvsARN, Key: 'color' }));
  assert.equal(got.Value, 'blue');

  const updated = await kvs.send(
    new UpdateKeysCommand({
      KvsARN,
      IfMatch: put.ETag,
      Puts: [
        { Key: 'shape', Value: 'round' },
        { Key: 'color', Value: 'green' },
      ],
    }),
  );
  assert.equal(updated.ItemCount, 2);
  const listed = await kvs.send(new ListKeysCommand({ KvsARN }));
  assert.deepEqual(
    listed.Items?.map((i) => [i.Key, i.Value]),
    [
      ['color', 'green'],
      ['shape', 'round'],
    ],
  );

  // A function reads the store through kvs() on the edge.
  await s3.send(new CreateBucketCommand({ Bucket: 'flag-site' }));
  await s3.send(new PutObjectCommand({ Bucket: 'flag-site', Key: 'x', Body: 'x', ACL: 'public-read' }));
  const fn = await cloudfront.send(
    new CreateFunctionCommand({
      Name: 'flag-reader',
      FunctionConfig: {
        Comment: '',
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: KvsARN }] },
      },
      FunctionCode: new TextEncoder().encode(`import cf from 'cloudfront';
async function handler(event) {
  const color = (await cf.kvs().exists('color')) ? await cf.kvs().get('color') : 'none';
  return { statusCode: 200, statusDescription: 'OK', body: color };
}`),
    }),
  );
  await cloudfront.send(new PublishFunctionCommand({ Name: 'flag-reader', IfMatch: fn.ETag }));
  const base = s3DistributionConfig({ callerReference: 'flags-1', bucket: 'flag-site' });
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
                FunctionARN: 'arn:aws:cloudfront::123456789012:function/flag-reader',
                EventType: 'viewer-request',
              },
            ],
          },
        },
      },
    }),
  );
  const host = distribution.Distribution?.DomainName as string;
  assert.equal((await edgeGet(edgeUrl, host, '/x')).body, 'green');

  const deleted = await kvs.send(new DeleteKeyCommand({ KvsARN, Key: 'color', IfMatch: updated.ETag }));
  assert.equal(deleted.ItemCount, 1);
  assert.equal((await edgeGet(edgeUrl, host, '/x')).body, 'none');
  assert.deepEqual(await errorOf(kvs.send(new GetKeyCommand({ KvsARN, Key: 'color' }))), {
    name: 'ResourceNotFoundException',
    status: 404,
  });
});

test('a SigV4A request signed with the wrong secret or an unknown key is refused', async (t) => {
  const fixture = await startControlFixture(t);
  const store = (await fixture.cloudfront.send(new CreateKeyValueStoreCommand({ Name: 'locked' })))
    .KeyValueStore;
  const wrongSecret = kvsClient(fixture.frontgate.s3Url, {
    accessKeyId: CREDENTIALS.accessKeyId,
    secretAccessKey: 'not-the-secret',
  });
  const unknownKey = kvsClient(fixture.frontgate.s3Url, {
    accessKeyId: 'AKIAUNKNOWNKEY',
    secretAccessKey: CREDENTIALS.secretAccessKey,
  });
  t.after(() => {
    wrongSecret.destroy();
    unknownKey.destroy();
  });
  assert.deepEqual(
    await errorOf(wrongSecret.send(new DescribeKeyValueStoreCommand({ KvsARN: store?.ARN }))),
    { name: 'InvalidSignatureException', status: 403 },
  );
  assert.deepEqual(await errorOf(unknownKey.send(new DescribeKeyValueStoreCommand({ KvsARN: store?.ARN }))), {
    name: 'UnrecognizedClientException',
    status: 403,
  });
});
