// The fix the doctor prints works as printed: against the running demo at the story's step 3 (the distribution
// fixed, the old answers still cached), the doctor names the stale cache and prints an invalidate command that
// targets the admin listener the edge advertised; a shell runs that line verbatim, and the doctor then finds
// the request served as the page needs it. The demo's config file alone leads `trace --config` to the edge.
// Before that, the README's step-1 doctor command, run as written (with this run's ports), gives the root cause
// the README prints.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { CliIo } from '../../src/cli/command.ts';
import { doctorCommand } from '../../src/cli/doctor.ts';
import { DEFAULT_DEMO_PORTS } from '../../src/demo/demo-names.ts';
import { startDemo } from '../../src/demo/start-demo.ts';
import { diagnose, parseResolveRule } from '../../src/doctor/index.ts';
import { silentLogger } from '../../src/log/logger.ts';

const REPO = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The README's doctor example: its command's arguments and the root cause and fix lines it shows. */
async function readmeDoctorExample() {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  const block = /```console\n\$ npx frontgate doctor ([\s\S]*?)\n```/.exec(readme)?.[1];
  assert.ok(block, 'README has a doctor example');
  const [command, ...output] = block.split(/\n(?! {4}--)/);
  const args = [...command!.replaceAll('\\\n', ' ').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  const rootCause = /^Root cause: (\S+)/m.exec(output.join('\n'))?.[1];
  const fixLine = /Invalidate: (npx frontgate invalidate [^\n(]*?)\s+\(AWS/.exec(readme)?.[1];
  return { args, rootCause, fixLine };
}

test("the README's step-1 doctor command gives the README's root cause; at step 3 the printed invalidate line, run as printed, makes the page request succeed", async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'frontgate-fix-line-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  const dataDir = join(home, '.frontgate');
  const demo = await startDemo({
    mode: 'localhost',
    dataDir,
    logger: silentLogger,
    ports: { page: 0, backend: 0, edgeHttps: 0, edgeHttp: 0, s3: 0, admin: 0 },
  });
  t.after(() => demo.close());
  const ca = await readFile(demo.prepared.caCertPath, 'utf8');
  const url = `${demo.names.cdnOrigin}/videos/course-1/lesson.json`;
  // No --admin: the doctor follows the edge's own x-frontgate-admin header, as the CLI does by default.
  const doctor = async (backendOrigin: string) =>
    diagnose({
      pageOrigin: demo.names.pageOrigin,
      url,
      backendUrl: `${backendOrigin}/api/cookies`,
      resolve: [parseResolveRule('*.junlog.localhost:*:127.0.0.1')],
      ca,
    });

  const example = await readmeDoctorExample();
  const atThisRun = (word: string) =>
    word
      .replace(`:${DEFAULT_DEMO_PORTS.page}`, `:${demo.ports.page}`)
      .replace(`:${DEFAULT_DEMO_PORTS.edgeHttps}/`, `:${demo.ports.edgeHttps}/`)
      .replace(`:${DEFAULT_DEMO_PORTS.backend}/`, `:${demo.ports.backend}/`);
  await demo.setStep(1);
  let printed = '';
  const io: CliIo = {
    stdout: (text) => (printed += text),
    stderr: (text) => (printed += text),
    env: {},
    cwd: home,
    shutdownSignal: new AbortController().signal,
    onReload: () => () => {},
  };
  assert.equal(await doctorCommand.run(example.args.map(atThisRun), io), 1, printed);
  assert.match(printed, new RegExp(`^Root cause: ${example.rootCause} `, 'm'));
  assert.equal(example.rootCause, 'cookie-rejected-domain');

  await doctor((await demo.setStep(2)).backendOrigin);
  const step3 = await doctor((await demo.setStep(3)).backendOrigin);
  assert.equal(step3.rootCause.code, 'stale-cache', step3.rootCause.explanation);
  const line = /npx frontgate invalidate [^()]*?(?= \(AWS)/.exec(step3.rootCause.fix)?.[0];
  assert.ok(line, step3.rootCause.fix);
  assert.ok(line.includes(`--admin ${demo.frontgate.adminUrl}`), line);
  // The README shows the same line for the demo's default admin port.
  assert.equal(example.fixLine?.replace(`:${DEFAULT_DEMO_PORTS.admin}`, `:${demo.ports.admin}`), line);

  // Verbatim, from the clone as the README's reader runs it (npx on the system Node, the bin on Node 24).
  const invalidated = await run('sh', ['-c', line], { cwd: REPO });
  assert.equal(JSON.parse(invalidated.stdout).Invalidation.InvalidationBatch.Paths.Items[0], '/*');

  // The invalidation completes right away on this edge; the next request reaches S3 with Origin.
  const after = await doctor(demo.names.backendAfterOrigin);
  assert.equal(after.verdict, 'ok', `${after.rootCause.code}: ${after.rootCause.explanation}`);

  const trace = await run(
    process.execPath,
    [join(REPO, 'bin/frontgate.js'), 'trace', '--config', demo.prepared.configPath, after.traceId!],
    { cwd: home },
  );
  assert.match(trace.stdout, new RegExp(`^trace ${after.traceId!.replace(/[^A-Za-z0-9]/g, '\\$&')}: GET `));
});
