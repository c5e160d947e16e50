import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createKeyValueStore,
  deleteKey,
  getKey,
  type KeyValueStore,
  listKeys,
  parseKeyValueStoreImport,
  putKey,
  updateKeys,
} from './key-value-store.ts';

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-02T00:00:00Z');

function store(entries: [string, string][] = []): KeyValueStore {
  const created = createKeyValueStore({
    name: 'kvs',
    id: 'id-1',
    arn: 'arn:aws:cloudfront::123456789012:key-value-store/id-1',
    now: T0,
    entries,
  });
  assert.ok(created.ok);
  return created.value;
}

test('every accepted write changes the ETag, and a write with a stale ETag is a ConflictException', () => {
  const first = store();
  const put = putKey(first, 'a', '1', first.etag, T1);
  assert.ok(put.ok);
  assert.notEqual(put.value.etag, first.etag);
  assert.equal(put.value.lastModified, T1);
  assert.deepEqual(getKey(put.value, 'a'), { ok: true, value: { key: 'a', value: '1' } });
  const stale = putKey(put.value, 'b', '2', first.etag, T1);
  assert.deepEqual(stale, {
    ok: false,
    error: { code: 'ConflictException', httpStatus: 409, message: 'Resource is not in expected state.' },
  });
});

test('sizes are counted in UTF-8 bytes of keys and values and kept current across puts and deletes', () => {
  const s = store([['é', 'ü€']]);
  assert.equal(s.totalSizeBytes, 2 + 5);
  const replaced = putKey(s, 'é', 'x', s.etag, T1);
  assert.ok(replaced.ok);
  assert.equal(replaced.value.totalSizeBytes, 3);
  const removed = deleteKey(replaced.value, 'é', replaced.value.etag, T1);
  assert.ok(removed.ok);
  assert.equal(removed.value.totalSizeBytes, 0);
  assert.equal(removed.value.entries.size, 0);
});

test('keys over 512 bytes and values over 1 KB are refused with ValidationException', () => {
  const s = store();
  const longKey = putKey(s, 'k'.repeat(513), 'v', s.etag, T1);
  assert.equal(!longKey.ok && longKey.error.code, 'ValidationException');
  const longValue = putKey(s, 'k', 'v'.repeat(1025), s.etag, T1);
  assert.equal(!longValue.ok && longValue.error.code, 'ValidationException');
  assert.ok(putKey(s, 'k'.repeat(512), 'v'.repeat(1024), s.etag, T1).ok);
});

test('UpdateKeys is all-or-nothing and deleting a missing key is ResourceNotFoundException', () => {
  const s = store([['keep', '1']]);
  const refused = updateKeys(
    s,
    {
      puts: [
        { key: 'a', value: '1' },
        { key: '', value: 'x' },
      ],
      deletes: [{ key: 'keep' }],
    },
    s.etag,
    T1,
  );
  assert.equal(refused.ok, false);
  assert.equal(s.entries.get('keep'), '1');
  const missing = deleteKey(s, 'nope', s.etag, T1);
  assert.equal(!missing.ok && missing.error.code, 'ResourceNotFoundException');
});

test('the store refuses to grow past 5 MB', () => {
  const s = store();
  const puts = Array.from({ length: 5200 }, (_, i) => ({
    key: `key-${i}`.padEnd(24, '-'),
    value: 'v'.repeat(1000),
  }));
  const result = updateKeys(s, { puts }, s.etag, T1);
  assert.equal(!result.ok && result.error.code, 'ServiceQuotaExceededException');
});

test('ListKeys pages in key order with a continuation token', () => {
  const s = store([
    ['c', '3'],
    ['a', '1'],
    ['b', '2'],
  ]);
  const page1 = listKeys(s, 2);
  assert.ok(page1.ok);
  assert.deepEqual(
    page1.value.items.map((item) => item.key),
    ['a', 'b'],
  );
  const page2 = listKeys(s, 2, page1.value.nextToken);
  assert.ok(page2.ok);
  assert.deepEqual(page2.value, { items: [{ key: 'c', value: '3' }] });
});

test('the import source format {"data":[{"key","value"}]} is read and malformed sources are refused', () => {
  assert.deepEqual(
    parseKeyValueStoreImport('{"data":[{"key":"/a","value":"/b"},{"key":"k","value":"{\\"j\\":1}"}]}'),
    {
      ok: true,
      value: [
        ['/a', '/b'],
        ['k', '{"j":1}'],
      ],
    },
  );
  for (const bad of [
    'nope',
    '{}',
    '{"data":[{"key":1,"value":"x"}]}',
    `{"data":[{"key":"k","value":"${'x'.repeat(1025)}"}]}`,
  ]) {
    const result = parseKeyValueStoreImport(bad);
    assert.equal(!result.ok && result.error.code, 'ValidationException', bad.slice(0, 40));
  }
});
