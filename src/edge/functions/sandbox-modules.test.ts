import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { test } from 'node:test';
import type { FunctionRuntime } from './function-limits.ts';
import { createFunctionEngine } from './function-engine.ts';
import { compiled, requestEvent } from './function-test-support.ts';
import { runFunction } from './run-function.ts';

const engine = createFunctionEngine();

/** Runs `expression` inside a handler and returns its JSON value (via a response header). */
async function evaluate(
  expression: string,
  runtime: FunctionRuntime = 'cloudfront-js-2.0',
): Promise<unknown> {
  const code = `var crypto = require('crypto'); var querystring = require('querystring');
function handler(event) {
  event.request.headers['x-result'] = { value: JSON.stringify(${expression}) };
  return event.request;
}`;
  const result = await runFunction(engine, await compiled(engine, code, runtime), requestEvent());
  assert.equal(result.kind, 'request', JSON.stringify(result));
  if (result.kind !== 'request') return undefined;
  return JSON.parse(Object.fromEntries(result.request.headers)['x-result']!);
}

test('crypto hashes give the digests Node gives for md5, sha1 and sha256 in hex, base64 and base64url', async () => {
  for (const algorithm of ['md5', 'sha1', 'sha256']) {
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      const expected = createHash(algorithm).update('héllo wörld').digest(encoding);
      assert.equal(
        await evaluate(`crypto.createHash('${algorithm}').update('héllo wörld').digest('${encoding}')`),
        expected,
      );
    }
  }
});

test('crypto HMACs accept string and Buffer keys and chained updates', async () => {
  const expected = createHmac('sha256', 'secret').update('part one').update('part two').digest('hex');
  assert.equal(
    await evaluate(
      `crypto.createHmac('sha256', 'secret').update('part one').update('part two').digest('hex')`,
    ),
    expected,
  );
  const bufferKey = createHmac('sha1', Buffer.from('0102ff', 'hex'))
    .update(Buffer.from([1, 2, 3]))
    .digest('base64');
  assert.equal(
    await evaluate(
      `crypto.createHmac('sha1', Buffer.from('0102ff', 'hex')).update(Buffer.from([1, 2, 3])).digest('base64')`,
    ),
    bufferKey,
  );
});

test('digest() without an encoding is a Buffer in runtime 2.0 and a byte string in runtime 1.0', async () => {
  const raw = createHash('sha1').update('a').digest();
  assert.deepEqual(
    await evaluate(
      `(function (d) { return [Buffer.isBuffer(d), d.toString('hex')]; })(crypto.createHash('sha1').update('a').digest())`,
    ),
    [true, raw.toString('hex')],
  );
  assert.deepEqual(
    await evaluate(
      `(function (d) { return [typeof d, d.length, d.charCodeAt(0)]; })(crypto.createHash('sha1').update('a').digest())`,
      'cloudfront-js-1.0',
    ),
    ['string', 20, raw[0]],
  );
});

test('an unsupported hash algorithm throws inside the function', async () => {
  const fn = await compiled(
    engine,
    `var crypto = require('crypto'); function handler(e) { crypto.createHash('sha512'); return e.request; }`,
  );
  const result = await runFunction(engine, fn, requestEvent());
  assert.equal(result.kind === 'error' && result.message, 'Error: Unsupported algorithm: "sha512"');
});

test('querystring parses repeated names into arrays and stringifies them back', async () => {
  assert.deepEqual(await evaluate(`querystring.parse('a=1&b=two+words&a=%C3%A9&flag')`), {
    a: ['1', 'é'],
    b: 'two words',
    flag: '',
  });
  assert.equal(
    await evaluate(`querystring.stringify({ q: 'a b&c', n: [1, 2], t: true })`),
    'q=a%20b%26c&n=1&n=2&t=true',
  );
  assert.deepEqual(await evaluate(`[querystring.escape('a/b c'), querystring.unescape('%41%zz')]`), [
    'a%2Fb%20c',
    '%41%zz',
  ]);
});

test('Buffer converts between utf8, hex, base64, base64url and latin1 like Node', async () => {
  const text = 'Grüße, 世界 🌍';
  const value = await evaluate(
    `(function (b) { return [b.length, b.toString('hex'), b.toString('base64'), b.toString('base64url'), Buffer.from(b.toString('base64'), 'base64').toString('utf8')]; })(Buffer.from(${JSON.stringify(text)}))`,
  );
  const node = Buffer.from(text);
  assert.deepEqual(value, [
    node.length,
    node.toString('hex'),
    node.toString('base64'),
    node.toString('base64url'),
    text,
  ]);
  assert.deepEqual(
    await evaluate(
      `[Buffer.concat([Buffer.from('ab'), Buffer.from([99])]).toString(), Buffer.byteLength('é'), Buffer.alloc(3, 'x').toString('latin1'), Buffer.from('abc').equals(Buffer.from('abc'))]`,
    ),
    ['abc', 2, 'xxx', true],
  );
});

test('runtime 1.0 has no Buffer but has the String byte methods; runtime 2.0 has Buffer and not the byte methods', async () => {
  assert.deepEqual(
    await evaluate(
      `[typeof Buffer, typeof String.bytesFrom, 'é'.toUTF8().length, String.bytesFrom('616263', 'hex'), String.bytesFrom('YWJj', 'base64')]`,
      'cloudfront-js-1.0',
    ),
    ['undefined', 'function', 2, 'abc', 'abc'],
  );
  assert.deepEqual(await evaluate(`[typeof Buffer, typeof String.bytesFrom, typeof ''.toUTF8]`), [
    'function',
    'undefined',
    'undefined',
  ]);
});
