import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etagMatchesStrong, etagMatchesWeak, parseEtagList } from './etag.ts';

test('parseEtagList reads lists, weak tags and the wildcard', () => {
  assert.equal(parseEtagList(' * '), '*');
  assert.deepEqual(parseEtagList('"a", W/"b",c'), ['"a"', 'W/"b"', 'c']);
  assert.deepEqual(parseEtagList('"a,b"'), ['"a,b"']);
});

test('strong comparison refuses weak tags while weak comparison ignores W/', () => {
  assert.equal(etagMatchesStrong('W/"a"', '"a"'), false);
  assert.equal(etagMatchesStrong('"a"', '"a"'), true);
  assert.equal(etagMatchesWeak('W/"a"', '"a"'), true);
  assert.equal(etagMatchesWeak('"b"', '"a"'), false);
  assert.equal(etagMatchesStrong('"abc-2"', '"abc-2"'), true);
});
