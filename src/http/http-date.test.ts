import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHttpDateFormatter, formatHttpDate, parseHttpDate } from './http-date.ts';

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

test('createHttpDateFormatter formats like formatHttpDate and changes exactly at each second', () => {
  const format = createHttpDateFormatter();
  const base = Date.parse('1994-11-06T08:49:37.000Z');
  assert.equal(format(base), 'Sun, 06 Nov 1994 08:49:37 GMT');
  assert.equal(format(base + 999), 'Sun, 06 Nov 1994 08:49:37 GMT');
  assert.equal(format(base + 1000), 'Sun, 06 Nov 1994 08:49:38 GMT');
  assert.equal(format(base - 1), 'Sun, 06 Nov 1994 08:49:36 GMT');
  for (const ms of [0, 86_399_999, 1_700_000_000_123]) assert.equal(format(ms), formatHttpDate(new Date(ms)));
});
