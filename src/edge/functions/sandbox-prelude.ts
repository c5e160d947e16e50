// JavaScript the engine evaluates in every fresh context before the function code: `console`, `require`
// for the built-in modules, the removal of dynamic code ("Restricted features": eval() and the Function
// constructor throw), runtime 1.0's non-standard String byte methods, and the invoke routine that calls
// `handler(event)` and settles a returned promise. It is evaluated as an expression whose value is the
// invoke routine; the host entry point (`__fg_host`) is captured and deleted before user code runs.

import type { FunctionRuntime } from './function-limits.ts';
import { BUILT_IN_MODULES } from './runtime-subset.ts';

/** Byte-string helpers runtime 1.0 adds to String ("JavaScript runtime 1.0 features", String). */
const V1_STRING_METHODS = `
  function utf8Encode(s) { return unescape(encodeURIComponent(s)); }
  function utf8Decode(s) { return decodeURIComponent(escape(s)); }
  String.bytesFrom = function (source, encoding) {
    if (typeof source !== 'string') {
      var out = '';
      for (var i = 0; i < source.length; i++) out += String.fromCharCode(source[i] & 255);
      return out;
    }
    if (encoding === 'hex') {
      var bytes = '';
      for (var j = 0; j + 1 < source.length; j += 2) bytes += String.fromCharCode(parseInt(source.substr(j, 2), 16));
      return bytes;
    }
    if (encoding === 'base64' || encoding === 'base64url') {
      var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      var clean = source.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
      var decoded = '', bits = 0, count = 0;
      for (var k = 0; k < clean.length; k++) {
        var v = alphabet.indexOf(clean[k]);
        if (v < 0) continue;
        bits = (bits << 6) | v; count += 6;
        if (count >= 8) { count -= 8; decoded += String.fromCharCode((bits >> count) & 255); }
      }
      return decoded;
    }
    throw new TypeError('Unknown encoding: ' + encoding);
  };
  function defineString(name, fn) { Object.defineProperty(String.prototype, name, { value: fn, writable: true, configurable: true }); }
  defineString('toUTF8', function () { return utf8Encode(String(this)); });
  defineString('fromUTF8', function () { try { return utf8Decode(String(this)); } catch (e) { return null; } });
  defineString('toBytes', function (start, end) {
    var s = String(this).slice(start, end);
    for (var i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return null;
    return s;
  });
  defineString('fromBytes', function (start, end) { return String(this).slice(start, end); });
`;

export function preludeSource(runtime: FunctionRuntime, eventType: string): string {
  const modules = JSON.stringify(BUILT_IN_MODULES[runtime]);
  const isV2 = runtime === 'cloudfront-js-2.0';
  // Kept short: the engine compiles it for every invocation (console and Buffer load on first use).
  return String.raw`(function (g) {
'use strict';
var host = g.__fg_host;
delete g.__fg_host;
var cap = { host: host, runtime: ${JSON.stringify(runtime)}, eventType: ${JSON.stringify(eventType)} };
var stringify = JSON.stringify, parse = JSON.parse, define = Object.defineProperty;
function deny() { throw new EvalError('Code generation from strings is not supported'); }
deny.prototype = Function.prototype;
var locked = { value: deny, writable: false, configurable: false };
[function () {}, async function () {}, function* () {}, async function* () {}].forEach(function (f) { define(Object.getPrototypeOf(f), 'constructor', locked); });
define(g, 'Function', locked);
define(g, 'eval', locked);
var allowed = ${modules}, loaded = {};
function load(name) {
  if (!Object.prototype.hasOwnProperty.call(loaded, name)) loaded[name] = host('load', name)(cap, req);
  return loaded[name];
}
function req(name) {
  if (typeof name !== 'string' || allowed.indexOf(name) === -1) throw new Error('Cannot find module "' + name + '"');
  return load(name);
}
function lazy(name, get) {
  define(g, name, { configurable: true, get: function () { var v = get(); define(g, name, { value: v, writable: true, configurable: true }); return v; } });
}
g.require = req;
lazy('console', function () { return load('console'); });
${isV2 ? "lazy('Buffer', function () { return load('buffer').Buffer; });" : V1_STRING_METHODS}
return function (eventJson, rawQuery) {
  var box = { done: false };
  var event = parse(eventJson);
  if (event.request && typeof event.request === 'object')
    define(event.request, 'rawQueryString', { value: function () { return rawQuery === '\u0000' ? undefined : rawQuery; }, writable: true, configurable: true });
  if (typeof handler !== 'function') throw new ReferenceError('handler is not defined');
  function done(value) {
    try { var text = stringify(value); box.output = text === undefined ? 'undefined' : text; } catch (e) { box.error = String(e); }
    box.done = true;
  }
  function fail(e) {
    try { box.error = e instanceof Error ? String(e) : 'Uncaught ' + (typeof e === 'string' ? e : stringify(e)); } catch (x) { box.error = 'Uncaught exception'; }
    box.done = true;
  }
  var result = handler(event);
  if (result !== null && typeof result === 'object' && typeof result.then === 'function') result.then(done, fail);
  else done(result);
  return box;
};
})(globalThis)`;
}
