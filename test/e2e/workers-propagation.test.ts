// What the primary takes in reaches every worker before it says so: after an invalidation is Completed no
// worker serves the purged object, and after a config reload is applied every worker serves the new config.
// Checked over many fresh connections, which node:cluster hands to the workers in turn.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CREDENTIALS,
  getFresh,
  REGION,
  servedBy,
  startServeWorkers,
  untilEveryWorkerAnswered,
} from '../support/serve-workers.ts';

const KEY = 'videos/course-1/notes.txt';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

function makePublic(source: Record<string, unknown>): void {
  const config = source.DistributionConfig as { DefaultCacheBehavior: Record<string, unknown> };
  config.DefaultCacheBehavior.TrustedKeyGroups = { Enabled: false, Quantity: 0 };
  config.DefaultCacheBehavior.ViewerProtocolPolicy = 'allow-all';
}

test('after an invalidation is Completed and after a reload is applied, no worker serves the old object or the old config', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2, editDistribution: makePublic });
  const s3 = new S3Client({
    endpoint: serve.s3Url,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  t.after(() => s3.destroy());
  const put = (body: string) =>
    s3.send(
      new PutObjectCommand({ Bucket: 'junlog-media', Key: KEY, Body: body, ContentType: 'text/plain' }),
    );
  const fetchMany = (each: number) =>
    untilEveryWorkerAnswered(() => serve.fetchCdn(`/${KEY}`), { workers: 2, each });

  await put('version 1');
  const warm = await fetchMany(3);
  assert.equal(new Set(warm.map(servedBy)).size, 2, 'both workers cached version 1');
  assert.ok(warm.every((r) => r.body.toString() === 'version 1'));
  assert.ok(warm.some((r) => r.headers['x-cache'] === 'Hit from cloudfront'));

  await put('version 2');
  const created = await fetch(`${serve.adminUrl}/invalidations`, {
    method: 'POST',
    body: JSON.stringify({ distributionId: 'E1JUNLOGDEV', paths: ['/videos/*'] }),
  });
  assert.equal(created.status, 201);
  const { Invalidation } = (await created.json()) as { Invalidation: { Id: string; Status: string } };
  assert.equal(Invalidation.Status, 'InProgress', 'no worker can have acknowledged it yet');
  await serve.waitForEvent(
    (e) => e.event === 'invalidation-applied-by-all-workers' && e.id === Invalidation.Id,
  );
  const status = (await (
    await getFresh(`${serve.adminUrl}/invalidations/E1JUNLOGDEV/${Invalidation.Id}`)
  ).body.toString()) as string;
  assert.equal(JSON.parse(status).Invalidation.Status, 'Completed');
  const afterInvalidation = await fetchMany(5);
  assert.equal(new Set(afterInvalidation.map(servedBy)).size, 2);
  assert.deepEqual(
    afterInvalidation.map((r) => r.body.toString()),
    afterInvalidation.map(() => 'version 2'),
  );

  // The reload switches the default behavior to CachingDisabled: from then on every request is a miss.
  const file = join(serve.dir, 'distribution.json');
  const source = JSON.parse(await readFile(file, 'utf8'));
  source.DistributionConfig.DefaultCacheBehavior.CachePolicyId = CACHING_DISABLED;
  await writeFile(file, JSON.stringify(source, null, 2));
  serve.child.kill('SIGHUP');
  await serve.waitForEvent((e) => e.event === 'edge-config-applied-by-all-workers');
  const afterReload = await fetchMany(5);
  assert.equal(new Set(afterReload.map(servedBy)).size, 2);
  assert.deepEqual(
    afterReload.map((r) => r.headers['x-cache']),
    afterReload.map(() => 'Miss from cloudfront'),
  );
});
