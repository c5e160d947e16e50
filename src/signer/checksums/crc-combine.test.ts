import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { COMBINABLE_CRCS, combineCrcs } from './crc-combine.ts';
import { createChecksum } from './create-checksum.ts';

function digest(algorithm: (typeof COMBINABLE_CRCS)[number], data: Uint8Array): Buffer {
  const checksum = createChecksum(algorithm);
  checksum.update(data);
  return checksum.digest();
}

describe('combineCrcs', () => {
  for (const algorithm of COMBINABLE_CRCS) {
    it(`gives the ${algorithm} of the concatenation from the pieces' ${algorithm}s and lengths`, () => {
      const pieces = [
        randomBytes(1000),
        randomBytes(1000),
        randomBytes(1),
        randomBytes(0),
        randomBytes(4099),
      ];
      const combined = combineCrcs(
        algorithm,
        pieces.map((p) => ({ digest: digest(algorithm, p), length: p.length })),
      );
      assert.equal(combined.toString('hex'), digest(algorithm, Buffer.concat(pieces)).toString('hex'));
    });

    it(`returns a single piece's ${algorithm} unchanged`, () => {
      const piece = randomBytes(77);
      const own = digest(algorithm, piece);
      assert.deepEqual(combineCrcs(algorithm, [{ digest: own, length: 77 }]), own);
    });
  }

  it('combines multi-megabyte pieces (part-sized lengths) correctly', () => {
    const part = Buffer.alloc(5 * 1024 * 1024, 7);
    const tail = randomBytes(123);
    const pieces = [part, part, tail];
    const combined = combineCrcs(
      'CRC64NVME',
      pieces.map((p) => ({ digest: digest('CRC64NVME', p), length: p.length })),
    );
    assert.equal(combined.toString('base64'), digest('CRC64NVME', Buffer.concat(pieces)).toString('base64'));
  });
});
