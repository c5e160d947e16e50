// Frontgate installed as a package: `frontgate/signer` resolves to built JavaScript (Node does not strip types
// under node_modules) and signs exactly what @aws-sdk/cloudfront-signer signs; the `frontgate` bin runs.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { getSignedCookies as officialSignedCookies } from '@aws-sdk/cloudfront-signer';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');

test('an installed frontgate/signer signs cookies exactly like @aws-sdk/cloudfront-signer, and the bin runs', async (t) => {
  const project = await mkdtemp(join(tmpdir(), 'signer-consumer-'));
  t.after(() => rm(project, { recursive: true, force: true }));
  const installed = join(project, 'node_modules', 'frontgate');
  await mkdir(installed, { recursive: true });
  await cp(join(REPO, 'package.json'), join(installed, 'package.json'));
  for (const shipped of ['bin', 'examples']) {
    await cp(join(REPO, shipped), join(installed, shipped), { recursive: true });
  }
  // The package's own build (the `prepare` script), into the installed copy.
  await run(process.execPath, [join(REPO, 'scripts/build.ts'), join(installed, 'dist')]);
  // The installed dependencies, as npm would lay them out beside the package.
  for (const dependency of await readdir(join(REPO, 'node_modules'))) {
    if (dependency.startsWith('.')) continue;
    await symlink(join(REPO, 'node_modules', dependency), join(project, 'node_modules', dependency), 'dir');
  }

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await writeFile(join(project, 'key.pem'), privateKeyPem);
  const input = {
    url: 'https://dev.cloudfront.junlog.dev/videos/course-1/*',
    keyPairId: 'K2JUNLOGDEVKEY01',
    dateLessThan: '2030-01-01T00:00:00Z',
    dateGreaterThan: '2029-01-01T00:00:00Z',
  };
  await writeFile(
    join(project, 'consumer.mjs'),
    `import { readFileSync } from 'node:fs';
import { getSignedCookies } from 'frontgate/signer';
const input = ${JSON.stringify(input)};
process.stdout.write(JSON.stringify(getSignedCookies({ ...input, privateKey: readFileSync('key.pem', 'utf8') })));
`,
  );
  const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: project });
  assert.deepEqual(JSON.parse(stdout), officialSignedCookies({ ...input, privateKey: privateKeyPem }));
  assert.ok((await readFile(join(installed, 'dist/signer/index.d.ts'), 'utf8')).includes('getSignedCookies'));

  const shipped = await readdir(join(installed, 'dist'), { recursive: true, encoding: 'utf8' });
  const withTestImports: string[] = [];
  for (const file of shipped.filter((name) => /\.(js|d\.ts)$/.test(name)))
    if ((await readFile(join(installed, 'dist', file), 'utf8')).includes('node:test'))
      withTestImports.push(file);
  assert.deepEqual(withTestImports, [], 'dist ships no test code');
  assert.ok(shipped.includes('demo/page/index.html'), 'dist carries the demo page');

  const help = await run(process.execPath, [join(installed, 'bin/frontgate.js'), '--help'], { cwd: project });
  assert.match(help.stdout, /Usage: frontgate <command>/);
  assert.match(help.stdout, /serve/);
  // Commands load on demand: the built table must point at the built files.
  const signHelp = await run(process.execPath, [join(installed, 'bin/frontgate.js'), 'sign', '--help'], {
    cwd: project,
  });
  assert.match(signHelp.stdout, /^Usage: frontgate sign url/);
});
