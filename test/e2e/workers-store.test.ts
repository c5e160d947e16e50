// The store under `frontgate serve --workers 2`: every worker opens the same SQLite metadata (WAL, shared)
// and writes in its own process. Conditional creates racing in different workers have exactly one winner,
// and overwrites from both workers, with one worker SIGKILLed mid-way, leave every key at an intact,
// acknowledged-or-newer version and (after the primary's recovery) no orphaned files.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Agent } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { createFileObjectStore } from '../../src/store/index.ts';
import { CREDENTIALS, REGION, startServeWorkers } from '../support/serve-workers.ts';

const BUCKET = 'junlog-media';

/** A client whose every request opens a new connection, so node:cluster spreads them over the workers. */
function freshConnectionClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: false }), requestTimeout: 10_000 },
  });
}

/** `{key, version}` then filler, then the SHA-256 of all before it: a body that proves it is whole. */
function makeBody(key: string, version: number): Buffer {
  const content = Buffer.concat([
    Buffer.from(`${JSON.stringify({ key, version })}\n`),
    Buffer.alloc(1000 + ((version * 7919) % 60_000), version % 251),
  ]);
  return Buffer.concat([content, Buffer.from(createHash('sha256').update(content).digest('hex'))]);
}

function parseBody(bytes: Buffer): { key: string; version: number } {
  const content = bytes.subarray(0, bytes.length - 64);
  assert.equal(
    createHash('sha256').update(content).digest('hex'),
    bytes.subarray(bytes.length - 64).toString(),
  );
  return JSON.parse(content.subarray(0, content.indexOf(10)).toString()) as { key: string; version: number };
}

test('conditional creates racing in two workers have exactly one winner per key, and its body is stored', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2 });
  const s3 = freshConnectionClient(serve.s3Url);
  t.after(() => s3.destroy());
  for (let k = 0; k < 6; k++) {
    const key = `race/${k}`;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, async (_, contender) => {
        try {
          await s3.send(
            new PutObjectCommand({
              Bucket: BUCKET,
              Key: key,
              Body: `contender ${contender}`,
              IfNoneMatch: '*',
            }),
          );
          return { contender, status: 200 };
        } catch (error) {
          assert.ok(error instanceof S3ServiceException, String(error));
          return { contender, status: error.$metadata.httpStatusCode ?? 0 };
        }
      }),
    );
    const winners = outcomes.filter((o) => o.status === 200);
    assert.equal(winners.length, 1, `one winner for ${key}: ${JSON.stringify(outcomes)}`);
    for (const loser of outcomes.filter((o) => o.status !== 200))
      assert.ok([409, 412].includes(loser.status), `a loser gets 412 or 409, not ${loser.status}`);
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    assert.equal(await stored.Body?.transformToString(), `contender ${winners[0]?.contender}`);
  }
});

test('overwrites from both workers, one worker SIGKILLed mid-way, leave every key whole at an acknowledged-or-newer version', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2 });
  const s3 = freshConnectionClient(serve.s3Url);
  t.after(() => s3.destroy());
  const acknowledged = new Map<string, number>();
  let killed = false;
  let victim: number | undefined;
  let writes = 0;
  // Four writers, each the only writer of its keys, so its last acknowledged version is the floor.
  const writer = async (w: number): Promise<void> => {
    for (let version = 1; version <= 25; version++) {
      const key = `overwrite/w${w}/${version % 3}`;
      try {
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: makeBody(key, version) }));
        acknowledged.set(key, version);
      } catch (error) {
        // A write the killed worker was handling is lost or not: either way it was never acknowledged.
        assert.ok(killed, `write failed while no worker was killed: ${String(error)}`);
      }
      writes++;
      if (!killed && writes === 30) {
        killed = true;
        victim = serve.workerPids().get(2);
        process.kill(victim as number, 'SIGKILL');
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
  assert.ok(killed);
  await serve.waitForEvent((e) => e.event === 'worker-started' && e.slot === 2 && e.pid !== victim);

  // Read back through the workers, then stop and reopen the data directory as the next start would.
  for (const [key, version] of acknowledged) {
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const body = parseBody(
      Buffer.from(
        await (got.Body as { transformToByteArray: () => Promise<Uint8Array> }).transformToByteArray(),
      ),
    );
    assert.equal(body.key, key);
    assert.ok(body.version >= version, `${key} at ${body.version}, acknowledged ${version}`);
  }
  const exited = once(serve.child, 'exit');
  serve.child.kill('SIGTERM');
  await exited;
  const dataDir = join(serve.dir, 'data', 's3');
  const store = await createFileObjectStore({ dataDir });
  try {
    const page = await store.listObjects(BUCKET, { prefix: 'overwrite/', maxKeys: 1000 });
    assert.equal(page.objects.length, acknowledged.size);
    for (const object of page.objects) {
      const chunks: Buffer[] = [];
      for await (const chunk of store.openObject(object)) chunks.push(chunk as Buffer);
      const body = parseBody(Buffer.concat(chunks));
      assert.ok(body.version >= (acknowledged.get(object.key) ?? Number.POSITIVE_INFINITY));
    }
    // Recovery on reopen: no temp files, and every data file is some object's.
    assert.deepEqual(await readdir(join(dataDir, 'tmp')), []);
    const all = await store.listObjects(BUCKET, { maxKeys: 1000 });
    let files = 0;
    for (const fanOut of await readdir(join(dataDir, 'data')))
      files += (await readdir(join(dataDir, 'data', fanOut))).length;
    assert.equal(files, new Set(all.objects.map((o) => o.dataId)).size);
  } finally {
    await store.close();
  }
});
