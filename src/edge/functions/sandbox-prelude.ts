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
  function define(name, fn) { Object.defineProperty(String.prototype, name, { value: fn, writable: true, configurable: true }); }
  define('toUTF8', function () { return utf8Encode(String(this)); });
  define('fromUTF8', function () { try { return utf8Decode(String(this)); } catch (e) { return null; } });
  define('toBytes', function (start, end) {
    var s = String(this).slice(start, end);
    for (var i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return null;
    return s;
  });
  define('fromBytes', function (start, end) { return String(this).slice(start, end); });
`;

export function preludeSource(runtime: FunctionRuntime, eventType: string): string {
  const modules = JSON.stringify(BUILT_IN_MODULES[runtime]);
  const isV2 = runtime === 'cloudfront-js-2.0';
  return String.raw`(function (g) {
  'use strict';
  var host = g.__fg_host;
  delete g.__fg_host;
  var capability = {
    log: function (line) { return host('log', line); },
    digest: function (algorithm, key, parts, encoding) { return host('digest', algorithm, key, parts, encoding); },
    kvs: function (operation, key, id) { return host('kvs', operation, key, id); },
    origin: function (kind, params) { return host('origin', kind, params); },
    load: function (name) { return host('load', name); },
    runtime: ${JSON.stringify(runtime)}, eventType: ${JSON.stringify(eventType)}
  };
  var stringify = JSON.stringify, parse = JSON.parse;
  function render(value) {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return String(value);
    try { var s = stringify(value); return s === undefined ? String(value) : s; } catch (e) { return String(value); }
  }
  function log() {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(render(arguments[i]));
    capability.log(parts.join(' '));
  }
  g.console = { log: log, info: log, warn: log, error: log, debug: log, trace: log };

  function noDynamicCode() { throw new EvalError('Code generation from strings is not supported'); }
  noDynamicCode.prototype = Function.prototype;
  [function () {}, async function () {}, function* () {}, async function* () {}].forEach(function (f) {
    Object.defineProperty(Object.getPrototypeOf(f), 'constructor', { value: noDynamicCode, writable: false, configurable: false });
  });
  Object.defineProperty(g, 'Function', { value: noDynamicCode, writable: false, configurable: false });
  Object.defineProperty(g, 'eval', { value: noDynamicCode, writable: false, configurable: false });

  var allowed = ${modules};
  var loaded = {};
  function requireModule(name) {
    if (typeof name !== 'string' || allowed.indexOf(name) === -1) throw new Error('Cannot find module "' + name + '"');
    if (!Object.prototype.hasOwnProperty.call(loaded, name)) loaded[name] = capability.load(name)(capability, requireModule);
    return loaded[name];
  }
  g.require = requireModule;
  ${
    isV2
      ? `Object.defineProperty(g, 'Buffer', { configurable: true, enumerable: false, get: function () {
    var B = requireModule('buffer').Buffer;
    Object.defineProperty(g, 'Buffer', { value: B, writable: true, configurable: true, enumerable: false });
    return B;
  } });`
      : V1_STRING_METHODS
  }

  function describe(error) {
    if (error instanceof Error) return String(error);
    try { return 'Uncaught ' + render(error); } catch (e) { return 'Uncaught exception'; }
  }
  function serialize(value) {
    var text = stringify(value);
    return text === undefined ? 'undefined' : text;
  }
  return function invoke(eventJson, rawQuery) {
    var box = { done: false, output: undefined, error: undefined };
    var event = parse(eventJson);
    if (event.request && typeof event.request === 'object') {
      Object.defineProperty(event.request, 'rawQueryString', {
        value: function () { return rawQuery === '\u0000' ? undefined : rawQuery; }, enumerable: false, writable: true, configurable: true
      });
    }
    if (typeof handler !== 'function') throw new ReferenceError('handler is not defined');
    var result = handler(event);
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      result.then(function (value) {
        try { box.output = serialize(value); } catch (e) { box.error = describe(e); }
        box.done = true;
      }, function (error) { box.error = describe(error); box.done = true; });
    } else {
      box.output = serialize(result);
      box.done = true;
    }
    return box;
  };
})(globalThis)`;
}
