// The edge service as `frontgate serve` runs it: config files, invalidations through the admin listener and
// the CLI, traces, reload on file change and on reload() without dropping the cache, HTTPS with HTTP/2.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { join } from 'node:path';
import { test } from 'node:test';
import { invalidateCommand } from '../../src/cli/invalidate.ts';
import type { TraceEntry } from '../../src/edge/index.ts';
import { createCertificateAuthority, issueServerCertificate } from '../../src/tls/index.ts';
import { distributionConfig } from '../support/edge-harness.ts';
import { startEdgeServiceFixture } from '../support/edge-service-fixture.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';

async function setup(t: import('node:test').TestContext, extra: Record<string, unknown> = {}) {
  let version = 'v1';
  const origin = await startScriptedOrigin((req) => ({
    headers: { 'content-type': 'text/plain', 'x-path': req.rawTarget },
    body: `${version}:${req.rawTarget}`,
  }));
  t.after(() => origin.close());
  const fixture = await startEdgeServiceFixture(
    t,
    { 'dist.json': distributionConfig({ aliases: [HOST] }) },
    {
      distributions: [{ id: 'E1SVC', config: 'dist.json' }],
      origins: { 'origin.example.com': origin.url },
      ...extra,
    },
  );
  const get = (target: string, headers: Record<string, string> = {}) =>
    sendRaw(fixture.url, target, { headers: { host: HOST, ...headers } });
  return { origin, fixture, get, setVersion: (v: string) => (version = v) };
}

async function admin(adminUrl: string, path: string, body?: unknown) {
  const res = await fetch(
    `${adminUrl}${path}`,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  // biome-ignore lint/suspicious/noExplicitAny: admin answers are read field by field in assertions
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

test('an invalidation turns matching entries (all variants) into misses and leaves the others cached', async (t) => {
  const { fixture, get, setVersion } = await setup(t);
  for (const target of ['/videos/a.mp4', '/videos/b.mp4', '/images/c.png']) {
    await get(target);
    await get(target, { 'accept-encoding': 'gzip' });
  }
  setVersion('v2');
  const created = await admin(fixture.service.adminUrl, '/invalidations', {
    distributionId: 'E1SVC',
    paths: ['/videos/*'],
    callerReference: 'ref-1',
  });
  assert.equal(created.status, 201);
  assert.match(created.json.Invalidation.Id, /^I[A-Z0-9]{13}$/);
  assert.equal(created.json.Invalidation.Status, 'InProgress');
  assert.deepEqual(created.json.Invalidation.InvalidationBatch, {
    Paths: { Quantity: 1, Items: ['/videos/*'] },
    CallerReference: 'ref-1',
  });
  assert.equal(
    created.json.Location,
    `https://cloudfront.amazonaws.com/2020-05-31/distribution/E1SVC/invalidation/${created.json.Invalidation.Id}`,
  );
  const a = await get('/videos/a.mp4');
  assert.equal(a.header('x-cache'), 'Miss from cloudfront');
  assert.equal(a.text, 'v2:/videos/a.mp4');
  assert.equal((await get('/videos/b.mp4', { 'accept-encoding': 'gzip' })).text, 'v2:/videos/b.mp4');
  const c = await get('/images/c.png');
  assert.equal(c.header('x-cache'), 'Hit from cloudfront');
  assert.equal(c.text, 'v1:/images/c.png');
  const status = await admin(
    fixture.service.adminUrl,
    `/invalidations/E1SVC/${created.json.Invalidation.Id}`,
  );
  assert.equal(status.json.Invalidation.Status, 'Completed');
  const replay = await admin(fixture.service.adminUrl, '/invalidations', {
    distributionId: 'E1SVC',
    paths: ['/videos/*'],
    callerReference: 'ref-1',
  });
  assert.equal(replay.json.Invalidation.Id, created.json.Invalidation.Id);
  const conflict = await admin(fixture.service.adminUrl, '/invalidations', {
    distributionId: 'E1SVC',
    paths: ['/other'],
    callerReference: 'ref-1',
  });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.json.Error.Code, 'InvalidationBatchAlreadyExists');
  const bad = await admin(fixture.service.adminUrl, '/invalidations', {
    distributionId: 'E1SVC',
    paths: ['/a*b'],
  });
  assert.equal(bad.status, 400);
  const unknown = await admin(fixture.service.adminUrl, '/invalidations', {
    distributionId: 'E1NOPE',
    paths: ['/*'],
  });
  assert.equal(unknown.status, 404);
  const list = await admin(fixture.service.adminUrl, '/invalidations/E1SVC');
  assert.equal(list.json.InvalidationList.Quantity, 1);
});

test('frontgate invalidate prints the AWS-shaped JSON and --wait returns once Completed', async (t) => {
  const { fixture, get, setVersion } = await setup(t);
  await get('/index.html');
  setVersion('v2');
  let out = '';
  let err = '';
  const io = {
    stdout: (s: string) => (out += s),
    stderr: (s: string) => (err += s),
    env: {},
    cwd: fixture.dir,
    shutdownSignal: new AbortController().signal,
    onReload: () => () => {},
  };
  const code = await invalidateCommand.run(
    [
      '--distribution-id',
      'E1SVC',
      '--paths',
      '/index.html',
      '/other*',
      '--admin',
      fixture.service.adminUrl,
      '--wait',
    ],
    io,
  );
  assert.equal(code, 0, err);
  // --wait prints the created invalidation, then its Completed state (as get-invalidation prints it).
  const [printed, completed] = out.split(/\n(?=\{)/).map((json) => JSON.parse(json));
  assert.deepEqual(Object.keys(printed), ['Location', 'Invalidation']);
  assert.equal(completed.Invalidation.Status, 'Completed');
  assert.deepEqual(printed.Invalidation.InvalidationBatch.Paths.Items, ['/index.html', '/other*']);
  assert.equal((await get('/index.html')).text, 'v2:/index.html');
  const usage = await invalidateCommand
    .run(['--distribution-id', 'E1SVC', '--admin', fixture.service.adminUrl], io)
    .catch((e: Error) => e.name);
  assert.equal(usage, 'UsageError');
});

test('x-frontgate-trace: 1 yields a trace id whose stages are fetchable from the admin listener', async (t) => {
  const { fixture, get } = await setup(t);
  const plain = await get('/traced.txt');
  assert.equal(plain.header('x-frontgate-trace-id'), undefined);
  const res = await get('/traced.txt?x=1', { 'x-frontgate-trace': '1' });
  const id = res.header('x-frontgate-trace-id');
  assert.ok(id);
  const trace = await admin(fixture.service.adminUrl, `/traces/${encodeURIComponent(id)}`);
  assert.equal(trace.status, 200);
  const stages = (trace.json.entries as { stage: string }[]).map((e) => e.stage);
  assert.deepEqual(stages, [
    'receive',
    'match-behavior',
    'check-signed-access',
    'cache-lookup',
    'response-headers',
    'send',
  ]);
  const lookup = (trace.json.entries as TraceEntry[]).find((e) => e.stage === 'cache-lookup');
  assert.ok(lookup?.stage === 'cache-lookup');
  assert.equal(lookup.result, 'hit');
  assert.equal(lookup.invalidationPath, '/traced.txt');
  assert.equal((await admin(fixture.service.adminUrl, '/traces/nope')).status, 404);
});

test('edge.traceLog appends each recorded trace as one JSON line under the data directory', async (t) => {
  const { fixture, get } = await setup(t, { traceLog: true });
  await get('/a.txt');
  const res = await get('/a.txt', { 'x-frontgate-trace': '1' });
  const file = join(fixture.dir, 'data', 'edge-trace.jsonl');
  let lines: string[] = [];
  for (let i = 0; i < 50 && lines.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 20));
    lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
  }
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]).id, res.header('x-frontgate-trace-id'));
});

