// The founding story (docs/edge.md) on `frontgate serve --workers 2`, in real processes: signed cookies,
// the distribution's CORS before and after the fix, caching per worker, a SIGHUP reload and an invalidation
// that every worker applies before `frontgate invalidate --wait` reports it Completed.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CREDENTIALS,
  PAGE_ORIGIN,
  REGION,
  REPO,
  type Reply,
  SCENARIO,
  servedBy,
  startServeWorkers,
  untilEveryWorkerAnswered,
} from '../support/serve-workers.ts';

const OBJECT = '/videos/course-1/intro.mp4';
const run = promisify(execFile);

/** Requests on new connections until both workers answered at least three times. */
const onFreshConnections = (send: () => Promise<Reply>): Promise<Reply[]> =>
  untilEveryWorkerAnswered(send, { workers: 2, each: 3 });

/** Per worker (by `Via`), its replies in order. */
function byWorker(replies: readonly Reply[]): Map<string, Reply[]> {
  const groups = new Map<string, Reply[]>();
  for (const reply of replies) groups.set(servedBy(reply), [...(groups.get(servedBy(reply)) ?? []), reply]);
  return groups;
}

test('two workers serve the founding story: MissingKey without cookies, cached per worker, reload and invalidation reach both', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2 });
  const s3 = new S3Client({
    endpoint: serve.s3Url,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  t.after(() => s3.destroy());
  await s3.send(
    new PutObjectCommand({
      Bucket: 'junlog-media',
      Key: OBJECT.slice(1),
      Body: 'not really a video',
      ContentType: 'video/mp4',
    }),
  );

  // Step 1: no cookies → CloudFront's 403 MissingKey from every worker, no CORS headers.
  const denied = await onFreshConnections(() => serve.fetchCdn(OBJECT, { origin: PAGE_ORIGIN }));
  assert.equal(byWorker(denied).size, 2, 'the connections reached both workers');
  for (const reply of denied) {
    assert.equal(reply.status, 403);
    assert.match(reply.body.toString(), /<Code>MissingKey<\/Code>/);
    assert.equal(reply.headers['access-control-allow-origin'], undefined);
  }

  // Step 2: cookies, distribution before the fix: `*` from the policy; each worker misses once, then hits.
  const before = await onFreshConnections(() =>
    serve.fetchCdn(OBJECT, { origin: PAGE_ORIGIN, cookie: serve.cookie }),
  );
  const beforeGroups = byWorker(before);
  assert.equal(beforeGroups.size, 2);
  for (const [, replies] of beforeGroups) {
    assert.deepEqual(
      replies.map((r) => r.headers['x-cache']),
      ['Miss from cloudfront', ...replies.slice(1).map(() => 'Hit from cloudfront')],
    );
    for (const reply of replies) {
      assert.equal(reply.status, 200);
      assert.equal(reply.body.toString(), 'not really a video');
      assert.equal(reply.headers['access-control-allow-origin'], '*');
      assert.equal(reply.headers['access-control-allow-credentials'], undefined);
    }
  }

  // Step 3: the fixed distribution on SIGHUP, no invalidation: every worker keeps serving its cached answer.
  await copyFile(join(SCENARIO, 'distribution.after-fix.json'), join(serve.dir, 'distribution.json'));
  serve.child.kill('SIGHUP');
  await serve.waitForEvent((e) => e.event === 'edge-config-applied-by-all-workers' && e.configVersion === 1);
  const stillCached = await onFreshConnections(() =>
    serve.fetchCdn(OBJECT, { origin: PAGE_ORIGIN, cookie: serve.cookie }),
  );
  assert.equal(byWorker(stillCached).size, 2);
  for (const reply of stillCached) {
    assert.equal(reply.headers['x-cache'], 'Hit from cloudfront');
    assert.equal(reply.headers['access-control-allow-origin'], '*');
  }

  // What the doctor's stale-cache lint reads: both workers' entries, stored under the old config.
  assert.deepEqual(await cacheCounts(serve.adminUrl), { entries: 2, entriesUnderOtherConfig: 2 });

  // Step 4: `frontgate invalidate --wait` returns once both workers swept; then every worker misses first
  // and the origin's echo with credentials comes through.
  const { stdout } = await run(process.execPath, [
    join(REPO, 'src/main.ts'),
    'invalidate',
    '--admin',
    serve.adminUrl,
    '--distribution-id',
    'E1JUNLOGDEV',
    '--paths',
    '/*',
    '--wait',
  ]);
  // Created before any worker could acknowledge it; `--wait` exits 0 only once it is Completed, and prints
  // the created document, then the final one.
  const [createdText, finalText] = stdout.split(/\n(?=\{)/);
  const created = JSON.parse(createdText ?? '') as { Invalidation: { Id: string; Status: string } };
  assert.equal(
    (JSON.parse(finalText ?? '') as { Invalidation: { Status: string } }).Invalidation.Status,
    'Completed',
  );
  assert.equal(created.Invalidation.Status, 'InProgress');
  const status = (await (
    await fetch(`${serve.adminUrl}/invalidations/E1JUNLOGDEV/${created.Invalidation.Id}`)
  ).json()) as { Invalidation: { Status: string; CompletedTime?: string } };
  assert.equal(status.Invalidation.Status, 'Completed');
  assert.ok(status.Invalidation.CompletedTime);
  const fixed = await onFreshConnections(() =>
    serve.fetchCdn(OBJECT, { origin: PAGE_ORIGIN, cookie: serve.cookie }),
  );
  const fixedGroups = byWorker(fixed);
  assert.equal(fixedGroups.size, 2);
  for (const [, replies] of fixedGroups) {
    assert.equal(replies[0]?.headers['x-cache'], 'Miss from cloudfront');
    for (const reply of replies) {
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['access-control-allow-origin'], PAGE_ORIGIN);
      assert.equal(reply.headers['access-control-allow-credentials'], 'true');
    }
  }
  assert.deepEqual(await cacheCounts(serve.adminUrl), { entries: 2, entriesUnderOtherConfig: 0 });
});

/** `GET /distributions` on the admin listener: the cache counts of the one distribution, over all workers. */
async function cacheCounts(adminUrl: string): Promise<unknown> {
  const body = (await (await fetch(`${adminUrl}/distributions`)).json()) as {
    distributions: { cache: unknown }[];
  };
  return body.distributions[0]?.cache;
}
