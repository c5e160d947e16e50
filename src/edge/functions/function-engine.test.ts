import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFunctionEngine } from './function-engine.ts';
import { compiled, requestEvent } from './function-test-support.ts';
import { runFunction } from './run-function.ts';

const engine = createFunctionEngine();

async function run(code: string) {
  return runFunction(engine, await compiled(engine, code), requestEvent({ uri: '/page' }));
}

function errorOf(result: Awaited<ReturnType<typeof run>>) {
  assert.equal(result.kind, 'error', JSON.stringify(result));
  return result as Extract<typeof result, { kind: 'error' }>;
}

test('an infinite loop is stopped at the compute budget as FunctionThrottledError and the engine keeps serving', async () => {
  const started = performance.now();
  const looped = errorOf(await run('function handler(event) { while (true) {} }'));
  assert.equal(looped.error, 'FunctionThrottledError');
  assert.equal(looped.record.computeUtilization, 100);
  assert.ok(performance.now() - started < 2000, 'the loop was cut off promptly');
  const next = await run('function handler(event) { return event.request; }');
  assert.equal(next.kind, 'request');
});

test('a loop that waits on itself through promises is stopped too', async () => {
  const result = errorOf(await run('async function handler(event) { for (;;) { await null; } }'));
  assert.equal(result.error, 'FunctionThrottledError');
});

test('a memory bomb is stopped by the memory limit (or the compute budget, whichever comes first) and the next invocation runs normally', async () => {
  const bombs = [
    'function handler(e) { var a = []; while (true) a.push(new Array(100000).fill(1)); }',
    'function handler(e) { var a = []; for (;;) a.push({ x: a.length }); }',
    'function handler(e) { var s = "x"; while (true) s += s; }',
    'function handler(e) { return new ArrayBuffer(1024 * 1024 * 1024).byteLength; }',
  ];
  for (const code of bombs) {
    const result = errorOf(await run(code));
    assert.match(result.message, /out of memory|string too long|compute time/i, code);
  }
  const next = await run('function handler(event) { event.request.uri = "/after"; return event.request; }');
  assert.equal(next.kind === 'request' && next.request.uri, '/after');
});

test('the heap allows the 2 MB quota and refuses well beyond it', async () => {
  const fits = await run(
    'function handler(e) { var a = new Uint8Array(1536 * 1024); a[1] = 1; return e.request; }',
  );
  assert.equal(fits.kind, 'request');
  const tooBig = errorOf(
    await run('function handler(e) { var a = new Uint8Array(3 * 1024 * 1024); return e.request; }'),
  );
  assert.equal(tooBig.message, 'InternalError: out of memory');
});

test('runaway recursion is a stack overflow inside the function, not in the host', async () => {
  const result = errorOf(await run('function f() { return f(); } function handler(e) { return f(); }'));
  assert.match(result.message, /stack overflow/);
});

test('the Function constructor reached through any function or object is refused', async () => {
  const escapes = [
    "function handler(e) { return globalThis.constructor.constructor('return process')(); }",
    "function handler(e) { return e.constructor.constructor('return process')(); }",
    "function handler(e) { return (function () {}).constructor('return 1')(); }",
    "function handler(e) { return (async function () {}).constructor('return 1')(); }",
    "function handler(e) { return Function('return 1')(); }",
    "function handler(e) { return eval('1 + 1'); }",
    "function handler(e) { return [].map.constructor('return this')(); }",
  ];
  for (const code of escapes) {
    const result = errorOf(await run(code));
    assert.match(result.message, /EvalError: Code generation from strings is not supported/, code);
  }
});

test('no host capability is reachable: process, require of non-built-ins, timers, network, filesystem', async () => {
  const result = await run(`function handler(event) {
    var kinds = [typeof process, typeof setTimeout, typeof setInterval, typeof setImmediate, typeof fetch,
      typeof XMLHttpRequest, typeof WebAssembly, typeof module, typeof exports, typeof __fg_host, typeof __fg_load];
    var refused = [];
    ['fs', 'child_process', 'net', 'http', 'process'].forEach(function (name) {
      try { require(name); } catch (err) { refused.push(name); }
    });
    event.request.headers['x-kinds'] = { value: kinds.join(',') };
    event.request.headers['x-refused'] = { value: refused.join(',') };
    return event.request;
  }`);
  assert.equal(result.kind, 'request');
  if (result.kind !== 'request') return;
  const headers = Object.fromEntries(result.request.headers);
  assert.equal(headers['x-kinds'], Array(11).fill('undefined').join(','));
  assert.equal(headers['x-refused'], 'fs,child_process,net,http,process');
});

test('prototype pollution stays inside one invocation: the host and the next invocation are untouched', async () => {
  const polluted = await run(`function handler(event) {
    Object.prototype.polluted = 'yes';
    Array.prototype.push = function () { return 0; };
    JSON.parse = function () { return { hacked: true }; };
    event.request.__proto__.injected = 'x';
    return event.request;
  }`);
  assert.equal(polluted.kind, 'request');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).injected, undefined);
  const clean = await run(`function handler(event) {
    var seen = [({}).polluted === undefined, [1].push(2) === 2, JSON.parse('{"a":1}').a === 1].join(',');
    event.request.headers['x-clean'] = { value: seen };
    return event.request;
  }`);
  assert.equal(
    clean.kind === 'request' && Object.fromEntries(clean.request.headers)['x-clean'],
    'true,true,true',
  );
});

test('global state does not survive between invocations of the same function', async () => {
  const fn = await compiled(
    engine,
    'var count = 0; function handler(event) { count++; event.request.headers["x-count"] = { value: String(count) }; return event.request; }',
  );
  for (let i = 0; i < 3; i++) {
    const result = await runFunction(engine, fn, requestEvent());
    assert.equal(result.kind === 'request' && Object.fromEntries(result.request.headers)['x-count'], '1');
  }
});

test('a handler that throws is a FunctionExecutionError carrying the error and the logs written before it', async () => {
  const result = errorOf(
    await run(
      'function handler(event) { console.log("about to fail", { uri: event.request.uri }); throw new TypeError("boom"); }',
    ),
  );
  assert.equal(result.error, 'FunctionExecutionError');
  assert.equal(result.message, 'TypeError: boom');
  assert.deepEqual(result.record.logs, ['about to fail {"uri":"/page"}']);
});

test('a promise that never settles is an execution error, not a hang', async () => {
  const result = errorOf(await run('function handler(event) { return new Promise(function () {}); }'));
  assert.match(result.message, /never settled/);
});

test('code without a handler function is an execution error', async () => {
  const result = errorOf(await run('var notTheHandler = 1;'));
  assert.match(result.message, /handler is not defined/);
});

test('logs are cut off at 10 KB per invocation', async () => {
  const result = await run(
    'function handler(event) { for (var i = 0; i < 100; i++) console.log(new Array(201).join("x")); return event.request; }',
  );
  const total = result.record.logs.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
  assert.equal(total, 10 * 1024);
});
