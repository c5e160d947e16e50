// Incremental checksums for S3's flexible-checksum algorithms (x-amz-checksum-*), base64 of the
// big-endian digest on the wire (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"). CRC32 uses zlib's native crc32; SHA via node:crypto.

import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32c } from './crc32c.ts';
import { CRC64NVME_INITIAL, type Crc64State, digestCrc64Nvme, updateCrc64Nvme } from './crc64nvme.ts';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export type Checksum = {
  readonly algorithm: ChecksumAlgorithm;
  update(chunk: Uint8Array): void;
  /** The digest bytes; call once, after the last update. */
  digest(): Buffer;
};

function uint32Be(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32': {
      let value = 0;
      return {
        algorithm,
        update: (chunk) => {
          value = zlibCrc32(chunk, value);
        },
        digest: () => uint32Be(value),
      };
    }
    case 'CRC32C': {
      let value = 0;
      return {
        algorithm,
        update: (chunk) => {
          value = crc32c(chunk, value);
        },
        digest: () => uint32Be(value),
      };
    }
    case 'CRC64NVME': {
      let state: Crc64State = CRC64NVME_INITIAL;
      return {
        algorithm,
        update: (chunk) => {
          state = updateCrc64Nvme(state, chunk);
        },
        digest: () => digestCrc64Nvme(state),
      };
    }
    case 'SHA1':
    case 'SHA256': {
      const hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return {
        algorithm,
        update: (chunk) => {
          hash.update(chunk);
        },
        digest: () => hash.digest(),
      };
    }
    default:
      throw new TypeError(`unknown checksum algorithm ${String(algorithm)}`);
  }
}

/** Maps a header or trailer name (`x-amz-checksum-crc32c`) to its algorithm, or undefined for other names. */
export function checksumAlgorithmFromHeaderName(name: string): ChecksumAlgorithm | undefined {
  const lower = name.toLowerCase();
  if (!lower.startsWith('x-amz-checksum-')) return undefined;
  const suffix = lower.slice('x-amz-checksum-'.length).toUpperCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(suffix)
    ? (suffix as ChecksumAlgorithm)
    : undefined;
}

/** The header name S3 uses for an algorithm's value, e.g. `x-amz-checksum-crc64nvme`. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** One-shot convenience: base64 checksum of a whole buffer. */
export function computeChecksumBase64(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const checksum = createChecksum(algorithm);
  checksum.update(data);
  return checksum.digest().toString('base64');
}
