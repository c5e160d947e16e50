// How function outcomes show outside the response body: the access log's result types, the trace of a
// viewer-response function, a failing viewer-response function that keeps CloudFront's header block,
// updateRequestOrigin reaching another host, and the warning `serve` logs for code CloudFront would not run.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { TraceEntry } from '../../src/edge/index.ts';
import type { LogFields, Logger } from '../../src/log/logger.ts';
import { prepareFunction } from '../../src/edge/functions/index.ts';
import type { EdgeServiceDeps } from '../../src/server/edge-service.ts';
import { distributionConfig } from '../support/edge-harness.ts';
import { startEdgeServiceFixture } from '../support/edge-service-fixture.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';

function recordingLogger(): {
  logger: Logger;
  records: { level: string; event: string; fields: LogFields }[];
} {
  const records: { level: string; event: string; fields: LogFields }[] = [];
  const at =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      void records.push({ level, event, fields });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
    isEnabled: () => true,
  };
  return { logger, records };
}

async function setup(
  t: TestContext,
  functions: { name: string; code: string; eventType: string }[],
  deps: Partial<EdgeServiceDeps> = {},
) {
  const origin = await startScriptedOrigin((req) => ({
    headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' },
    body: `origin:${req.rawTarget}`,
  }));
  t.after(() => origin.close());
  const other = await startScriptedOrigin((req) => ({
    headers: { 'content-type': 'text/plain' },
    body: `other:${req.headers['x-origin-secret'] ?? ''}:${req.rawTarget}`,
  }));
  t.after(() => other.close());
  const files: Record<string, unknown> = {
    'dist.json': distributionConfig({
      aliases: [HOST],
      defaultBehavior: {
        FunctionAssociations: {
          Quantity: functions.length,
          Items: functions.map((fn) => ({
            FunctionARN: `arn:aws:cloudfront::123456789012:function/${fn.name}`,
            EventType: fn.eventType,
          })),
        },
      },
    }),
  };
  for (const fn of functions) files[`${fn.name}.js`] = fn.code;
  const { logger, records } = recordingLogger();
  const fixture = await startEdgeServiceFixture(
    t,
    files,
    {
      distributions: [{ id: 'E1FNLOG', config: 'dist.json' }],
      origins: { 'origin.example.com': origin.url, 'backup.example.com': other.url },
      functions: functions.map((fn) => ({ Name: fn.name, Code: `${fn.name}.js` })),
    },
    { logger, ...deps },
  );
  const get = (target: string, headers: Record<string, string> = {}) =>
    sendRaw(fixture.url, target, { headers: { host: HOST, ...headers } });
  return { fixture, get, records, origin, other };
}

test('the access log names a generated response and each kind of function failure', async (t) => {
  const { get, records } = await setup(t, [
    {
      name: 'router',
      eventType: 'viewer-request',
      code: `function handler(event) {
        var uri = event.request.uri;
        if (uri === '/generated') return { statusCode: 204, statusDescription: 'No Content' };
        if (uri === '/throws') throw new Error('boom');
        return event.request;
      }`,
    },
  ]);
  await get('/generated');
  await get('/throws');
  await get('/ok.txt');
  const access = records.filter((r) => r.event === 'edge-access').map((r) => r.fields);
  assert.deepEqual(
    access.map((r) => [r['sc-status'], r['x-edge-result-type'], r['x-edge-detailed-result-type']]),
    [
      [204, 'FunctionGeneratedResponse', 'FunctionGeneratedResponse'],
      [503, 'Error', 'FunctionExecutionError'],
      [200, 'Miss', 'Miss'],
    ],
  );
});

test('a viewer-response function that fails turns the response into the 503 page with CloudFront headers', async (t) => {
  const { get } = await setup(t, [
    {
      name: 'broken',
      eventType: 'viewer-response',
      code: 'function handler(event) { return event.response.nope.x; }',
    },
  ]);
  const res = await get('/page.txt');
  assert.equal(res.status, 503);
  assert.equal(res.header('x-cache'), 'FunctionExecutionError from cloudfront');
  assert.match(res.header('via') ?? '', /cloudfront\.net \(CloudFront\)$/);
  assert.ok(res.header('x-amz-cf-id'));
  assert.match(res.text, /503 ERROR/);
});

