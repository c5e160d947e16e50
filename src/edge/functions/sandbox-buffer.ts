// `Buffer` for runtime 2.0 ("Buffer module methods are available", JavaScript runtime 2.0 features for
// CloudFront Functions), as JavaScript evaluated inside the engine on first use: a Uint8Array subclass with
// the utf8, hex, base64, base64url and latin1 encodings and the commonly used static and instance methods.

export const BUFFER_MODULE_SOURCE = String.raw`(function (capability, require) {
  'use strict';
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var ENCODINGS = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii'];
  function normalizeEncoding(encoding) {
    var e = encoding === undefined ? 'utf8' : String(encoding).toLowerCase();
    if (ENCODINGS.indexOf(e) === -1) throw new TypeError('Unknown encoding: ' + encoding);
    if (e === 'utf-8') return 'utf8';
    if (e === 'binary' || e === 'ascii') return 'latin1';
    return e;
  }
  function utf8Bytes(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; } else c = 0xfffd;
      } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }
  function utf8String(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length;) {
      var b = bytes[i], c = 0xfffd, n = 1;
      if (b < 0x80) c = b;
      else if (b >= 0xc2 && b < 0xe0 && i + 1 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80) { c = ((b & 31) << 6) | (bytes[i + 1] & 63); n = 2; }
      else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) { c = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63); n = 3; }
      else if (b >= 0xf0 && b < 0xf5 && i + 3 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80 && (bytes[i + 3] & 0xc0) === 0x80) { c = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63); n = 4; }
      out += String.fromCodePoint(c);
      i += n;
    }
    return out;
  }
  function base64Bytes(s) {
    var clean = String(s).replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
    var out = [], bits = 0, count = 0;
    for (var i = 0; i < clean.length; i++) {
      var v = B64.indexOf(clean[i]);
      if (v < 0) break;
      bits = ((bits << 6) | v) & 0xffffff; count += 6;
      if (count >= 8) { count -= 8; out.push((bits >> count) & 255); }
    }
    return out;
  }
  function base64String(bytes, alphabet, pad) {
    var out = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8) | (i + 2 < bytes.length ? bytes[i + 2] : 0);
      out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
      out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : pad ? '=' : '';
      out += i + 2 < bytes.length ? alphabet[n & 63] : pad ? '=' : '';
    }
    return out;
  }
  function stringBytes(s, encoding) {
    switch (normalizeEncoding(encoding)) {
      case 'utf8': return utf8Bytes(s);
      case 'hex': {
        var out = [];
        for (var i = 0; i + 1 < s.length; i += 2) {
          var v = parseInt(s.substr(i, 2), 16);
          if (isNaN(v)) break;
          out.push(v);
        }
        return out;
      }
      case 'base64': case 'base64url': return base64Bytes(s);
      default: {
        var latin = [];
        for (var j = 0; j < s.length; j++) latin.push(s.charCodeAt(j) & 255);
        return latin;
      }
    }
  }
  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return fromArray(stringBytes(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) return new Buffer(value, encodingOrOffset || 0, length === undefined ? value.byteLength - (encodingOrOffset || 0) : length);
      if (ArrayBuffer.isView(value)) return fromArray(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      if (value && typeof value.length === 'number') return fromArray(value);
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) return fromArray(value.data);
      throw new TypeError('The first argument must be a string, Buffer, ArrayBuffer, Array, or array-like object');
    }
    static alloc(size, fill, encoding) {
      var b = new Buffer(size);
      if (fill !== undefined) b.fill(fill, 0, size, encoding);
      return b;
    }
    static allocUnsafe(size) { return new Buffer(size); }
    static isBuffer(value) { return value instanceof Buffer; }
    static isEncoding(encoding) { return ENCODINGS.indexOf(String(encoding).toLowerCase()) !== -1; }
    static byteLength(value, encoding) {
      if (typeof value === 'string') return stringBytes(value, encoding).length;
      return value.byteLength;
    }
    static concat(list, totalLength) {
      var total = totalLength;
      if (total === undefined) { total = 0; for (var i = 0; i < list.length; i++) total += list[i].length; }
      var out = new Buffer(total), offset = 0;
      for (var j = 0; j < list.length && offset < total; j++) {
        var part = list[j].subarray(0, total - offset);
        out.set(part, offset);
        offset += part.length;
      }
      return out;
    }
    static compare(a, b) { return a.compare(b); }
    toString(encoding, start, end) {
      var bytes = this.subarray(start || 0, end === undefined ? this.length : end);
      switch (normalizeEncoding(encoding)) {
        case 'utf8': return utf8String(bytes);
        case 'hex': {
          var out = '';
          for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
          return out;
        }
        case 'base64': return base64String(bytes, B64, true);
        case 'base64url': return base64String(bytes, B64URL, false);
        default: {
          var latin = '';
          for (var j = 0; j < bytes.length; j++) latin += String.fromCharCode(bytes[j]);
          return latin;
        }
      }
    }
    fill(value, start, end, encoding) {
      if (typeof value === 'string') {
        var bytes = stringBytes(value, encoding);
        var from = start || 0, to = end === undefined ? this.length : end;
        for (var i = from; i < to && bytes.length > 0; i++) this[i] = bytes[(i - from) % bytes.length];
        return this;
      }
      return super.fill(value, start, end);
    }
    equals(other) { return this.compare(other) === 0; }
    compare(other) {
      var n = Math.min(this.length, other.length);
      for (var i = 0; i < n; i++) if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
      return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
    }
    slice(start, end) { return this.subarray(start, end); }
    subarray(start, end) {
      var view = Uint8Array.prototype.subarray.call(this, start, end);
      return new Buffer(view.buffer, view.byteOffset, view.length);
    }
    write(string, offset, length, encoding) {
      var bytes = stringBytes(string, encoding);
      var at = offset || 0, n = Math.min(bytes.length, length === undefined ? this.length - at : length, this.length - at);
      for (var i = 0; i < n; i++) this[at + i] = bytes[i];
      return n;
    }
    copy(target, targetStart, sourceStart, sourceEnd) {
      var part = this.subarray(sourceStart || 0, sourceEnd === undefined ? this.length : sourceEnd);
      var n = Math.min(part.length, target.length - (targetStart || 0));
      target.set(part.subarray(0, n), targetStart || 0);
      return n;
    }
    indexOf(value, byteOffset, encoding) {
      if (typeof value === 'number') return Uint8Array.prototype.indexOf.call(this, value, byteOffset);
      var needle = typeof value === 'string' ? stringBytes(value, encoding) : value;
      outer: for (var i = byteOffset || 0; i + needle.length <= this.length; i++) {
        for (var j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }
    includes(value, byteOffset, encoding) { return this.indexOf(value, byteOffset, encoding) !== -1; }
    toJSON() { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; }
    readUInt8(offset) { return this[offset || 0]; }
    readUInt16BE(offset) { var o = offset || 0; return (this[o] << 8) | this[o + 1]; }
    readUInt16LE(offset) { var o = offset || 0; return this[o] | (this[o + 1] << 8); }
    readUInt32BE(offset) { var o = offset || 0; return this[o] * 0x1000000 + ((this[o + 1] << 16) | (this[o + 2] << 8) | this[o + 3]); }
    readUInt32LE(offset) { var o = offset || 0; return this[o + 3] * 0x1000000 + ((this[o + 2] << 16) | (this[o + 1] << 8) | this[o]); }
    writeUInt8(value, offset) { this[offset || 0] = value; return (offset || 0) + 1; }
  }
  function fromArray(values) {
    var b = new Buffer(values.length);
    for (var i = 0; i < values.length; i++) b[i] = values[i];
    return b;
  }
  return { Buffer: Buffer };
})`;
