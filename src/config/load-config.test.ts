import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConfigContext } from './config-context.ts';
import { ConfigError } from './config-error.ts';
import { parseFrontgateConfig } from './load-config.ts';

const context = createConfigContext('/tmp');

test('workers is a whole number from 1 to 256, absent by default', () => {
  assert.equal(parseFrontgateConfig({}, context).workers, undefined);
  assert.equal(parseFrontgateConfig({ workers: 4 }, context).workers, 4);
  for (const bad of [0, -1, 1.5, '2', 257, null]) {
    assert.throws(
      () => parseFrontgateConfig({ workers: bad }, context),
      (error: unknown) => error instanceof ConfigError && error.jsonPath === 'workers',
      `workers: ${JSON.stringify(bad)}`,
    );
  }
});
