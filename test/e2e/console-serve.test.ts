// `frontgate serve` prints the web console's URL: on a loopback admin listener a plain URL whose API answers
// at once; on an all-interfaces listener a URL carrying a start-up token, without which the API answers 401.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request as httpRequest } from 'node:http';
import { type TestContext, test } from 'node:test';

const REPO = resolve(import.meta.dirname, '../..');
const EXAMPLES = join(REPO, 'examples/junlog');

async function serveWithAdminOn(
  t: TestContext,
  adminListen: string,
  admin: { token?: string } = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-console-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // The scenario's distribution made public: this test is about the console, not signed access.
  const distribution = JSON.parse(await readFile(join(EXAMPLES, 'distribution.after-fix.json'), 'utf8'));
  distribution.DistributionConfig.DefaultCacheBehavior.TrustedKeyGroups = { Enabled: false, Quantity: 0 };
  await writeFile(join(dir, 'distribution.json'), JSON.stringify(distribution));
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({
      dataDir: 'data',
      s3: {
        listen: '127.0.0.1:0',
        buckets: [{ name: 'junlog-media', cors: join(EXAMPLES, 'bucket-cors.json') }],
      },
      edge: {
        listen: '127.0.0.1:0',
        admin: { listen: adminListen, ...admin },
        distributions: [{ id: 'E1JUNLOGDEV', config: 'distribution.json' }],
        origins: { 'junlog-media.s3.ap-northeast-2.amazonaws.com': 'embedded' },
      },
    }),
  );
  const child = spawn(process.execPath, [join(REPO, 'src/main.ts'), 'serve', '--config', 'frontgate.json'], {
    cwd: dir,
  });
  t.after(() => child.kill('SIGKILL'));
  let printed = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      if (printed.includes('Ready.')) done();
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const url = /^Console: (\S+)$/m.exec(printed)?.[1];
  assert.ok(url, `serve prints the console URL:\n${printed}`);
  configDirs.set(url, dir);
  return url;
}

const configDirs = new Map<string, string>();

/** A GET with a chosen Host header (fetch() cannot set Host). */
function getWithHost(url: URL, host: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.once('error', fail);
    req.end();
  });
}

function runCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [join(REPO, 'src/main.ts'), ...args], {
      cwd,
      env: { ...process.env, FRONTGATE_ADMIN_URL: '', FRONTGATE_ADMIN_TOKEN: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

test('on loopback the console URL has no token and its API answers', async (t) => {
  const url = await serveWithAdminOn(t, '127.0.0.1:0');
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Frontgate console/);
  const overview = (await (await fetch(new URL('/console/api/overview', url))).json()) as {
    distributions: { id: string }[];
    buckets: { name: string }[];
  };
  assert.deepEqual(
    overview.distributions.map((d) => d.id),
    ['E1JUNLOGDEV'],
  );
  assert.deepEqual(
    overview.buckets.map((b) => b.name),
    ['junlog-media'],
  );
});

test('on all interfaces the console URL carries a token the API requires', async (t) => {
  const url = await serveWithAdminOn(t, '0.0.0.0:0');
  const token = /#token=([A-Za-z0-9_-]{20,})$/.exec(url)?.[1];
  assert.ok(token, url);
  const api = new URL('/console/api/overview', url);
  assert.equal((await fetch(api)).status, 401);
  assert.equal((await fetch(api, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.equal((await fetch(api, { headers: { authorization: `Bearer ${token}` } })).status, 200);
});

test('on loopback the admin API answers loopback Host names only, so a rebinding page cannot use it', async (t) => {
  const url = await serveWithAdminOn(t, '127.0.0.1:0');
  const distributions = new URL('/distributions', url);
  assert.equal(await getWithHost(distributions, distributions.host), 200);
  assert.equal(await getWithHost(distributions, `localhost:${distributions.port}`), 200);
  assert.equal(await getWithHost(distributions, 'attacker.example'), 403);
});

test('beyond loopback the admin API needs the token, and frontgate invalidate sends the configured one', async (t) => {
  const token = 'admin-token-for-this-test-0123456789';
  const url = await serveWithAdminOn(t, '0.0.0.0:0', { token });
  assert.match(url, new RegExp(`#token=${token}$`), 'the configured token is the console token');
  const distributions = new URL('/distributions', url);
  const refused = await fetch(distributions);
  assert.equal(refused.status, 401);
  assert.equal(((await refused.json()) as { Error: { Code: string } }).Error.Code, 'AccessDenied');
  assert.equal((await fetch(distributions, { headers: { authorization: `Bearer ${token}` } })).status, 200);

  const dir = configDirs.get(url) as string;
  const admin = new URL(url).origin;
  const invalidate = ['invalidate', '--distribution-id', 'E1JUNLOGDEV', '--paths', '/*'];
  // From a directory without frontgate.json: no token unless the environment gives one.
  const without = await runCli([...invalidate, '--admin', admin], tmpdir());
  assert.equal(without.code, 2, without.stderr);
  assert.match(without.stderr, /AccessDenied/);
  const fromConfig = await runCli([...invalidate, '--config', 'frontgate.json', '--admin', admin], dir);
  assert.equal(fromConfig.code, 0, fromConfig.stderr);
  const fromEnv = await runCli([...invalidate, '--admin', admin], tmpdir(), { FRONTGATE_ADMIN_TOKEN: token });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
});
