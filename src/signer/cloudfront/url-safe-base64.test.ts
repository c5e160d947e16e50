import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeUrlSafeBase64, encodeUrlSafeBase64 } from './url-safe-base64.ts';

describe('url-safe base64', () => {
  it('maps + = / to - _ ~ and back', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x01]);
    assert.equal(bytes.toString('base64'), '+/+/AQ==');
    assert.equal(encodeUrlSafeBase64(bytes), '-~-~AQ__');
    assert.deepEqual(decodeUrlSafeBase64('-~-~AQ__'), bytes);
  });

  it('accepts missing padding and standard characters, rejects everything malformed', () => {
    assert.deepEqual(decodeUrlSafeBase64('-~-~AQ'), Buffer.from([0xfb, 0xff, 0xbf, 0x01]));
    assert.deepEqual(decodeUrlSafeBase64('+/+/AQ=='), Buffer.from([0xfb, 0xff, 0xbf, 0x01]));
    for (const bad of ['', 'A', 'AB!C', 'AB_C', 'ABC___', 'AB C', 'ABCDE_']) {
      assert.equal(decodeUrlSafeBase64(bad), undefined, bad);
    }
  });
});
