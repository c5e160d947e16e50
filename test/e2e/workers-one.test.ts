// `--workers 1` is the single process Frontgate always was (no fork, no "Workers:" line), and without the flag
// `frontgate serve` forks one worker per available core (`workers` in the config overrides it).

import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { REPO } from '../support/serve-workers.ts';

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

async function serveStoreOnly(t: TestContext, config: Record<string, unknown>, args: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-workers-one-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'c.json'),
    JSON.stringify({ dataDir: 'd', s3: { listen: '127.0.0.1:0' }, ...config }),
  );
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [join(REPO, 'src/main.ts'), 'serve', '-c', 'c.json', ...args],
    { cwd: dir },
  );
  t.after(async () => {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  });
  let printed = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      if (printed.includes('Ready.')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { printed, children: childrenOf(child.pid as number) };
}

test('--workers 1 runs one process, the default forks one worker per available core, and the config key and the flag set the count', async (t) => {
  const one = await serveStoreOnly(t, {}, ['--workers', '1']);
  assert.doesNotMatch(one.printed, /^Workers:/m);
  assert.deepEqual(one.children, []);

  const fromConfig = await serveStoreOnly(t, { workers: 3 }, []);
  assert.match(fromConfig.printed, /^Workers: 3 processes/m);
  assert.equal(fromConfig.children.length, 3);

  const flagWins = await serveStoreOnly(t, { workers: 3 }, ['--workers', '2']);
  assert.equal(flagWins.children.length, 2);

  // Every core by default (docs/decisions/workers.md); on a one-core machine that is the single process.
  const byDefault = await serveStoreOnly(t, {}, []);
  const cores = availableParallelism();
  assert.equal(byDefault.children.length, cores === 1 ? 0 : cores);
  if (cores > 1) assert.match(byDefault.printed, new RegExp(`^Workers: ${cores} processes`, 'm'));

  const configOne = await serveStoreOnly(t, { workers: 1 }, []);
  assert.deepEqual(configOne.children, []);
});
