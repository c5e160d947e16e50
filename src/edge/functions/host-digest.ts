// The host side of the `crypto` module: hashes and HMACs over the parts the function fed to update(),
// with the algorithms and digest encodings CloudFront documents (md5, sha1, sha256; hex, base64, base64url;
// "JavaScript runtime 2.0 features for CloudFront Functions", Crypto).

import { createHash, createHmac } from 'node:crypto';

const INPUT_ENCODINGS = new Set(['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii']);
const OUTPUT_ENCODINGS = new Set(['hex', 'base64', 'base64url']);

function bytesOf(part: unknown): Buffer {
  if (!Array.isArray(part) || typeof part[0] !== 'string' || typeof part[1] !== 'string') {
    throw new TypeError('invalid digest input');
  }
  const encoding = part[0].toLowerCase();
  if (!INPUT_ENCODINGS.has(encoding)) throw new TypeError(`Unknown encoding: ${part[0]}`);
  return Buffer.from(part[1], encoding as BufferEncoding);
}

/**
 * `key` is '' for a hash or the JSON of one [encoding, data] part; `partsJson` the JSON of the updates.
 * `encoding` '' asks for the raw digest: hex for runtime 2.0 (the engine wraps it in a Buffer), a byte
 * string for runtime 1.0.
 */
export function hostDigest(
  algorithm: string,
  key: string,
  partsJson: string,
  encoding: string,
  runtime: string,
): string {
  const parts = JSON.parse(partsJson) as unknown[];
  const digest = key === '' ? createHash(algorithm) : createHmac(algorithm, bytesOf(JSON.parse(key)));
  for (const part of parts) digest.update(bytesOf(part));
  const raw = digest.digest();
  if (encoding === '') return runtime === 'cloudfront-js-1.0' ? raw.toString('latin1') : raw.toString('hex');
  if (!OUTPUT_ENCODINGS.has(encoding)) throw new TypeError(`Unknown digest encoding: ${encoding}`);
  return raw.toString(encoding as BufferEncoding);
}
