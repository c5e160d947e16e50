import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRangeHeader, renderContentRange } from './parse-range-header.ts';

test('parseRangeHeader follows S3 single-range rules for a 100-byte object', () => {
  const cases: [string | undefined, unknown][] = [
    [undefined, { kind: 'none' }],
    ['bytes=0-9', { kind: 'satisfiable', start: 0, end: 9 }],
    ['bytes=10-', { kind: 'satisfiable', start: 10, end: 99 }],
    ['bytes=-10', { kind: 'satisfiable', start: 90, end: 99 }],
    ['bytes=-500', { kind: 'satisfiable', start: 0, end: 99 }],
    ['bytes=50-5000', { kind: 'satisfiable', start: 50, end: 99 }],
    ['bytes=99-99', { kind: 'satisfiable', start: 99, end: 99 }],
    ['bytes=100-', { kind: 'unsatisfiable' }],
    ['bytes=100-200', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-1', { kind: 'ignored', reason: 'syntax' }],
    ['bytes=abc', { kind: 'ignored', reason: 'syntax' }],
    ['bytes=-', { kind: 'ignored', reason: 'syntax' }],
    ['bytes=0-1,5-6', { kind: 'ignored', reason: 'multiple' }],
    ['items=0-1', { kind: 'ignored', reason: 'not-bytes' }],
    ['0-1', { kind: 'ignored', reason: 'not-bytes' }],
  ];
  for (const [header, expected] of cases)
    assert.deepEqual(parseRangeHeader(header, 100), expected, String(header));
});

test('any range on an empty object is unsatisfiable', () => {
  assert.deepEqual(parseRangeHeader('bytes=0-', 0), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRangeHeader('bytes=-1', 0), { kind: 'unsatisfiable' });
});

test('renderContentRange writes the RFC form', () => {
  assert.equal(renderContentRange(0, 9, 100), 'bytes 0-9/100');
});
