import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createTraceRing } from '../edge/trace/index.ts';
import type { ConsoleSources } from './console-sources.ts';
import { createConsoleQueries } from './console-queries.ts';
import { createConsoleHandler } from './create-console-handler.ts';

const unused = () => {
  throw new Error('not used by this test');
};

async function startConsole(t: import('node:test').TestContext, token?: string) {
  const traces = createTraceRing({ capacity: 10 });
  traces.put({
    id: 'trace-1',
    requestId: 'trace-1',
    startedAt: '2026-12-05T08:00:00.000Z',
    method: 'GET',
    rawTarget: '/a.json?Signature=s3cr3t&Key-Pair-Id=K1',
    entries: [{ stage: 'send', status: 403, resultType: 'Error', headers: [] }],
  });
  const sources = {
    snapshot: unused,
    traces: () => traces,
    cache: unused,
    invalidations: unused,
    distributionStatus: unused,
    buckets: unused,
    traceAll: true,
    nowMs: Date.now,
  } as unknown as ConsoleSources;
  const handler = createConsoleHandler(createConsoleQueries(sources), { token });
  const server = createServer(async (req, res) => {
    if (!(await handler(req, res))) {
      res.statusCode = 418;
      res.end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('the console serves its page and lists requests newest first with signed-URL secrets redacted', async (t) => {
  const base = await startConsole(t);
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await page.text(), /<script type="module" src="\/console\/console.js">/);
  const list = await fetch(`${base}/console/api/requests?status=4xx`);
  assert.equal(list.status, 200);
  const body = (await list.json()) as { requests: { id: string; rawTarget: string; status: number }[] };
  assert.deepEqual(
    body.requests.map((r) => [r.id, r.status]),
    [['trace-1', 403]],
  );
  assert.doesNotMatch(body.requests[0]!.rawTarget, /s3cr3t/);
  const none = (await (await fetch(`${base}/console/api/requests?status=200`)).json()) as {
    requests: unknown[];
  };
  assert.deepEqual(none.requests, []);
});

test('paths the console does not own are left to the admin listener', async (t) => {
  const base = await startConsole(t);
  assert.equal((await fetch(`${base}/traces`)).status, 418);
  assert.equal((await fetch(`${base}/console/nope.js`)).status, 404);
});

test('with a token the API answers 401 without it and 200 with it; the page itself loads without it', async (t) => {
  const base = await startConsole(t, 'tok-123');
  assert.equal((await fetch(`${base}/`)).status, 200);
  const refused = await fetch(`${base}/console/api/requests`);
  assert.equal(refused.status, 401);
  assert.match(((await refused.json()) as { Error: { Message: string } }).Error.Message, /token/);
  const ok = await fetch(`${base}/console/api/requests`, { headers: { authorization: 'Bearer tok-123' } });
  assert.equal(ok.status, 200);
});

test('an invalidation must be posted as JSON (no cross-site form can make one)', async (t) => {
  const base = await startConsole(t);
  const response = await fetch(`${base}/console/api/invalidations`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: '{"distributionId":"E1","paths":["/*"]}',
  });
  assert.equal(response.status, 415);
});

test('the fleet page says the edge runs alone when its state is not shared in PostgreSQL', async (t) => {
  const base = await startConsole(t);
  const response = await fetch(`${base}/console/api/fleet`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { enabled: false });
});
