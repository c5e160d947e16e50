import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchCorsPattern } from './match-cors-pattern.ts';

const cases: [pattern: string, value: string, expected: boolean][] = [
  ['*', '', true],
  ['*', 'anything at all', true],
  ['abc', 'abc', true],
  ['abc', 'abcd', false],
  ['abc', 'ABC', false],
  ['', '', true],
  ['', 'x', false],
  ['a*c', 'ac', true],
  ['a*c', 'abbbc', true],
  ['a*c', 'abbbcd', false],
  ['ab*ba', 'aba', false],
  ['ab*ba', 'abba', true],
  ['*.example.com', '.example.com', true],
  ['*.example.com', 'a.b.example.com', true],
  ['x-amz-*', 'x-amz-', true],
  ['x-amz-*', 'x-amzn-trace', false],
  ['a*b*c', 'a-b-c', true],
  ['a*b*c', 'a-c', false],
  ['a*b*c', 'abc', true],
  ['a*bc*c', 'abcc', true],
  ['a*bc*c', 'abc', false],
];

for (const [pattern, value, expected] of cases) {
  test(`pattern ${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(value)}`, () => {
    assert.equal(matchCorsPattern(pattern, value), expected);
  });
}
