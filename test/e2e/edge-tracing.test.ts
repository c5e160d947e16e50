// Traces on the real edge service: `edge.traceAll` records every request and hands it to `onTrace`
// (the demo shows the final headers of every answer), traced answers name the admin listener, and
// `frontgate trace` finds that listener from the config file.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CliIo } from '../../src/cli/command.ts';
import { traceCommand } from '../../src/cli/trace.ts';
import type { EdgeTrace, TraceEntry } from '../../src/edge/index.ts';
import { distributionConfig } from '../support/edge-harness.ts';
import { startEdgeServiceFixture } from '../support/edge-service-fixture.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';

async function setup(t: import('node:test').TestContext, edgeExtra: Record<string, unknown>) {
  const origin = await startScriptedOrigin((req) => ({
    headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' },
    body: `body of ${req.rawTarget}`,
  }));
  t.after(() => origin.close());
  const delivered: EdgeTrace[] = [];
  const fixture = await startEdgeServiceFixture(
    t,
    { 'dist.json': distributionConfig({ aliases: [HOST] }) },
    {
      distributions: [{ id: 'E1TRACE', config: 'dist.json' }],
      origins: { 'origin.example.com': origin.url },
      ...edgeExtra,
    },
    { onTrace: (trace) => delivered.push(trace) },
  );
  const get = (target: string, headers: Record<string, string> = {}) =>
    sendRaw(fixture.url, target, { headers: { host: HOST, ...headers } });
  return { fixture, get, delivered };
}

function captureIo(cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env,
    cwd,
    shutdownSignal: new AbortController().signal,
    onReload: () => () => {},
  };
  return { io, out, err };
}

test('edge.traceAll records every request and delivers it to onTrace, without adding headers to the answer', async (t) => {
  const { fixture, get, delivered } = await setup(t, { traceAll: true });
  const miss = await get('/a.txt');
  const hit = await get('/a.txt');
  assert.equal(miss.header('x-frontgate-trace-id'), undefined, 'answers stay as CloudFront sends them');
  assert.equal(hit.header('x-cache'), 'Hit from cloudfront');
  assert.equal(delivered.length, 2);
  const send = delivered[1].entries.find((e: TraceEntry) => e.stage === 'send');
  assert.ok(send?.stage === 'send');
  assert.deepEqual(
    send.headers.find(([n]) => n === 'X-Cache'),
    ['X-Cache', 'Hit from cloudfront'],
    'the trace holds the final headers the viewer got',
  );
  assert.equal(delivered[0].rawTarget, '/a.txt');
  const listed = (await (await fetch(`${fixture.service.adminUrl}/traces`)).json()) as {
    traces: { id: string }[];
  };
  assert.equal(listed.traces.length, 2);
});

test('without traceAll only requests with x-frontgate-trace: 1 are recorded; their answers name the admin listener', async (t) => {
  const { fixture, get, delivered } = await setup(t, {});
  await get('/b.txt');
  assert.equal(delivered.length, 0);
  const traced = await get('/b.txt', { 'x-frontgate-trace': '1' });
  assert.equal(delivered.length, 1);
  assert.equal(traced.header('x-frontgate-trace-id'), delivered[0].id);
  assert.equal(traced.header('x-frontgate-admin'), fixture.service.adminUrl);
  const fetched = await fetch(`${traced.header('x-frontgate-admin')}/traces/${delivered[0].id}`);
  assert.equal(fetched.status, 200);
});

test('frontgate trace reads the admin address from --config when --admin is not given', async (t) => {
  const { fixture, get } = await setup(t, {});
  const traced = await get('/c.txt', { 'x-frontgate-trace': '1' });
  const id = traced.header('x-frontgate-trace-id');
  assert.ok(id);
  const adminPort = new URL(fixture.service.adminUrl).port;
  await writeFile(
    join(fixture.dir, 'frontgate.json'),
    JSON.stringify({ edge: { admin: { listen: `0.0.0.0:${adminPort}` }, distributions: [] } }),
  );
  const { io, out } = captureIo(fixture.dir);
  assert.equal(await traceCommand.run([id, '--config', 'frontgate.json'], io), 0);
  assert.match(out.join(''), new RegExp(`trace ${id}: GET /c.txt`));
  assert.match(out.join(''), /cache-lookup/);
  const other = captureIo(fixture.dir);
  const code = await traceCommand.run([id, '--admin', 'http://127.0.0.1:1'], other.io).catch(() => 'error');
  assert.notEqual(code, 0, 'an explicit --admin wins over the config');
});
