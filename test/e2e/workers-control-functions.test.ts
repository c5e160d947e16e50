// CloudFront Functions and KeyValueStores created through the API under `frontgate serve --workers 2`: the
// primary owns them and sends them with every config version, so a published function runs in every worker,
// a key changed through the KeyValueStore data API (SigV4A, answered by the primary whichever worker took the
// connection) reaches every worker's function, TestFunction runs in the primary, and a worker that is killed
// comes back with the API state of now, not of when it first started.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  GetDistributionCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
  UpdateFunctionCommand,
} from '@aws-sdk/client-cloudfront';
import { DescribeKeyValueStoreCommand, PutKeyCommand } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3DistributionConfig } from '../support/control-fixture.ts';
import { servedBy, startServeWorkers, untilEveryWorkerAnswered } from '../support/serve-workers.ts';
import { freshConnectionClients, until, viewerGet } from '../support/workers-control.ts';

const code = (prefix: string) =>
  new TextEncoder().encode(`import cf from 'cloudfront';
async function handler(event) {
  const color = (await cf.kvs().exists('color')) ? await cf.kvs().get('color') : 'none';
  return { statusCode: 200, statusDescription: 'OK', body: '${prefix}' + color };
}`);

const TEST_EVENT = JSON.stringify({
  version: '1.0',
  context: { eventType: 'viewer-request' },
  viewer: { ip: '198.51.100.7' },
  request: { method: 'GET', uri: '/x', querystring: {}, headers: {}, cookies: {} },
});

test('under two workers, an API function and its KeyValueStore run in every worker, and a restarted worker gets the state of now', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2 });
  const { cloudfront, s3, kvs, destroy } = freshConnectionClients(serve);
  t.after(destroy);
  await s3.send(new CreateBucketCommand({ Bucket: 'flag-site' }));
  await s3.send(new PutObjectCommand({ Bucket: 'flag-site', Key: 'x', Body: 'x', ACL: 'public-read' }));

  const KvsARN = (await cloudfront.send(new CreateKeyValueStoreCommand({ Name: 'flags' }))).KeyValueStore
    ?.ARN as string;
  let etag = (await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }))).ETag;
  etag = (await kvs.send(new PutKeyCommand({ KvsARN, Key: 'color', Value: 'blue', IfMatch: etag }))).ETag;
  const created = await cloudfront.send(
    new CreateFunctionCommand({
      Name: 'flag-reader',
      FunctionConfig: {
        Comment: '',
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: KvsARN }] },
      },
      FunctionCode: code('v1 '),
    }),
  );
  // TestFunction runs in the primary's engine and reads the same store.
  const tested = await cloudfront.send(
    new TestFunctionCommand({
      Name: 'flag-reader',
      IfMatch: created.ETag,
      Stage: 'DEVELOPMENT',
      EventObject: new TextEncoder().encode(TEST_EVENT),
    }),
  );
  assert.match(tested.TestResult?.FunctionOutput ?? '', /v1 blue/);
  await cloudfront.send(new PublishFunctionCommand({ Name: 'flag-reader', IfMatch: created.ETag }));
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
  const id = distribution.Distribution?.Id as string;
  const host = distribution.Distribution?.DomainName as string;
  await until('Deployed', async () =>
    (await cloudfront.send(new GetDistributionCommand({ Id: id }))).Distribution?.Status === 'Deployed'
      ? true
      : undefined,
  );
  const everyWorker = () =>
    untilEveryWorkerAnswered(() => viewerGet(serve, host, '/x'), { workers: 2, each: 3 });
  const bodies = (replies: readonly { body: Buffer }[]) => replies.map((r) => r.body.toString());
  const first = await everyWorker();
  assert.deepEqual(
    bodies(first),
    bodies(first).map(() => 'v1 blue'),
  );

  // The data API answers before the workers have the new value (KeyValueStore propagation is eventual), and
  // every worker has it soon after.
  etag = (await kvs.send(new PutKeyCommand({ KvsARN, Key: 'color', Value: 'green', IfMatch: etag }))).ETag;
  await until('every worker reads green', async () => {
    const replies = await everyWorker();
    return bodies(replies).every((b) => b === 'v1 green') ? true : undefined;
  });
  const settled = await everyWorker();
  assert.deepEqual(
    bodies(settled),
    bodies(settled).map(() => 'v1 green'),
  );

  // Slot 1 is stopped, so it never applies what follows; killed, its replacement must start with it.
  const victim = serve.workerPids().get(1) as number;
  process.kill(victim, 'SIGSTOP');
  etag = (await kvs.send(new PutKeyCommand({ KvsARN, Key: 'color', Value: 'red', IfMatch: etag }))).ETag;
  const updated = await cloudfront.send(
    new UpdateFunctionCommand({
      Name: 'flag-reader',
      IfMatch: created.ETag,
      FunctionConfig: {
        Comment: '',
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: KvsARN }] },
      },
      FunctionCode: code('v2 '),
    }),
  );
  await cloudfront.send(new PublishFunctionCommand({ Name: 'flag-reader', IfMatch: updated.ETag }));
  process.kill(victim, 'SIGKILL');
  await serve.waitForEvent((e) => e.event === 'worker-started' && e.slot === 1 && e.pid !== victim);
  const afterRestart = await until('both workers run v2 with red', async () => {
    const replies = await everyWorker();
    return bodies(replies).every((b) => b === 'v2 red') ? replies : undefined;
  });
  assert.equal(new Set(afterRestart.map(servedBy)).size, 2);
});
