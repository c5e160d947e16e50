import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidEncodingError, parseQuery, percentDecode, splitRequestTarget } from './request-target.ts';

test('splitRequestTarget keeps dot segments, double slashes and encodings intact', () => {
  assert.deepEqual(splitRequestTarget('/b/a/../c//d%2Fe?x=1&y'), {
    rawPath: '/b/a/../c//d%2Fe',
    rawQuery: 'x=1&y',
  });
  assert.deepEqual(splitRequestTarget('http://host:9/b/k?q'), { rawPath: '/b/k', rawQuery: 'q' });
  assert.deepEqual(splitRequestTarget('http://host:9'), { rawPath: '/', rawQuery: '' });
  assert.deepEqual(splitRequestTarget('/k?a=1?b'), { rawPath: '/k', rawQuery: 'a=1?b' });
});

test('parseQuery decodes names and values and keeps valueless parameters', () => {
  assert.deepEqual(parseQuery('uploads&prefix=a%2Fb+c&x='), [
    ['uploads', ''],
    ['prefix', 'a/b c'],
    ['x', ''],
  ]);
});

test('percentDecode refuses malformed escapes and keeps plus signs', () => {
  assert.equal(percentDecode('a+b%20c'), 'a+b c');
  assert.throws(() => percentDecode('%E0%A4%A'), InvalidEncodingError);
  assert.throws(() => percentDecode('%ff'), InvalidEncodingError);
});
