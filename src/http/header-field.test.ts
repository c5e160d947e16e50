import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHeaderFieldName, isHeaderFieldValue } from './header-field.ts';

test('header values with CR, LF, NUL, other controls or characters beyond latin1 cannot be written', () => {
  for (const value of ['a\r\nb', 'a\nb', 'a\rb', 'a\u0000b', 'a\u0001b', 'a\u007fb', 'x-\u20ac']) {
    assert.equal(isHeaderFieldValue(value), false, JSON.stringify(value));
  }
  for (const value of ['', 'ETag, x-amz-version-id', 'a\tb', 'caf\u00e9', '"quoted"; q=1']) {
    assert.equal(isHeaderFieldValue(value), true, JSON.stringify(value));
  }
});

test('header names must be tokens', () => {
  assert.equal(isHeaderFieldName('Access-Control-Expose-Headers'), true);
  for (const name of ['', 'a b', 'a:b', 'a\r\n', 'x-\u00e9']) assert.equal(isHeaderFieldName(name), false);
});
