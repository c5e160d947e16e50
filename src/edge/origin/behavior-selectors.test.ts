import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompiledBehavior } from '../distribution/compiled-distribution.ts';
import { compileBehaviorSelectors, createBehaviorSelectorCache } from './behavior-selectors.ts';

const behavior = (headers: string[], orpHeaders?: string[]) =>
  ({
    cachePolicy: {
      queryStrings: { behavior: 'whitelist', names: ['v'] },
      headers: { behavior: headers.length > 0 ? 'whitelist' : 'none', names: headers },
      cookies: { behavior: 'none', names: [] },
    },
    originRequestPolicy:
      orpHeaders === undefined
        ? undefined
        : {
            queryStrings: { behavior: 'all', names: [] },
            headers: { behavior: 'whitelist', names: orpHeaders },
            cookies: { behavior: 'whitelist', names: ['session'] },
          },
  }) as unknown as CompiledBehavior;

test('key selectors follow the cache policy alone; forward selectors unite it with the origin request policy', () => {
  const s = compileBehaviorSelectors(behavior(['X-Tenant'], ['Origin']));
  assert.equal(s.key.headers('x-tenant'), true);
  assert.equal(s.key.headers('origin'), false);
  assert.equal(s.forward.headers('origin'), true);
  assert.equal(s.forward.headers('x-tenant'), true);
  assert.equal(s.key.query('other'), false);
  assert.equal(s.forward.query('other'), true);
  assert.equal(s.forward.cookies('session'), true);
  assert.equal(s.key.cookies('session'), false);
});

test('the selector cache compiles once per behavior object and again for a new snapshot’s behavior', () => {
  const selectorsFor = createBehaviorSelectorCache();
  const a = behavior(['X-Tenant']);
  assert.equal(selectorsFor(a), selectorsFor(a));
  assert.notEqual(selectorsFor(a), selectorsFor(behavior(['X-Tenant'])));
});
