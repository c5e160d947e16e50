// `frontgate` under an older Node (the system Node of a fresh machine) says in one line what to do instead of
// failing on the TypeScript sources; under Node 24 it runs.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = join(resolve(import.meta.dirname, '../..'), 'bin/frontgate.js');
const SYSTEM_NODE = '/usr/bin/node';

test('under a Node older than 24 the bin prints one line naming npx/npm run and exits 1', async (t) => {
  if (!existsSync(SYSTEM_NODE)) return t.skip(`no ${SYSTEM_NODE}`);
  const { stdout: version } = await run(SYSTEM_NODE, ['--version']);
  if (Number(version.slice(1).split('.')[0]) >= 24) return t.skip(`${SYSTEM_NODE} is ${version.trim()}`);
  const outcome = await run(SYSTEM_NODE, [BIN, '--help']).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  );
  assert.equal(outcome.code, 1);
  const lines = outcome.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, outcome.stderr);
  assert.match(
    lines[0]!,
    /^frontgate needs Node\.js 24 or newer, this is v\d+\..*npx frontgate … or npm run …/,
  );
});

test('under Node 24 the bin runs the sources', async () => {
  const { stdout } = await run(process.execPath, [BIN, '--help']);
  assert.match(stdout, /^Usage: frontgate <command>/);
});
