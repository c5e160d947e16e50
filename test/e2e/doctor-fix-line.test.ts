// The fix the doctor prints works as printed: against the running demo at the story's step 3 (the distribution
// fixed, the old answers still cached), the doctor names the stale cache and prints an invalidate command that
// targets the admin listener the edge advertised; a shell runs that line verbatim, and the doctor then finds
// the request served as the page needs it. The demo's config file alone leads `trace --config` to the edge.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startDemo } from '../../src/demo/start-demo.ts';
import { diagnose, parseResolveRule } from '../../src/doctor/index.ts';
import { silentLogger } from '../../src/log/logger.ts';

const REPO = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

test('at demo step 3 the doctor prints an invalidate line that, run as printed, makes the page request succeed', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-fix-line-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
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

  await doctor((await demo.setStep(2)).backendOrigin);
  const step3 = await doctor((await demo.setStep(3)).backendOrigin);
  assert.equal(step3.rootCause.code, 'stale-cache', step3.rootCause.explanation);
  const line = /frontgate invalidate [^()]*?(?= \(AWS)/.exec(step3.rootCause.fix)?.[0];
  assert.ok(line, step3.rootCause.fix);
  assert.ok(line.includes(`--admin ${demo.frontgate.adminUrl}`), line);

  const shellLine = line.replace(/^frontgate /, `'${process.execPath}' '${join(REPO, 'bin/frontgate.js')}' `);
  const invalidated = await run('sh', ['-c', shellLine], { cwd: dataDir });
  assert.equal(JSON.parse(invalidated.stdout).Invalidation.InvalidationBatch.Paths.Items[0], '/*');

  // The invalidation completes right away on this edge; the next request reaches S3 with Origin.
  const after = await doctor(demo.names.backendAfterOrigin);
  assert.equal(after.verdict, 'ok', `${after.rootCause.code}: ${after.rootCause.explanation}`);

  const trace = await run(
    process.execPath,
    [join(REPO, 'bin/frontgate.js'), 'trace', '--config', demo.prepared.configPath, after.traceId!],
    { cwd: dataDir },
  );
  assert.match(trace.stdout, new RegExp(`^trace ${after.traceId!.replace(/[^A-Za-z0-9]/g, '\\$&')}: GET `));
});
