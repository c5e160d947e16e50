// A worker killed with SIGKILL takes only its own connections: the downloads another worker is streaming
// finish byte for byte, new connections keep being served, and the primary forks a replacement for the slot.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CREDENTIALS,
  REGION,
  servedBy,
  startServeWorkers,
  untilEveryWorkerAnswered,
} from '../support/serve-workers.ts';

const KEY = 'videos/course-1/large.bin';
const SIZE = 32 * 1024 * 1024;

function makePublic(source: Record<string, unknown>): void {
  const config = source.DistributionConfig as { DefaultCacheBehavior: Record<string, unknown> };
  config.DefaultCacheBehavior.TrustedKeyGroups = { Enabled: false, Quantity: 0 };
  config.DefaultCacheBehavior.ViewerProtocolPolicy = 'allow-all';
}

type Download = {
  readonly via: string;
  /** Resumes reading; resolves with the body's SHA-256, rejects if the connection dies first. */
  readonly finish: () => Promise<string>;
};

/** Starts a GET on a new connection and holds the body unread once the headers are in. */
function startDownload(edgeUrl: string, host: string, path: string): Promise<Download> {
  const url = new URL(edgeUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, headers: { host }, agent: false },
      (res: IncomingMessage) => {
        res.pause();
        const hash = createHash('sha256');
        let received = 0;
        const done = new Promise<string>((ok, fail) => {
          res.on('data', (chunk: Buffer) => {
            received += chunk.length;
            hash.update(chunk);
          });
          res.on('error', fail);
          res.on('close', () =>
            received === SIZE && res.complete
              ? ok(hash.digest('hex'))
              : fail(new Error(`cut at ${received}`)),
          );
        });
        resolve({
          via: servedBy({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }),
          finish: () => {
            res.resume();
            return done;
          },
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('killing one worker mid-download loses no download on the other worker, and the slot comes back', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2, editDistribution: makePublic });
  const s3 = new S3Client({
    endpoint: serve.s3Url,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  t.after(() => s3.destroy());
  const body = Buffer.alloc(SIZE);
  for (let at = 0; at < SIZE; at += 4) body.writeUInt32BE(at, at);
  const expected = createHash('sha256').update(body).digest('hex');
  await s3.send(new PutObjectCommand({ Bucket: 'junlog-media', Key: KEY, Body: body }));
  const httpEdge = serve.httpEdgeUrl;
  // Cached in both workers first: a held miss would hold back the requests collapsed behind its fill.
  const warmed = new Set<string>();
  for (let i = 0; i < 40 && warmed.size < 2; i++) {
    const reply = await serve.fetchPlain(`/${KEY}`);
    assert.equal(reply.body.length, SIZE);
    if (reply.headers['x-cache'] === 'Hit from cloudfront') warmed.add(servedBy(reply));
  }
  assert.equal(warmed.size, 2, 'both workers hit');

  const downloads: Download[] = [];
  // At least two held downloads on each worker (the kernel picks which worker accepts a connection).
  const perWorker = () => [...Map.groupBy(downloads, (d) => d.via).values()].map((group) => group.length);
  for (let i = 0; i < 30 && !(perWorker().length === 2 && perWorker().every((n) => n >= 2)); i++)
    downloads.push(await startDownload(httpEdge, 'dev.cloudfront.junlog.dev', `/${KEY}`));
  const vias = [...new Set(downloads.map((d) => d.via))];
  assert.equal(vias.length, 2, 'the downloads are spread over both workers');

  const victim = serve.workerPids().get(1);
  assert.ok(victim);
  process.kill(victim, 'SIGKILL');
  const outcomes = await Promise.allSettled(downloads.map((d) => d.finish()));

  const failedVias = new Set(
    downloads.filter((_, i) => outcomes[i]?.status === 'rejected').map((d) => d.via),
  );
  assert.equal(failedVias.size, 1, 'only the killed worker’s downloads fail');
  const survivors = downloads.filter((d) => !failedVias.has(d.via));
  assert.ok(survivors.length > 0);
  for (const [i, d] of downloads.entries()) {
    if (failedVias.has(d.via)) continue;
    const outcome = outcomes[i];
    assert.equal(outcome?.status, 'fulfilled');
    assert.equal((outcome as PromiseFulfilledResult<string>).value, expected);
  }

  const restarted = await serve.waitForEvent(
    (e) => e.event === 'worker-started' && e.slot === 1 && e.pid !== victim,
  );
  assert.ok(
    serve.events().some((e) => e.event === 'worker-exited' && e.slot === 1 && e.signal === 'SIGKILL'),
  );
  // New connections reach the replacement, a process with its own Via id.
  const seen = new Set<string>();
  for (let i = 0; i < 40 && ![...seen].some((via) => !vias.includes(via)); i++) {
    const reply = await serve.fetchPlain(`/${KEY}`, 'HEAD');
    assert.equal(reply.status, 200);
    seen.add(servedBy(reply));
  }
  assert.ok(
    [...seen].some((via) => !vias.includes(via)),
    `slot 1 (pid ${restarted.pid}) serves again`,
  );
});

test('an invalidation made while a worker is down is applied by its replacement, which inherits its disk tier, before it serves', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2, editDistribution: makePublic });
  const s3 = new S3Client({
    endpoint: serve.s3Url,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  t.after(() => s3.destroy());
  // Over `cache.memoryObjectMaxBytes` (8 MiB): cached on each worker's disk tier, which outlives the process.
  const key = 'videos/course-1/disk.bin';
  const version = (n: number) => Buffer.alloc(10 * 1024 * 1024, n);
  await s3.send(new PutObjectCommand({ Bucket: 'junlog-media', Key: key, Body: version(1) }));
  await untilEveryWorkerAnswered(() => serve.fetchPlain(`/${key}`), { workers: 2, each: 2 });

  await s3.send(new PutObjectCommand({ Bucket: 'junlog-media', Key: key, Body: version(2) }));
  const victim = serve.workerPids().get(1) as number;
  process.kill(victim, 'SIGKILL');
  const created = await fetch(`${serve.adminUrl}/invalidations`, {
    method: 'POST',
    body: JSON.stringify({ distributionId: 'E1JUNLOGDEV', paths: [`/${key}`] }),
  });
  const { Invalidation } = (await created.json()) as { Invalidation: { Id: string } };
  await serve.waitForEvent(
    (e) => e.event === 'invalidation-applied-by-all-workers' && e.id === Invalidation.Id,
  );
  await serve.waitForEvent((e) => e.event === 'worker-started' && e.slot === 1 && e.pid !== victim);
  const after = await untilEveryWorkerAnswered(() => serve.fetchPlain(`/${key}`), { workers: 2, each: 2 });
  for (const reply of after) assert.ok(reply.body.equals(version(2)), `served by ${servedBy(reply)}`);
});
