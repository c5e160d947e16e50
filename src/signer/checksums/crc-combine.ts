// Combining CRCs: the CRC of A‖B from crc(A), crc(B) and the length of B, without reading A or B again.
// This is how a multipart upload's FULL_OBJECT CRC is derived from its parts' CRCs. The three CRCs S3 uses
// are reflected with all-ones init and xorout, for which crc(A‖B) = crc(A)·x^(8·|B|) mod P ⊕ crc(B)
// (arithmetic over GF(2), the method zlib's crc32_combine documents).

export type CombinableCrc = 'CRC32' | 'CRC32C' | 'CRC64NVME';

export const COMBINABLE_CRCS: readonly CombinableCrc[] = ['CRC32', 'CRC32C', 'CRC64NVME'];

type CrcShape = { readonly width: number; readonly polynomialReflected: bigint };

const SHAPES: Readonly<Record<CombinableCrc, CrcShape>> = {
  CRC32: { width: 32, polynomialReflected: 0xedb88320n },
  CRC32C: { width: 32, polynomialReflected: 0x82f63b78n },
  CRC64NVME: { width: 64, polynomialReflected: 0x9a6c9329ac4bc9b5n },
};

/** a·b mod P, both in reflected form (the top bit is x^0). */
function multiplyModP(shape: CrcShape, a: bigint, b: bigint): bigint {
  let product = 0n;
  let factor = b;
  for (let bit = 1n << BigInt(shape.width - 1); bit !== 0n; bit >>= 1n) {
    if ((a & bit) !== 0n) product ^= factor;
    factor = (factor & 1n) !== 0n ? (factor >> 1n) ^ shape.polynomialReflected : factor >> 1n;
  }
  return product;
}

/** x^(8·byteCount) mod P, by squaring. */
function shiftOperator(shape: CrcShape, byteCount: number): bigint {
  let result = 1n << BigInt(shape.width - 1); // x^0
  let square = 1n << BigInt(shape.width - 2); // x^1
  let exponent = BigInt(byteCount) * 8n;
  while (exponent > 0n) {
    if ((exponent & 1n) !== 0n) result = multiplyModP(shape, result, square);
    square = multiplyModP(shape, square, square);
    exponent >>= 1n;
  }
  return result;
}

function toBigInt(digest: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(digest).toString('hex') || '0'}`);
}

function toDigest(value: bigint, width: number): Buffer {
  return Buffer.from(value.toString(16).padStart(width / 4, '0'), 'hex');
}

export type CrcPiece = {
  /** The piece's CRC as S3 sends it decoded: big-endian bytes (4 for CRC32/CRC32C, 8 for CRC64NVME). */
  readonly digest: Uint8Array;
  readonly length: number;
};

/**
 * The CRC of the pieces' bytes laid end to end, from each piece's CRC and length. Lengths repeat in a
 * multipart upload (every part but the last has the same size), so their shift operators are computed once.
 */
export function combineCrcs(algorithm: CombinableCrc, pieces: readonly CrcPiece[]): Buffer {
  const shape = SHAPES[algorithm];
  const operators = new Map<number, bigint>();
  let crc = 0n; // the CRC of no bytes
  for (const piece of pieces) {
    let operator = operators.get(piece.length);
    if (operator === undefined) {
      operator = shiftOperator(shape, piece.length);
      operators.set(piece.length, operator);
    }
    crc = multiplyModP(shape, operator, crc) ^ toBigInt(piece.digest);
  }
  return toDigest(crc, shape.width);
}
