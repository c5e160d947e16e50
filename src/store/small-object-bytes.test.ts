import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSmallObjectBytes, SMALL_OBJECT_MAX_BYTES } from './small-object-bytes.ts';

function fileOf(content: Buffer) {
  const reads: { start: number; end: number }[] = [];
  return {
    reads,
    readFile: (range: { start: number; end: number }) => {
      reads.push(range);
      return Buffer.from(content.subarray(range.start, range.end + 1));
    },
  };
}

test('a small object is read from its file once, then served (whole or in ranges) from memory', () => {
  const content = Buffer.from('0123456789');
  const file = fileOf(content);
  const bytes = createSmallObjectBytes();
  assert.equal(bytes.read('d1', 10, { start: 0, end: 9 }, file.readFile).toString(), '0123456789');
  assert.equal(bytes.read('d1', 10, { start: 2, end: 4 }, file.readFile).toString(), '234');
  assert.equal(bytes.read('d1', 10, { start: 0, end: 9 }, file.readFile).toString(), '0123456789');
  assert.deepEqual(file.reads, [{ start: 0, end: 9 }]);
  bytes.forget('d1');
  bytes.read('d1', 10, { start: 9, end: 9 }, file.readFile);
  assert.equal(file.reads.length, 2, 'forgotten bytes are read again');
});

test('objects above the size bound are always read from the file, in the range asked', () => {
  const size = SMALL_OBJECT_MAX_BYTES + 1;
  const file = fileOf(Buffer.alloc(size, 7));
  const bytes = createSmallObjectBytes();
  bytes.read('big', size, { start: 0, end: 99 }, file.readFile);
  bytes.read('big', size, { start: 0, end: 99 }, file.readFile);
  assert.deepEqual(file.reads, [
    { start: 0, end: 99 },
    { start: 0, end: 99 },
  ]);
});

test('the memory budget evicts the least recently used objects', () => {
  const file = fileOf(Buffer.alloc(1000, 1));
  const bytes = createSmallObjectBytes(2500);
  for (const id of ['a', 'b', 'c']) bytes.read(id, 1000, { start: 0, end: 999 }, file.readFile);
  bytes.read('c', 1000, { start: 0, end: 999 }, file.readFile);
  assert.equal(file.reads.length, 3, 'c is still in memory');
  bytes.read('a', 1000, { start: 0, end: 999 }, file.readFile);
  assert.equal(file.reads.length, 4, 'a was evicted to make room for c');
});
