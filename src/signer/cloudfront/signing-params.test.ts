import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSigningParams, stripSigningParams } from './signing-params.ts';

describe('stripSigningParams', () => {
  const table: [string, string][] = [
    ['', ''],
    ['Expires=1&Signature=a&Key-Pair-Id=K', ''],
    ['b=2&Policy=x&a=1&Signature=y&Key-Pair-Id=K&Hash-Algorithm=SHA256', 'b=2&a=1'],
    ['x=%20a+b&Expires=1&y=%2f', 'x=%20a+b&y=%2f'],
    ['expires=1&Signature', 'expires=1'],
    ['Key-Pair-Id2=1&Signatures=2', 'Key-Pair-Id2=1&Signatures=2'],
    ['a=1&&b=2', 'a=1&&b=2'],
  ];
  for (const [raw, expected] of table) {
    it(`turns ${JSON.stringify(raw)} into ${JSON.stringify(expected)}`, () => {
      assert.equal(stripSigningParams(raw), expected);
    });
  }
});

describe('findSigningParams', () => {
  it('takes the first occurrence of each parameter, by exact name, keeping raw values', () => {
    assert.deepEqual(findSigningParams('x=1&Signature=a%7Eb&Expires=5&Expires=6&Key-Pair-Id&policy=no'), {
      Signature: 'a%7Eb',
      Expires: '5',
      'Key-Pair-Id': '',
    });
  });
});
