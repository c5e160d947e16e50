// `frontgate demo` argument checks: bad values are usage errors before anything starts listening.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CliIo } from './command.ts';
import { UsageError } from './command.ts';
import { demoCommand } from './demo.ts';

function silentIo(): CliIo {
  return {
    stdout: () => {},
    stderr: () => {},
    env: {},
    cwd: '/dev/null/not-a-dir', // nothing can be created under it, should a check be missed
    shutdownSignal: AbortSignal.abort(),
    onReload: () => () => {},
  };
}

test('an unknown --log-level is a usage error naming the accepted levels', async () => {
  await assert.rejects(demoCommand.run(['--log-level', 'verbose'], silentIo()), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /debug, info, warn or error/);
    return true;
  });
});

test('an unknown --names mode is a usage error', async () => {
  await assert.rejects(demoCommand.run(['--names', 'prod'], silentIo()), UsageError);
});

test('the help text lists every option the demo command parses', () => {
  for (const option of ['--names', '--data-dir', '--log-level', '--debug'])
    assert.ok(demoCommand.usage.includes(option), `usage mentions ${option}`);
});
