import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectListPage, type KeyedRow } from './list-objects-page.ts';

/** A sorted in-memory index whose seek counts how many rows it was asked to read. */
function countingIndex(keys: readonly string[]) {
  const rows: KeyedRow<string>[] = [...keys]
    .map((key) => ({ key, keyBytes: Buffer.from(key), value: key }))
    .sort((a, b) => Buffer.compare(a.keyBytes, b.keyBytes));
  const stats = { seeks: 0, rowsRead: 0 };
  const seek = (lower: Buffer, upper: Buffer | undefined, limit: number) => {
    stats.seeks++;
    const found = rows
      .filter(
        (r) =>
          Buffer.compare(r.keyBytes, lower) >= 0 &&
          (upper === undefined || Buffer.compare(r.keyBytes, upper) < 0),
      )
      .slice(0, limit);
    stats.rowsRead += found.length;
    return found;
  };
  return { seek, stats };
}

test('a delimiter listing reads one row per common prefix, not every key under it', () => {
  const keys = [
    ...Array.from({ length: 5000 }, (_, i) => `big/${i}`),
    ...Array.from({ length: 5000 }, (_, i) => `huge/${i}`),
    'top',
  ];
  const { seek, stats } = countingIndex(keys);
  const page = collectListPage({ delimiter: '/', maxKeys: 1000 }, seek);
  assert.deepEqual(page.commonPrefixes, ['big/', 'huge/']);
  assert.deepEqual(page.objects, ['top']);
  assert.equal(page.isTruncated, false);
  assert.ok(stats.rowsRead <= 60, `read ${stats.rowsRead} rows`);
  assert.ok(stats.seeks <= 4, `${stats.seeks} seeks`);
});

test('a plain listing asks for maxKeys + 1 rows and no more', () => {
  const { seek, stats } = countingIndex(
    Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(3, '0')}`),
  );
  const page = collectListPage({ maxKeys: 10, after: 'k004' }, seek);
  assert.deepEqual(page.objects, [
    'k005',
    'k006',
    'k007',
    'k008',
    'k009',
    'k010',
    'k011',
    'k012',
    'k013',
    'k014',
  ]);
  assert.equal(page.isTruncated, true);
  assert.equal(page.lastReturned, 'k014');
  assert.equal(stats.rowsRead, 11);
});

test('a start-after inside a group rolls the rest of the group up again; after the prefix itself skips it', () => {
  const { seek } = countingIndex(['a/1', 'a/2', 'a/3', 'b']);
  assert.deepEqual(collectListPage({ delimiter: '/', after: 'a/1', maxKeys: 10 }, seek).commonPrefixes, [
    'a/',
  ]);
  const continued = collectListPage({ delimiter: '/', after: 'a/', maxKeys: 10 }, seek);
  assert.deepEqual([continued.commonPrefixes, continued.objects], [[], ['b']]);
});

test('a multi-character delimiter and a prefix that ends inside it', () => {
  const { seek } = countingIndex(['x--y--z', 'x--w', 'x-', 'x-a--b']);
  const page = collectListPage({ prefix: 'x-', delimiter: '--', maxKeys: 10 }, seek);
  // The delimiter is looked for after the prefix, so `x--y--z` rolls up at its second `--`.
  assert.deepEqual(page.commonPrefixes, ['x--y--', 'x-a--']);
  assert.deepEqual(page.objects, ['x-', 'x--w']);
});
