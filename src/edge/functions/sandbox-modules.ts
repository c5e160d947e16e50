// The built-in modules as JavaScript evaluated inside the engine on first `require`/`import`. Each source is
// a function expression `(capability, require) => exports`; `capability` carries the host calls.
// Sources: "JavaScript runtime 2.0 features for CloudFront Functions" (Crypto, Query string, Buffer),
// "Helper methods for key value stores" (kvs get/exists/meta), "Helper methods for origin modification".

import { BUFFER_MODULE_SOURCE } from './sandbox-buffer.ts';

/** `crypto`: createHash / createHmac over md5, sha1, sha256 with hex, base64 or base64url digests. */
const CRYPTO_MODULE_SOURCE = `(function (capability, require) {
  'use strict';
  var ALGORITHMS = ['md5', 'sha1', 'sha256'];
  function toHex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }
  function normalize(data, encoding) {
    if (typeof data === 'string') return [encoding === undefined ? 'utf8' : String(encoding), data];
    if (data instanceof ArrayBuffer) data = new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return ['hex', toHex(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))];
    throw new TypeError('data must be a string, Buffer, TypedArray or ArrayBuffer');
  }
  function Digest(algorithm, key) {
    if (ALGORITHMS.indexOf(algorithm) === -1) throw new Error('Unsupported algorithm: "' + algorithm + '"');
    this._algorithm = algorithm;
    this._key = key;
    this._parts = [];
    this._finished = false;
  }
  Digest.prototype.update = function (data, encoding) {
    if (this._finished) throw new Error('Digest already called');
    this._parts.push(normalize(data, encoding));
    return this;
  };
  Digest.prototype.digest = function (encoding) {
    if (this._finished) throw new Error('Digest already called');
    this._finished = true;
    var key = this._key === undefined ? '' : JSON.stringify(this._key);
    var requested = encoding === undefined ? '' : String(encoding);
    var out = capability.host('digest', this._algorithm, key, JSON.stringify(this._parts), requested);
    if (requested !== '' || capability.runtime === 'cloudfront-js-1.0') return out;
    return require('buffer').Buffer.from(out, 'hex');
  };
  return {
    createHash: function (algorithm) { return new Digest(algorithm); },
    createHmac: function (algorithm, key) { return new Digest(algorithm, normalize(key)); }
  };
})`;

/** `querystring`: parse / stringify / escape / unescape (and the decode / encode aliases). */
const QUERYSTRING_MODULE_SOURCE = String.raw`(function (capability, require) {
  'use strict';
  function unescapeValue(s) {
    try { return decodeURIComponent(s); } catch (e) { return s; }
  }
  function escapeValue(s) { return encodeURIComponent(s); }
  function parse(text, sep, eq, options) {
    sep = sep || '&';
    eq = eq || '=';
    var decode = (options && options.decodeURIComponent) || unescapeValue;
    var maxKeys = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
    var result = {};
    if (typeof text !== 'string' || text.length === 0) return result;
    var pairs = text.split(sep);
    if (maxKeys > 0 && pairs.length > maxKeys) pairs = pairs.slice(0, maxKeys);
    for (var i = 0; i < pairs.length; i++) {
      var pair = pairs[i].replace(/\+/g, ' ');
      var at = pair.indexOf(eq);
      var key = decode(at >= 0 ? pair.slice(0, at) : pair);
      var value = at >= 0 ? decode(pair.slice(at + eq.length)) : '';
      if (!Object.prototype.hasOwnProperty.call(result, key)) result[key] = value;
      else if (Array.isArray(result[key])) result[key].push(value);
      else result[key] = [result[key], value];
    }
    return result;
  }
  function primitive(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && isFinite(v)) return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return '';
  }
  function stringify(obj, sep, eq, options) {
    sep = sep || '&';
    eq = eq || '=';
    var encode = (options && options.encodeURIComponent) || escapeValue;
    if (obj === null || typeof obj !== 'object') return '';
    var out = [];
    Object.keys(obj).forEach(function (key) {
      var value = obj[key];
      var values = Array.isArray(value) ? value : [value];
      values.forEach(function (v) { out.push(encode(key) + eq + encode(primitive(v))); });
    });
    return out.join(sep);
  }
  return { parse: parse, decode: parse, stringify: stringify, encode: stringify, escape: escapeValue, unescape: unescapeValue };
})`;

/** `cloudfront`: kvs(), updateRequestOrigin, selectRequestOriginById, createRequestOriginGroup. */
const CLOUDFRONT_MODULE_SOURCE = `(function (capability, require) {
  'use strict';
  function settle(work) {
    return new Promise(function (resolve) { resolve(work()); });
  }
  function handle(id) {
    return {
      get: function (key, options) {
        var format = options && options.format !== undefined ? options.format : 'string';
        return settle(function () {
          var raw = capability.host('kvs', 'get', String(key), id);
          if (raw === undefined) throw new Error('KeyNotFound: ' + key);
          if (format === 'string') return raw;
          if (format === 'json') return JSON.parse(raw);
          if (format === 'bytes') return require('buffer').Buffer.from(raw, 'utf8');
          throw new TypeError('Unknown format "' + format + '"');
        });
      },
      exists: function (key) {
        return settle(function () { return capability.host('kvs', 'exists', String(key), id) === 'true'; });
      },
      meta: function () {
        return settle(function () { return JSON.parse(capability.host('kvs', 'meta', '', id)); });
      }
    };
  }
  function kvs(id) {
    var kvsId = id === undefined ? '' : String(id);
    capability.host('kvs', 'open', '', kvsId);
    return handle(kvsId);
  }
  function origin(kind, value) {
    capability.host('origin', kind, JSON.stringify(value === undefined ? null : value));
  }
  var cf = {
    kvs: kvs,
    updateRequestOrigin: function (params) { origin('updateRequestOrigin', params); },
    selectRequestOriginById: function (originId) { origin('selectRequestOriginById', originId); },
    createRequestOriginGroup: function (params) { origin('createRequestOriginGroup', params); }
  };
  return cf;
})`;

/** `console` (loaded on first use): each call is one log entry, arguments joined by spaces, objects as JSON. */
const CONSOLE_MODULE_SOURCE = `(function (capability) {
  'use strict';
  function render(value) {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return String(value);
    try { var s = JSON.stringify(value); return s === undefined ? String(value) : s; } catch (e) { return String(value); }
  }
  function log() {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(render(arguments[i]));
    capability.host('log', parts.join(' '));
  }
  return { log: log, info: log, warn: log, error: log, debug: log, trace: log };
})`;

export const MODULE_SOURCES: Readonly<Record<string, string>> = {
  console: CONSOLE_MODULE_SOURCE,
  crypto: CRYPTO_MODULE_SOURCE,
  querystring: QUERYSTRING_MODULE_SOURCE,
  cloudfront: CLOUDFRONT_MODULE_SOURCE,
  buffer: BUFFER_MODULE_SOURCE,
};
