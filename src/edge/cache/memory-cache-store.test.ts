import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metaFor, runCacheStoreContract } from './cache-store-contract.ts';
import { createMemoryCacheStore } from './memory-cache-store.ts';

runCacheStoreContract('memory store', async () =>
  createMemoryCacheStore({ maxBytes: 100_000, maxObjectBytes: 1000 }),
);

test('memory store: the byte budget evicts the least recently used entries', async () => {
  const store = createMemoryCacheStore({ maxBytes: 3000, maxObjectBytes: 1000 });
  for (const key of ['a', 'b', 'c', 'd']) {
    const w = store.createWriter(metaFor(key));
    await w.write(Buffer.alloc(900));
    await w.commit();
  }
  assert.equal(store.get('a'), undefined);
  assert.ok(store.get('d'));
});
