import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHttpDate, parseHttpDate } from './http-date.ts';

test('formatHttpDate writes IMF-fixdate', () => {
  assert.equal(formatHttpDate(new Date('1994-11-06T08:49:37.123Z')), 'Sun, 06 Nov 1994 08:49:37 GMT');
});

test('parseHttpDate reads the three RFC 9110 forms and rejects others', () => {
  const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
  assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')?.getTime(), expected);
  assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')?.getTime(), expected);
  assert.equal(parseHttpDate('Sun Nov  6 08:49:37 1994')?.getTime(), expected);
  assert.equal(parseHttpDate('2024'), undefined);
  assert.equal(parseHttpDate('Sun, 31 Feb 1994 08:49:37 GMT'), undefined);
  assert.equal(parseHttpDate(undefined), undefined);
});
