import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareSource } from './runtime-subset.ts';

test('keywords inside strings, comments, template literals and regular expressions are not statements', () => {
  const code = [
    "var a = 'export const x'; // export let y",
    '/* import z from "fs"; const */',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the template literal is function code under test
    'var t = `const ${"let"} ${ {a: `export`}.a } import`;',
    'var r = /export|const/g; var d = 4 / 2 / 1;',
    'function handler(event) { return event.request; }',
  ].join('\n');
  assert.deepEqual(prepareSource(code, 'cloudfront-js-1.0').issues, []);
});

test('an export statement is refused with the message CloudFront gives', () => {
  const { issues } = prepareSource(
    'function handler(e) { return e.request; }\nexport { handler };',
    'cloudfront-js-2.0',
  );
  assert.deepEqual(issues, [{ line: 2, message: 'SyntaxError: Illegal export statement' }]);
});

test('runtime 1.0 refuses const, let, async and await; runtime 2.0 accepts them', () => {
  const code = 'const a = 1;\nlet b = 2;\nasync function handler(e) { await null; return e.request; }';
  assert.deepEqual(
    prepareSource(code, 'cloudfront-js-1.0').issues.map((issue) => issue.line),
    [1, 2, 3, 3],
  );
  assert.deepEqual(prepareSource(code, 'cloudfront-js-2.0').issues, []);
});

test('import of a built-in module becomes a require on the same line; other imports are refused', () => {
  const prepared = prepareSource(
    'import cf from \'cloudfront\';\nimport crypto from "crypto"\nfunction handler(e) { return e.request; }',
    'cloudfront-js-2.0',
  );
  assert.deepEqual(prepared.issues, []);
  assert.equal(prepared.program.split('\n')[0], 'var cf = require("cloudfront");');
  assert.equal(prepared.program.split('\n')[1], 'var crypto = require("crypto");');
  assert.deepEqual(prepared.modules, ['cloudfront', 'crypto']);
  assert.deepEqual(
    prepareSource(
      "import fs from 'fs';\nimport { kvs } from 'cloudfront';\nvar m = import('crypto');",
      'cloudfront-js-2.0',
    ).issues.map((issue) => issue.message),
    [
      'Error: Cannot find module "fs"',
      'SyntaxError: only `import name from "module"` is supported',
      'SyntaxError: dynamic import() is not supported',
    ],
  );
});

test('runtime 1.0 has no cloudfront or buffer module and no import statements', () => {
  assert.deepEqual(
    prepareSource(
      "var cf = require('cloudfront');\nimport crypto from 'crypto';",
      'cloudfront-js-1.0',
    ).issues.map((issue) => issue.message),
    [
      'Error: Cannot find module "cloudfront"',
      'SyntaxError: import statements need runtime cloudfront-js-2.0',
    ],
  );
});
