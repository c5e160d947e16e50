// From zero to one's own signed distribution, as a new user does it, in child processes: `frontgate init DIR`
// writes the setup and prints a signed curl; `frontgate serve --config` serves it; the printed curl, run by a
// shell exactly as printed, gets the object through the edge. The admin commands then find the running edge
// from the same config file (`invalidate --config … --wait`, `trace --config …`).

import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { doctorCommand } from '../../src/cli/doctor.ts';
import { initCommand } from '../../src/cli/init.ts';

const REPO = resolve(import.meta.dirname, '../..');
const FRONTGATE = [process.execPath, join(REPO, 'bin/frontgate.js')];
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const probe = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

/** Runs a printed command line in a shell, with `npx frontgate` meaning this checkout's bin. */
function shell(line: string, cwd: string) {
  const command = line.trim().replace(/^npx frontgate /, `${FRONTGATE.map((w) => `'${w}'`).join(' ')} `);
  return run('sh', ['-c', command], { cwd }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

async function waitForReady(child: ChildProcessWithoutNullStreams): Promise<string> {
  let printed = '';
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      if (printed.includes('Ready.')) done();
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code} before it was ready: ${errors}`)));
  });
  return printed;
}

test('frontgate init writes a setup that serve runs and whose printed signed curl gets 200 through the edge', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'frontgate-init-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  const ports = {
    s3: await freePort(),
    http: await freePort(),
    https: await freePort(),
    admin: await freePort(),
  };
  const init = await run(
    FRONTGATE[0]!,
    [
      FRONTGATE[1]!,
      'init',
      'my-cdn',
      '--s3-port',
      String(ports.s3),
      '--http-port',
      String(ports.http),
      '--https-port',
      String(ports.https),
      '--admin-port',
      String(ports.admin),
    ],
    { cwd: home },
  );
  const lines = init.stdout.split('\n');
  const serveLine = lines.find((line) => line.trim().startsWith('npx frontgate serve'));
  const curlLine = lines.find((line) => line.trim().startsWith('curl '));
  assert.ok(serveLine, init.stdout);
  assert.ok(curlLine, init.stdout);
  assert.match(
    curlLine,
    new RegExp(`--resolve dev\\.cloudfront\\.junlog\\.dev:${ports.https}:127\\.0\\.0\\.1 `),
  );
  assert.match(curlLine, /Key-Pair-Id=K[A-Z0-9]{13}/);

  const config = JSON.parse(await readFile(join(home, 'my-cdn/frontgate.json'), 'utf8'));
  const keyId = config.edge.publicKeys[0].Id as string;
  const distribution = JSON.parse(await readFile(join(home, 'my-cdn/distribution.json'), 'utf8'));
  assert.deepEqual(config.edge.keyGroups[0].KeyGroupConfig.Items, [keyId]);
  assert.deepEqual(distribution.DistributionConfig.DefaultCacheBehavior.TrustedKeyGroups.Items, [
    config.edge.keyGroups[0].Id,
  ]);
  assert.equal((await stat(join(home, 'my-cdn/keys/init.private.pem'))).mode & 0o777, 0o600);

  let refusal = '';
  const again = await initCommand.run(['my-cdn'], {
    stdout: () => {},
    stderr: (text) => (refusal += text),
    env: {},
    cwd: home,
    shutdownSignal: new AbortController().signal,
    onReload: () => () => {},
  });
  assert.equal(again, 1, 'init does not overwrite a setup');
  assert.match(refusal, /--force/);

  const [node, bin] = FRONTGATE as [string, string];
  const serveArgs = serveLine
    .trim()
    .replace(/^npx frontgate /, '')
    .split(' ');
  const serve = spawn(node, [bin, ...serveArgs], { cwd: home });
  t.after(() => serve.kill('SIGKILL'));
  await waitForReady(serve);

  const fetched = await shell(`${curlLine} -sS -w '\\n%{http_code}'`, home);
  assert.equal(fetched.code, 0, fetched.stderr);
  const [body, status] = [
    fetched.stdout.slice(0, fetched.stdout.lastIndexOf('\n')),
    fetched.stdout.split('\n').at(-1),
  ];
  assert.equal(status, '200', fetched.stdout);
  assert.match(body, /Served by frontgate init/);

  // The key group is in force: the same URL without its signature is refused.
  const unsigned = await shell(
    `${curlLine.replace(/\?[^']*'$/, "'")} -sS -o /dev/null -w '%{http_code}'`,
    home,
  );
  assert.equal(unsigned.stdout, '403');

  const invalidated = await shell(
    "npx frontgate invalidate --config my-cdn/frontgate.json --distribution-id E1JUNLOGDEV --paths '/*' --wait",
    home,
  );
  assert.equal(invalidated.code, 0, invalidated.stderr);
  const printed = invalidated.stdout.split(/\n(?=\{)/).map((json) => JSON.parse(json));
  assert.equal(printed.length, 2, 'the created invalidation, then its final state');
  assert.equal(printed[1].Invalidation.Status, 'Completed');
  assert.equal(printed[1].Invalidation.Id, printed[0].Invalidation.Id);

  const traced = await shell(`${curlLine} -sS -o /dev/null -D - -H 'x-frontgate-trace: 1'`, home);
  const traceId = /^x-frontgate-trace-id: (\S+)/im.exec(traced.stdout)?.[1];
  assert.ok(traceId, traced.stdout);
  const trace = await shell(`npx frontgate trace --config my-cdn/frontgate.json '${traceId}'`, home);
  assert.equal(trace.code, 0, trace.stderr);
  assert.match(trace.stdout, /check-signed-access\s+required=true decision=allowed/);

  // The doctor's lint finds the running edge from the same config; once it stops, it says so and lints the file.
  const lint = async () => {
    let stderr = '';
    const code = await doctorCommand.run(['--config', 'my-cdn/frontgate.json', '--json'], {
      stdout: () => {},
      stderr: (text) => (stderr += text),
      env: {},
      cwd: home,
      shutdownSignal: new AbortController().signal,
      onReload: () => () => {},
    });
    return { code, stderr };
  };
  assert.deepEqual(await lint(), { code: 0, stderr: '' });
  serve.kill('SIGTERM');
  await once(serve, 'exit');
  const stopped = await lint();
  assert.equal(stopped.code, 0);
  assert.match(
    stopped.stderr,
    new RegExp(`running edge not checked \\(cannot read http://127\\.0\\.0\\.1:${ports.admin}/distributions`),
  );
});
