import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFunction } from './compile-function.ts';
import { createFunctionEngine } from './function-engine.ts';
import { requestEvent } from './function-test-support.ts';
import { runFunction } from './run-function.ts';

const engine = createFunctionEngine();

test('code over the 10 KB quota is FunctionSizeLimitExceeded', async () => {
  const code = `function handler(e) { return e.request; }\n//${'x'.repeat(10 * 1024)}`;
  const fn = await compileFunction(engine, { name: 'big', runtime: 'cloudfront-js-2.0', code });
  assert.deepEqual(
    fn.problems.map((p) => p.code),
    ['FunctionSizeLimitExceeded'],
  );
});

test('a syntax error is reported by the engine compiler with its message', async () => {
  const fn = await compileFunction(engine, {
    name: 'broken',
    runtime: 'cloudfront-js-2.0',
    code: 'function handler(e) { return e.request; ',
  });
  assert.equal(fn.problems[0]?.code, 'SyntaxError');
  assert.match(fn.problems[0]!.message, /^SyntaxError: /);
});

test('an unknown runtime is InvalidRuntime', async () => {
  const fn = await compileFunction(engine, {
    name: 'x',
    runtime: 'nodejs20.x',
    code: 'function handler(e) { return e.request; }',
  });
  assert.deepEqual(
    fn.problems.map((p) => p.code),
    ['InvalidRuntime'],
  );
});

test('a function with a problem answers every run with FunctionExecutionError without running', async () => {
  const fn = await compileFunction(engine, {
    name: 'exported',
    runtime: 'cloudfront-js-2.0',
    code: 'function handler(e) { return e.request; }\nexport default handler;',
  });
  const result = await runFunction(engine, fn, requestEvent());
  assert.deepEqual(result.kind === 'error' && [result.error, result.message], [
    'FunctionExecutionError',
    'SyntaxError: Illegal export statement',
  ]);
});
