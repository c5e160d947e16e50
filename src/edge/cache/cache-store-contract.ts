// The contract every CacheStore implementation passes (memory and disk tiers): the same behaviour tests
// run against each, as undici does for its cache stores.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { Readable } from 'node:stream';
import type { CachedObjectMeta, CacheStore } from './cache-store.ts';

export function metaFor(key: string, overrides: Partial<CachedObjectMeta> = {}): CachedObjectMeta {
  return {
    key,
    distributionId: 'E1',
    invalidationPath: `/${key}`,
    status: 200,
    headers: [['content-type', 'text/plain']],
    sizeBytes: -1,
    storedAtMs: 1000,
    expiresAtMs: 61_000,
    isError: false,
    noStaleIfError: false,
    ...overrides,
  };
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

export function runCacheStoreContract(
  name: string,
  createStore: (t: TestContext) => Promise<CacheStore>,
): void {
  test(`${name}: a committed entry is readable whole and by byte range, with its size counted`, async (t) => {
    const store = await createStore(t);
    const writer = store.createWriter(metaFor('k1'));
    await writer.write(Buffer.from('hello '));
    await writer.write(Buffer.from('world'));
    assert.equal(store.get('k1'), undefined, 'not visible before commit');
    await writer.commit();
    const entry = store.get('k1');
    assert.ok(entry);
    assert.equal(entry.meta.sizeBytes, 11);
    assert.equal(await readAll(entry.open()), 'hello world');
    assert.equal(await readAll(entry.open({ start: 6, end: 10 })), 'world');
  });

  test(`${name}: an aborted writer leaves nothing and an existing entry survives`, async (t) => {
    const store = await createStore(t);
    const first = store.createWriter(metaFor('k2'));
    await first.write(Buffer.from('v1'));
    await first.commit();
    const second = store.createWriter(metaFor('k2'));
    await second.write(Buffer.from('partial'));
    second.abort();
    assert.equal(await readAll(store.get('k2')!.open()), 'v1');
    const third = store.createWriter(metaFor('k3'));
    await third.write(Buffer.from('x'));
    third.abort();
    assert.equal(store.get('k3'), undefined);
    assert.deepEqual(
      [...store.entries()].map((m) => m.key),
      ['k2'],
    );
  });

  test(`${name}: updateMeta changes freshness without touching the body; delete removes`, async (t) => {
    const store = await createStore(t);
    const writer = store.createWriter(metaFor('k4'));
    await writer.write(Buffer.from('body'));
    await writer.commit();
    store.updateMeta(metaFor('k4', { expiresAtMs: 999_000 }));
    const entry = store.get('k4')!;
    assert.equal(entry.meta.expiresAtMs, 999_000);
    assert.equal(entry.meta.sizeBytes, 4);
    assert.equal(await readAll(entry.open()), 'body');
    store.delete('k4');
    assert.equal(store.get('k4'), undefined);
  });

  test(`${name}: an empty body is a valid entry`, async (t) => {
    const store = await createStore(t);
    const writer = store.createWriter(metaFor('empty', { status: 204 }));
    await writer.commit();
    assert.equal(await readAll(store.get('empty')!.open()), '');
  });

  test(`${name}: objects over the per-object limit are refused, not truncated`, async (t) => {
    const store = await createStore(t);
    const writer = store.createWriter(metaFor('big'));
    await writer.write(Buffer.alloc(600, 1));
    await writer.write(Buffer.alloc(600, 1));
    await writer.commit();
    assert.equal(store.get('big'), undefined);
  });
}
