import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { metaFor, runCacheStoreContract } from './cache-store-contract.ts';
import { createDiskCacheStore } from './disk-cache-store.ts';
import { createMemoryCacheStore } from './memory-cache-store.ts';
import { createTieredCacheStore } from './tiered-cache-store.ts';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-disk-cache-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

runCacheStoreContract('disk store', async (t) =>
  createDiskCacheStore({ dir: await tempDir(t), maxBytes: 100_000, maxObjectBytes: 1000 }),
);

runCacheStoreContract('tiered store', async (t) =>
  createTieredCacheStore(
    createMemoryCacheStore({ maxBytes: 100_000, maxObjectBytes: 1000 }),
    createDiskCacheStore({ dir: await tempDir(t), maxBytes: 100_000, maxObjectBytes: 1000 }),
    { memoryObjectMaxBytes: 10 },
  ),
);

test('disk store: entries survive a restart and aborted writes leave no files', async (t) => {
  const dir = await tempDir(t);
  const first = createDiskCacheStore({ dir, maxBytes: 100_000 });
  const w = first.createWriter(metaFor('persist'));
  await w.write(Buffer.from('kept'));
  await w.commit();
  const aborted = first.createWriter(metaFor('gone'));
  await aborted.write(Buffer.from('x'));
  aborted.abort();
  await new Promise((r) => setTimeout(r, 20));
  const again = createDiskCacheStore({ dir, maxBytes: 100_000 });
  const entry = again.get('persist');
  assert.ok(entry);
  const chunks: Buffer[] = [];
  for await (const c of entry.open()) chunks.push(c as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), 'kept');
  assert.equal(again.get('gone'), undefined);
  assert.equal((await readdir(dir)).filter((n) => n.endsWith('.tmp')).length, 0);
  again.delete('persist');
  assert.deepEqual(await readdir(dir), []);
});
