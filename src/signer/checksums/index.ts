// Public surface of the checksum library: S3 flexible checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256).

export { computeCompositeChecksum } from './composite-checksum.ts';
export { crc32c } from './crc32c.ts';
export {
  CHECKSUM_ALGORITHMS,
  type Checksum,
  type ChecksumAlgorithm,
  checksumAlgorithmFromHeaderName,
  checksumHeaderName,
  computeChecksumBase64,
  createChecksum,
} from './create-checksum.ts';
export { COMBINABLE_CRCS, type CombinableCrc, type CrcPiece, combineCrcs } from './crc-combine.ts';
