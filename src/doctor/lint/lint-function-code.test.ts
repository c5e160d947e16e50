import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareFunction } from '../../edge/functions/index.ts';
import { lintFunctionCode } from './lint-function-code.ts';

function lint(
  code: string,
  runtime = 'cloudfront-js-2.0',
  eventTypes: ('viewer-request' | 'viewer-response')[] = ['viewer-request'],
) {
  return lintFunctionCode({
    fn: prepareFunction({ name: 'f', runtime, code }),
    eventTypes,
    jsonPath: 'edge.functions[0]',
  });
}

test('a clean function has no findings', () => {
  assert.deepEqual(
    lint('function handler(e) { e.request.headers["x-a"] = { value: "1" }; return e.request; }'),
    [],
  );
});

test('code over 10 KB and code outside the runtime subset are errors on the Code path', () => {
  const big = lint(`function handler(e) { return e.request; }\n//${'x'.repeat(10240)}`);
  assert.deepEqual(
    big.map((f) => [f.code, f.severity, f.jsonPath]),
    [['function-too-large', 'error', 'edge.functions[0].Code']],
  );
  const v1 = lint('let a = 1; function handler(e) { return e.request; }', 'cloudfront-js-1.0');
  assert.equal(v1[0]?.code, 'function-code-invalid');
  assert.match(v1[0]!.message, /line 1.*"let" is not supported in cloudfront-js-1.0/);
});

test('assigning or deleting a read-only header for the associated event type is flagged with its line', () => {
  const findings = lint(
    'function handler(e) {\n  e.request.headers.host = { value: "x" };\n  delete e.request.headers["via"];\n  return e.request;\n}',
  );
  assert.deepEqual(
    findings.map((f) => [f.code, f.message.match(/line (\d+)/)?.[1]]),
    [
      ['function-changes-read-only-header', '2'],
      ['function-changes-read-only-header', '3'],
    ],
  );
  assert.deepEqual(
    lint(
      'function handler(e) { e.response.headers["content-length"] = { value: "1" }; return e.response; }',
      'cloudfront-js-2.0',
      ['viewer-response'],
    ).map((f) => f.code),
    ['function-changes-read-only-header'],
  );
});

test('adding a disallowed header is flagged, reading one is not', () => {
  assert.deepEqual(
    lint(
      "function handler(e) { e.request.headers['x-forwarded-proto'] = { value: 'https' }; return e.request; }",
    ).map((f) => f.code),
    ['function-adds-disallowed-header'],
  );
  assert.deepEqual(lint('function handler(e) { var h = e.request.headers.host; return e.request; }'), []);
});
