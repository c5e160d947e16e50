// A throwaway PostgreSQL for one fleet test file, started by scripts/start-postgres.sh under a temp dir on a
// free port and stopped after the file. `skip` carries the script's reason when it cannot start here.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '../../scripts/start-postgres.sh');

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('bash', [SCRIPT, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

export type TestPostgres = {
  readonly url: string | undefined;
  readonly skip: string | false;
  readonly stop: () => Promise<void>;
  /** Stops the server, keeping its data (PostgreSQL down). */
  readonly halt: () => Promise<void>;
  /** Starts it again on the same port. */
  readonly resume: () => Promise<void>;
};

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-pg-'));
  const started = await run(['start', join(dir, 'pg')]);
  const stop = async () => {
    await run(['stop', join(dir, 'pg')]);
    await rm(dir, { recursive: true, force: true });
  };
  const must = async (args: readonly string[]) => {
    const done = await run(args);
    if (done.code !== 0) throw new Error(`start-postgres.sh ${args[0]} failed: ${done.stderr}`);
  };
  const halt = () => must(['stop', join(dir, 'pg')]);
  const resume = () => must(['resume', join(dir, 'pg')]);
  if (started.code !== 0)
    return {
      url: undefined,
      skip: `PostgreSQL is not available here: ${started.stderr.trim().split('\n')[0] ?? 'no reason'}`,
      stop,
      halt,
      resume,
    };
  return { url: started.stdout.trim(), skip: false, stop, halt, resume };
}
