// examples/junlog/ is the repo's copy of the team's founding-story scenario (shared/scenarios/junlog/), so a
// clone runs on its own; where the shared folder sits beside the repo (CI), the copy must not drift.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const examples = resolve(import.meta.dirname, '../examples/junlog');
const shared = resolve(import.meta.dirname, '../../shared/scenarios/junlog');

test('examples/junlog holds every JSON file of the shared scenario, byte for byte', (t) => {
  if (!existsSync(shared)) {
    t.skip(`no shared scenarios beside the repo (${shared})`);
    return;
  }
  const scenarioFiles = readdirSync(shared).filter((name) => name.endsWith('.json'));
  assert.ok(scenarioFiles.length >= 4);
  for (const name of scenarioFiles) {
    assert.ok(readFileSync(join(examples, name)).equals(readFileSync(join(shared, name))), `${name} differs`);
  }
});
