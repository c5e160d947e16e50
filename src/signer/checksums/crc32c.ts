// CRC-32C (Castagnoli), the checksum S3 accepts as x-amz-checksum-crc32c; a hot path for uploads, so it uses
// slicing-by-8 tables (eight lookups per 8 input bytes) instead of the bytewise loop.

const POLYNOMIAL_REFLECTED = 0x82f63b78;

function buildTables(): Uint32Array {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL_REFLECTED : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[n];
    for (let t = 1; t < 8; t++) {
      c = (tables[c & 0xff] ^ (c >>> 8)) >>> 0;
      tables[t * 256 + n] = c;
    }
  }
  return tables;
}

/** Immutable lookup tables, computed once (read-only data, not mutable state). */
const TABLES = buildTables();

/**
 * Continues a CRC-32C over `data`; start with 0 and pass the previous result to continue, like `zlib.crc32`.
 * Returns an unsigned 32-bit integer.
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  const t = TABLES;
  let crc = ~previous >>> 0;
  let i = 0;
  const length = data.length;
  const end8 = length - (length % 8);
  while (i < end8) {
    const lo = (crc ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
    crc =
      t[1792 + (lo & 0xff)] ^
      t[1536 + ((lo >>> 8) & 0xff)] ^
      t[1280 + ((lo >>> 16) & 0xff)] ^
      t[1024 + (lo >>> 24)] ^
      t[768 + data[i + 4]] ^
      t[512 + data[i + 5]] ^
      t[256 + data[i + 6]] ^
      t[data[i + 7]];
    i += 8;
  }
  while (i < length) {
    crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    i++;
  }
  return ~crc >>> 0;
}
