import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EdgeResponse } from '../edge-response.ts';
import { prepareFunction } from './compile-function.ts';
import { createFunctionEngine } from './function-engine.ts';
import { DISTRIBUTION } from './function-test-support.ts';
import {
  type FunctionStageDeps,
  functionTraceEntry,
  runsViewerResponseFunction,
  runViewerRequestFunction,
  runViewerResponseFunction,
} from './function-stages.ts';

const engine = createFunctionEngine();
const ARN = 'arn:aws:cloudfront::123456789012:function/f';

function deps(code: string): FunctionStageDeps {
  const compiled = prepareFunction({ name: 'f', runtime: 'cloudfront-js-2.0', code });
  return {
    engine,
    findFunction: (arn) => (arn === ARN ? { compiled } : undefined),
    keyValueStore: () => undefined,
  };
}

const request = {
  functionArn: ARN,
  distribution: DISTRIBUTION,
  method: 'GET',
  rawPath: '/a',
  rawQuery: 'x=1',
  headers: { host: 'h', cookie: 'k=v' },
};

test('a changed request continues with the new target, query and headers', async () => {
  const result = await runViewerRequestFunction(
    request,
    deps(
      'function handler(e) { var r = e.request; r.uri = "/b"; r.querystring.y = { value: "2" }; r.headers["x-a"] = { value: "1" }; return r; }',
    ),
  );
  assert.equal(result.kind, 'continue');
  if (result.kind !== 'continue') return;
  assert.equal(result.rawTarget, '/b?x=1&y=2');
  assert.deepEqual(result.headers, { host: 'h', 'x-a': '1', cookie: 'k=v' });
  assert.equal(result.record.event.context.eventType, 'viewer-request');
});

test('a failing or unknown function answers with the function error page', async () => {
  const thrown = await runViewerRequestFunction(
    request,
    deps('function handler(e) { throw new Error("x"); }'),
  );
  assert.equal(thrown.kind === 'respond' && thrown.response.status, 503);
  const unknown = await runViewerRequestFunction({ ...request, functionArn: `${ARN}-gone` }, deps(''));
  assert.equal(unknown.kind === 'respond' && unknown.response.detailedResultType, 'FunctionExecutionError');
});

test('viewer-response runs for responses below 400 that no function generated, and replaces headers', async () => {
  const ok: EdgeResponse = {
    status: 200,
    headers: [['Content-Type', 'text/plain']],
    body: { kind: 'bytes', bytes: Buffer.from('x') },
    resultType: 'Miss',
  };
  assert.equal(runsViewerResponseFunction(ok), true);
  assert.equal(runsViewerResponseFunction({ ...ok, status: 404 }), false);
  assert.equal(runsViewerResponseFunction({ ...ok, generated: 'function' }), false);
  const result = await runViewerResponseFunction(
    {
      functionArn: ARN,
      distribution: DISTRIBUTION,
      method: 'GET',
      rawPath: '/a',
      rawQuery: undefined,
      requestHeaders: { host: 'h' },
      response: ok,
    },
    deps(
      'function handler(e) { e.response.headers["x-b"] = { value: e.response.statusDescription }; return e.response; }',
    ),
  );
  assert.deepEqual(result.response.headers, [
    ['Content-Type', 'text/plain'],
    ['x-b', 'OK'],
  ]);
});

test('a failed function stage is traced with outcome error, the error type and the message', async () => {
  const result = await runViewerRequestFunction(
    request,
    deps('function handler(e) { throw new RangeError("bad"); }'),
  );
  assert.equal(result.kind, 'respond');
  const entry = functionTraceEntry(
    'viewer-request-function',
    ARN,
    { error: 'FunctionExecutionError' },
    result.record,
  );
  assert.equal(entry.outcome, 'error');
  assert.equal(entry.error, 'FunctionExecutionError');
  assert.equal(entry.errorMessage, 'RangeError: bad');
  assert.equal(entry.eventType, 'viewer-request');
  assert.equal(entry.functionName, 'f');
});
