// The CloudFront API under `frontgate serve --workers 2`: requests reach whichever worker accepted the
// connection on the S3 port and are answered by the primary, which owns the control state. A distribution is
// Deployed, and an invalidation Completed, only once every worker applied it: with one worker stopped
// (SIGSTOP) both stay InProgress, and once it runs again every worker serves the distribution and no worker
// serves the purged object. Every request below is on a fresh connection, so the kernel spreads them.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  CreateDistributionCommand,
  CreateInvalidationCommand,
  GetDistributionCommand,
  GetInvalidationCommand,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3DistributionConfig } from '../support/control-fixture.ts';
import {
  CREDENTIALS,
  type ServeWorkers,
  servedBy,
  startServeWorkers,
  untilEveryWorkerAnswered,
} from '../support/serve-workers.ts';
import { freshConnectionClients, until, viewerGet } from '../support/workers-control.ts';

const run = promisify(execFile);

/** Runs `during` with one worker stopped (SIGSTOP), then lets it run again. */
async function withWorkerStopped<T>(serve: ServeWorkers, during: () => Promise<T>): Promise<T> {
  const pid = [...serve.workerPids().values()][0] as number;
  process.kill(pid, 'SIGSTOP');
  try {
    return await during();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

test('under two workers, an API distribution is Deployed and an invalidation Completed only once every worker applied it', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2 });
  const { cloudfront, s3, destroy } = freshConnectionClients(serve);
  t.after(destroy);
  await s3.send(new CreateBucketCommand({ Bucket: 'api-site' }));
  const put = (body: string) =>
    s3.send(
      new PutObjectCommand({
        Bucket: 'api-site',
        Key: 'page.txt',
        Body: body,
        ACL: 'public-read',
        ContentType: 'text/plain',
      }),
    );
  await put('version 1');

  const { id, host } = await withWorkerStopped(serve, async () => {
    const created = await cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: s3DistributionConfig({ callerReference: 'workers-1', bucket: 'api-site' }),
      }),
    );
    const distributionId = created.Distribution?.Id as string;
    assert.equal(created.Distribution?.Status, 'InProgress');
    // Each call lands on the running worker; none may report Deployed while the other has not applied it.
    for (let i = 0; i < 8; i++) {
      const got = await cloudfront.send(new GetDistributionCommand({ Id: distributionId }));
      assert.equal(got.Distribution?.Status, 'InProgress', 'one worker has not applied the config yet');
      await sleep(100);
    }
    return { id: distributionId, host: created.Distribution?.DomainName as string };
  });
  await until('Deployed', async () => {
    const got = await cloudfront.send(new GetDistributionCommand({ Id: id }));
    return got.Distribution?.Status === 'Deployed' ? true : undefined;
  });
  // The AWS CLI (botocore's signing and headers) through the same proxy.
  const listed = await run(
    '/usr/bin/aws',
    ['--endpoint-url', serve.s3Url, 'cloudfront', 'list-distributions', '--output', 'json'],
    {
      env: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
      },
    },
  );
  const items = JSON.parse(listed.stdout).DistributionList.Items as { Id: string; Status: string }[];
  assert.deepEqual(
    items.filter((d) => d.Id === id).map((d) => d.Status),
    ['Deployed'],
  );
  const served = await untilEveryWorkerAnswered(() => viewerGet(serve, host, '/page.txt'), {
    workers: 2,
    each: 3,
  });
  assert.deepEqual(
    served.map((r) => [r.status, r.body.toString()]),
    served.map(() => [200, 'version 1']),
  );
  assert.ok(
    served.some((r) => r.headers['x-cache'] === 'Hit from cloudfront'),
    'the workers cached it',
  );

  await put('version 2');
  const invalidationId = await withWorkerStopped(serve, async () => {
    const created = await cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: id,
        InvalidationBatch: { CallerReference: 'purge-1', Paths: { Quantity: 1, Items: ['/page.txt'] } },
      }),
    );
    const invalidation = created.Invalidation?.Id as string;
    for (let i = 0; i < 8; i++) {
      const got = await cloudfront.send(new GetInvalidationCommand({ DistributionId: id, Id: invalidation }));
      assert.equal(got.Invalidation?.Status, 'InProgress', 'one worker has not swept its cache yet');
      await sleep(100);
    }
    return invalidation;
  });
  await until('Completed', async () => {
    const got = await cloudfront.send(new GetInvalidationCommand({ DistributionId: id, Id: invalidationId }));
    return got.Invalidation?.Status === 'Completed' ? true : undefined;
  });
  const afterPurge = await untilEveryWorkerAnswered(() => viewerGet(serve, host, '/page.txt'), {
    workers: 2,
    each: 3,
  });
  assert.equal(new Set(afterPurge.map(servedBy)).size, 2);
  assert.deepEqual(
    afterPurge.map((r) => r.body.toString()),
    afterPurge.map(() => 'version 2'),
    'no worker serves the purged object',
  );
});
