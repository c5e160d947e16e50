import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Crc32c as SdkCrc32c, Crc64NvmeJs as SdkCrc64Nvme } from '@aws-sdk/checksums/crc';
import {
  CHECKSUM_ALGORITHMS,
  checksumAlgorithmFromHeaderName,
  computeChecksumBase64,
  computeCompositeChecksum,
  createChecksum,
} from './index.ts';

// Check values of the CRC catalogue (input "123456789") and the SHA test vectors.
const CHECK_VALUES: Record<(typeof CHECKSUM_ALGORITHMS)[number], string> = {
  CRC32: 'cbf43926',
  CRC32C: 'e3069283',
  CRC64NVME: 'ae8b14860a799888',
  SHA1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441',
  SHA256: '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
};

async function sdkDigest(
  hash: { update(d: Uint8Array): void; digest(): Promise<Uint8Array> },
  data: Uint8Array,
) {
  hash.update(data);
  return Buffer.from(await hash.digest()).toString('hex');
}

describe('createChecksum', () => {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    it(`computes the catalogue check value of ${algorithm} for "123456789"`, () => {
      const checksum = createChecksum(algorithm);
      checksum.update(Buffer.from('123456789'));
      assert.equal(checksum.digest().toString('hex'), CHECK_VALUES[algorithm]);
    });

    it(`gives the same ${algorithm} digest however the input is split`, () => {
      const data = randomBytes(10_007);
      const whole = computeChecksumBase64(algorithm, data);
      const pieces = createChecksum(algorithm);
      for (let i = 0; i < data.length; ) {
        const n = 1 + Math.floor(Math.random() * 37);
        pieces.update(data.subarray(i, i + n));
        i += n;
      }
      assert.equal(pieces.digest().toString('base64'), whole);
    });
  }

  it('matches the AWS SDK CRC32C and CRC64NVME implementations on random data', async () => {
    for (const length of [0, 1, 7, 8, 9, 1000, 65_537]) {
      const data = randomBytes(length);
      assert.equal(
        computeChecksumBase64('CRC32C', data),
        Buffer.from(await sdkDigest(new SdkCrc32c(), data), 'hex').toString('base64'),
      );
      assert.equal(
        computeChecksumBase64('CRC64NVME', data),
        Buffer.from(await sdkDigest(new SdkCrc64Nvme(), data), 'hex').toString('base64'),
      );
    }
  });

  it('matches the CRC32C value of the AWS trailer example (66560 bytes of "a")', () => {
    assert.equal(computeChecksumBase64('CRC32C', Buffer.alloc(66560, 'a')), 'sOO8/Q==');
  });

  it('maps header names to algorithms', () => {
    assert.equal(checksumAlgorithmFromHeaderName('x-amz-checksum-crc64nvme'), 'CRC64NVME');
    assert.equal(checksumAlgorithmFromHeaderName('X-Amz-Checksum-SHA1'), 'SHA1');
    assert.equal(checksumAlgorithmFromHeaderName('x-amz-checksum-md5'), undefined);
    assert.equal(checksumAlgorithmFromHeaderName('x-amz-checksum-algorithm'), undefined);
  });
});

describe('computeCompositeChecksum', () => {
  it('hashes the concatenated binary part checksums and appends the part count', () => {
    const parts = [randomBytes(100), randomBytes(200), randomBytes(3)];
    const partChecksums = parts.map((p) => computeChecksumBase64('SHA256', p));
    const expected = computeChecksumBase64(
      'SHA256',
      Buffer.concat(partChecksums.map((c) => Buffer.from(c, 'base64'))),
    );
    assert.equal(computeCompositeChecksum('SHA256', partChecksums), `${expected}-3`);
    assert.throws(() => computeCompositeChecksum('CRC32', []), RangeError);
  });
});
