// `state.postgres` under `frontgate serve --workers 2`: the primary is the fleet member. A distribution created
// on another edge of the fleet reaches every worker, and the fleet reports it Deployed only once those workers
// applied it (the primary's heartbeat names only ETags every worker runs); an invalidation made on the other
// edge is Completed only once every worker swept. Skips when PostgreSQL cannot start here.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateDistributionCommand,
  CreateInvalidationCommand,
  GetDistributionCommand,
  GetInvalidationCommand,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startTestPostgres } from '../fleet/postgres-support.ts';
import { s3DistributionConfig, startControlFixture } from '../support/control-fixture.ts';
import { servedBy, startServeWorkers, untilEveryWorkerAnswered } from '../support/serve-workers.ts';
import { freshConnectionClients, until, viewerGet } from '../support/workers-control.ts';

const pg = await startTestPostgres();

test('with state.postgres the primary is the fleet member: Deployed and Completed wait for every worker', {
  skip: pg.skip,
}, async (t) => {
  t.after(() => pg.stop());
  const state = (edgeName: string) => ({ postgres: pg.url as string, edgeName, liveTimeoutSeconds: 30 });
  const workers = await startServeWorkers(t, { workers: 2, extraConfig: { state: state('workers-edge') } });
  const other = await startControlFixture(t, { config: { state: state('single-edge') } });
  const { s3, destroy } = freshConnectionClients(workers);
  t.after(destroy);
  // Each edge serves from its own embedded store.
  for (const client of [s3, other.s3]) {
    await client.send(new CreateBucketCommand({ Bucket: 'fleet-site' }));
    await client.send(
      new PutObjectCommand({ Bucket: 'fleet-site', Key: 'page.txt', Body: 'version 1', ACL: 'public-read' }),
    );
  }
  // The single-process edge must have heartbeated before the workers' edge counts it, and the other way round.
  await sleep(1500);

  const victim = [...workers.workerPids().values()][0] as number;
  process.kill(victim, 'SIGSTOP');
  let id: string;
  let host: string;
  try {
    const created = await other.cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: s3DistributionConfig({ callerReference: 'fleet-1', bucket: 'fleet-site' }),
      }),
    );
    id = created.Distribution?.Id as string;
    host = created.Distribution?.DomainName as string;
    // Long enough for the workers' primary to take the change and heartbeat (every second).
    for (let i = 0; i < 25; i++) {
      const got = await other.cloudfront.send(new GetDistributionCommand({ Id: id }));
      assert.equal(got.Distribution?.Status, 'InProgress', 'a worker of the other edge has not applied it');
      await sleep(100);
    }
  } finally {
    process.kill(victim, 'SIGCONT');
  }
  await until('Deployed in the fleet', async () =>
    (await other.cloudfront.send(new GetDistributionCommand({ Id: id }))).Distribution?.Status === 'Deployed'
      ? true
      : undefined,
  );
  const served = await untilEveryWorkerAnswered(() => viewerGet(workers, host, '/page.txt'), {
    workers: 2,
    each: 3,
  });
  assert.deepEqual(
    served.map((r) => r.body.toString()),
    served.map(() => 'version 1'),
  );

  await s3.send(
    new PutObjectCommand({ Bucket: 'fleet-site', Key: 'page.txt', Body: 'version 2', ACL: 'public-read' }),
  );
  process.kill(victim, 'SIGSTOP');
  let invalidationId: string;
  try {
    const created = await other.cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: id,
        InvalidationBatch: { CallerReference: 'fleet-purge', Paths: { Quantity: 1, Items: ['/*'] } },
      }),
    );
    invalidationId = created.Invalidation?.Id as string;
    for (let i = 0; i < 25; i++) {
      const got = await other.cloudfront.send(
        new GetInvalidationCommand({ DistributionId: id, Id: invalidationId }),
      );
      assert.equal(got.Invalidation?.Status, 'InProgress', 'a worker of the other edge has not swept');
      await sleep(100);
    }
  } finally {
    process.kill(victim, 'SIGCONT');
  }
  await until('Completed in the fleet', async () =>
    (await other.cloudfront.send(new GetInvalidationCommand({ DistributionId: id, Id: invalidationId })))
      .Invalidation?.Status === 'Completed'
      ? true
      : undefined,
  );
  const afterPurge = await untilEveryWorkerAnswered(() => viewerGet(workers, host, '/page.txt'), {
    workers: 2,
    each: 3,
  });
  assert.equal(new Set(afterPurge.map(servedBy)).size, 2);
  assert.deepEqual(
    afterPurge.map((r) => r.body.toString()),
    afterPurge.map(() => 'version 2'),
  );
});
