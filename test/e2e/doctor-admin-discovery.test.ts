// Where the doctor reads an edge's trace from: `--admin` when given, else the admin URL the edge advertises in
// `x-frontgate-admin`, else `edge.admin.listen` of `--config FILE` (request mode with a config). A scripted edge
// answers with a trace id and, when told to, an admin header; two admin listeners serve the trace or refuse it.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import type { CliIo } from '../../src/cli/command.ts';
import { doctorCommand } from '../../src/cli/doctor.ts';
import type { DoctorReport } from '../../src/doctor/index.ts';
import { diagnose } from '../../src/doctor/index.ts';

const TRACE = {
  id: 'T1',
  entries: [
    { stage: 'receive', distributionId: 'E1TEST', configEtag: 'ETAG1' },
    {
      stage: 'match-behavior',
      pathPattern: '*',
      targetOriginId: 'origin-1',
      originRawPath: '/a.txt',
      outcome: 'matched',
    },
  ],
};

async function listen(t: TestContext, server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise((done) => server.close(done)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An admin listener that serves trace T1, or answers 404 to everything. */
function admin(t: TestContext, serves: boolean): Promise<string> {
  return listen(
    t,
    createServer((req, res) => {
      const found = serves && req.url === '/traces/T1';
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(found ? TRACE : { Error: { Code: 'NoSuchTrace' } }));
    }),
  );
}

/** An edge that answers every request with trace id T1 and, when given, an x-frontgate-admin header. */
function edge(t: TestContext, advertised: string | undefined): Promise<string> {
  return listen(
    t,
    createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/plain',
        'access-control-allow-origin': '*',
        'x-frontgate-trace-id': 'T1',
        ...(advertised === undefined ? {} : { 'x-frontgate-admin': advertised }),
      });
      res.end('ok');
    }),
  );
}

/** True when the trace was read: its behavior stage is there (an unreadable trace leaves an info note instead). */
const readTrace = (report: DoctorReport) =>
  report.stages.some(
    (stage) => stage.name === 'edge-behavior' && stage.summary.includes('matched behavior *'),
  );

test('the doctor reads the trace from --admin, else the advertised admin URL, else the fallback', async (t) => {
  const serving = await admin(t, true);
  const refusing = await admin(t, false);
  const ask = async (edgeUrl: string, options: { adminUrl?: string; fallbackAdminUrl?: string }) =>
    diagnose({
      pageOrigin: 'https://page.example',
      url: `${edgeUrl}/a.txt`,
      credentials: 'omit',
      ...options,
    });

  const advertising = await edge(t, serving);
  assert.equal(readTrace(await ask(advertising, {})), true, 'the advertised admin URL');
  assert.equal(readTrace(await ask(advertising, { adminUrl: refusing })), false, '--admin wins');
  assert.equal(readTrace(await ask(advertising, { fallbackAdminUrl: refusing })), true, 'the header wins');

  const silent = await edge(t, undefined);
  assert.equal(readTrace(await ask(silent, {})), false, 'nowhere to read it from');
  assert.equal(readTrace(await ask(silent, { fallbackAdminUrl: serving })), true, 'the fallback');
});

test('frontgate doctor --url … --config FILE reads traces from the config’s admin listener', async (t) => {
  const serving = await admin(t, true);
  const silent = await edge(t, undefined);
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-doctor-admin-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({ edge: { admin: { listen: new URL(serving).host }, distributions: [] } }),
  );
  let out = '';
  const io: CliIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (out += text),
    env: {},
    cwd: dir,
    shutdownSignal: new AbortController().signal,
    onReload: () => () => {},
  };
  const args = ['--page-origin', 'https://page.example', '--url', `${silent}/a.txt`, '--credentials', 'omit'];
  assert.equal(await doctorCommand.run([...args, '--config', 'frontgate.json', '--json'], io), 0, out);
  const report = JSON.parse(out) as DoctorReport;
  assert.equal(readTrace(report), true, out);
  assert.equal(report.traceId, 'T1');
});