test('the trace shows the viewer-response event with the origin response and what the function returned', async (t) => {
  const { fixture, get } = await setup(t, [
    {
      name: 'headers',
      eventType: 'viewer-response',
      code: `function handler(event) {
        console.log('status ' + event.response.statusCode);
        event.response.headers['x-seen-type'] = { value: event.response.headers['content-type'].value };
        return event.response;
      }`,
    },
  ]);
  const res = await get('/t.txt', { 'x-frontgate-trace': '1' });
  assert.equal(res.header('x-seen-type'), 'text/plain');
  const id = res.header('x-frontgate-trace-id')!;
  const trace = (await (
    await fetch(`${fixture.service.adminUrl}/traces/${encodeURIComponent(id)}`)
  ).json()) as {
    entries: TraceEntry[];
  };
  const stage = trace.entries.find((e) => e.stage === 'viewer-response-function');
  assert.ok(stage && stage.stage === 'viewer-response-function');
  assert.equal(stage.outcome, 'response');
  assert.deepEqual(stage.logs, ['status 200']);
  assert.equal((stage.event as { response: { statusCode: number } }).response.statusCode, 200);
  assert.equal(
    (stage.output as { headers: Record<string, { value: string }> }).headers['x-seen-type']?.value,
    'text/plain',
  );
  const stages = trace.entries.map((e) => e.stage);
  assert.ok(stages.indexOf('response-headers') < stages.indexOf('viewer-response-function'));
});

test('updateRequestOrigin sends the request to another host with the function’s path prefix and custom header', async (t) => {
  const { get, origin, other } = await setup(t, [
    {
      name: 'move',
      eventType: 'viewer-request',
      code: `import cf from 'cloudfront';
      function handler(event) {
        cf.updateRequestOrigin({ domainName: 'backup.example.com', originPath: '/v2',
          customHeaders: { 'x-origin-secret': 's3cr3t' } });
        return event.request;
      }`,
    },
  ]);
  const res = await get('/item.txt');
  assert.equal(res.text, 'other:s3cr3t:/v2/item.txt');
  assert.equal(origin.count(), 0);
  assert.equal(other.count(), 1);
});

test('serve warns about a function whose code CloudFront would not run, and requests through it get 503', async (t) => {
  const { get, records } = await setup(t, [
    {
      name: 'exported',
      eventType: 'viewer-request',
      code: 'function handler(e) { return e.request; }\nexport { handler };',
    },
  ]);
  const warning = records.find((r) => r.event === 'edge-function-invalid');
  assert.deepEqual(warning?.fields, {
    function: 'exported',
    code: 'UnsupportedSyntax',
    message: 'SyntaxError: Illegal export statement',
  });
  assert.equal(
    records.some((r) => r.event === 'edge-feature-not-emulated'),
    false,
  );
  assert.equal((await get('/a.txt')).status, 503);
});

test('editing the function file reloads the function without a restart', async (t) => {
  const { fixture, get } = await setup(t, [
    {
      name: 'version',
      eventType: 'viewer-response',
      code: 'function handler(e) { e.response.headers["x-version"] = { value: "1" }; return e.response; }',
    },
  ]);
  assert.equal((await get('/v.txt')).header('x-version'), '1');
  await fixture.writeFile(
    'version.js',
    'function handler(e) { e.response.headers["x-version"] = { value: "2" }; return e.response; }',
  );
  assert.equal(await fixture.service.reload(), true);
  assert.equal((await get('/v.txt')).header('x-version'), '2');
});

test('a function published outside the config (the API LIVE stage) replaces the config code for its ARN', async (t) => {
  const arn = 'arn:aws:cloudfront::123456789012:function/stage';
  const live = prepareFunction({
    name: 'stage',
    runtime: 'cloudfront-js-2.0',
    code: 'function handler(e) { e.response.headers["x-stage"] = { value: "LIVE" }; return e.response; }',
  });
  const { get } = await setup(
    t,
    [
      {
        name: 'stage',
        eventType: 'viewer-response',
        code: 'function handler(e) { e.response.headers["x-stage"] = { value: "config" }; return e.response; }',
      },
    ],
    { findFunction: (requested) => (requested === arn ? { arn, compiled: live } : undefined) },
  );
  assert.equal((await get('/s.txt')).header('x-stage'), 'LIVE');
});
