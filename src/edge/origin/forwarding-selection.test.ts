import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createForwardSelector, type Selection } from './forwarding-selection.ts';

const none: Selection = { behavior: 'none', names: [] };
const all: Selection = { behavior: 'all', names: [] };
const allowA: Selection = { behavior: 'whitelist', names: ['a'] };
const allowB: Selection = { behavior: 'whitelist', names: ['b'] };
const blockA: Selection = { behavior: 'allExcept', names: ['a'] };
const blockB: Selection = { behavior: 'allExcept', names: ['b'] };

function forwarded(cp: Selection, orp: Selection | undefined): string {
  const select = createForwardSelector(cp, orp);
  return ['a', 'b', 'c'].filter(select).join(',');
}

test('cache policy ∪ origin request policy follows the table of AWS: "Control origin requests with a policy"', () => {
  assert.equal(forwarded(none, undefined), '');
  assert.equal(forwarded(none, all), 'a,b,c');
  assert.equal(forwarded(none, allowB), 'b');
  assert.equal(forwarded(none, blockB), 'a,c');
  assert.equal(forwarded(all, blockB), 'a,b,c');
  assert.equal(forwarded(allowA, none), 'a');
  assert.equal(forwarded(allowA, allowB), 'a,b');
  assert.equal(forwarded(allowA, blockA), 'a,b,c');
  assert.equal(forwarded(blockA, none), 'b,c');
  assert.equal(forwarded(blockA, allowA), 'a,b,c');
  assert.equal(forwarded(blockA, blockB), 'c');
});
