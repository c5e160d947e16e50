import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commands } from './commands.ts';

test('every command in the table loads the command of that name, with a usage line naming it', async () => {
  assert.ok(commands.length >= 8);
  for (const entry of commands) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.match(command.usage, new RegExp(`frontgate ${entry.name}\\b`));
    assert.ok(entry.summary.length > 0);
  }
  assert.equal(new Set(commands.map((c) => c.name)).size, commands.length, 'names are unique');
});