test('a changed distribution file is picked up without dropping the cache; a broken one keeps the old snapshot', async (t) => {
  const { fixture, get, origin } = await setup(t);
  await get('/keep.txt');
  await fixture.writeFile('dist.json', distributionConfig({ aliases: [HOST, 'second.example.test'] }));
  for (
    let i = 0;
    i < 50 &&
    (await sendRaw(fixture.url, '/probe.txt', { headers: { host: 'second.example.test' } })).status !== 200;
    i++
  )
    await new Promise((r) => setTimeout(r, 20));
  const viaAlias = await sendRaw(fixture.url, '/x.txt', { headers: { host: 'second.example.test' } });
  assert.equal(viaAlias.status, 200);
  const kept = await get('/keep.txt');
  assert.equal(kept.header('x-cache'), 'Hit from cloudfront');
  assert.equal(origin.count('/keep.txt'), 1);
  await fixture.writeFile('dist.json', '{ not json');
  assert.equal(await fixture.service.reload(), false);
  assert.equal((await get('/keep.txt')).header('x-cache'), 'Hit from cloudfront');
  assert.equal(
    (await sendRaw(fixture.url, '/x.txt', { headers: { host: 'second.example.test' } })).status,
    200,
  );
});

test('HTTPS serves HTTP/1.1 and HTTP/2 on one port, with Via 2.0 for h2 viewers', async (t) => {
  const ca = createCertificateAuthority();
  const server = issueServerCertificate(ca, [HOST, '127.0.0.1']);
  const origin2 = await startScriptedOrigin(() => ({
    headers: { 'content-type': 'text/plain' },
    body: 'secure',
  }));
  t.after(() => origin2.close());
  const svc = await startEdgeServiceFixture(
    t,
    {
      'dist.json': distributionConfig({
        aliases: [HOST],
        defaultBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
      }),
      'server.pem': server.cert,
      'server.key': server.key,
    },
    {
      distributions: [{ id: 'E1TLS', config: 'dist.json' }],
      origins: { 'origin.example.com': origin2.url },
      tls: { listen: '127.0.0.1:0', cert: 'server.pem', key: 'server.key' },
    },
  );
  const httpsUrl = svc.service.urls.find((u) => u.startsWith('https://'));
  assert.ok(httpsUrl);
  const redirect = await sendRaw(svc.url, '/a.txt', {
    headers: { host: `${HOST}:${new URL(svc.url).port}` },
  });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.header('location'), `https://${HOST}:${new URL(httpsUrl).port}/a.txt`);
  const client = connect(httpsUrl, { ca: ca.cert, servername: HOST });
  t.after(() => client.close());
  const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const stream = client.request({ ':path': '/a.txt', ':authority': HOST });
      let data = '';
      let head: Record<string, unknown> = {};
      stream.on('response', (h) => (head = h));
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => (data += d));
      stream.on('end', () => resolve({ headers: head, body: data }));
      stream.on('error', reject);
    },
  );
  assert.equal(headers[':status'], 200);
  assert.equal(body, 'secure');
  assert.match(String(headers.via), /^2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
  assert.equal(headers['x-cache'], 'Miss from cloudfront');
  assert.match(String(origin2.requests[0].headers.via), /^2\.0 /);
});
