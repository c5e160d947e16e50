// CRC-64/NVME, the checksum S3 accepts as x-amz-checksum-crc64nvme (and its default full-object type).
// JavaScript has no fast 64-bit integers, so the register is kept as two 32-bit halves with slicing-by-8 tables.

/** Reflected polynomial 0x9A6C9329AC4BC9B5 split into halves. */
const POLY_HI = 0x9a6c9329;
const POLY_LO = 0xac4bc9b5;

function buildTables(): { readonly hi: Uint32Array; readonly lo: Uint32Array } {
  const hi = new Uint32Array(8 * 256);
  const lo = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (carry) {
        h = (h ^ POLY_HI) >>> 0;
        l = (l ^ POLY_LO) >>> 0;
      }
    }
    hi[n] = h;
    lo[n] = l;
  }
  for (let n = 0; n < 256; n++) {
    let h = hi[n];
    let l = lo[n];
    for (let t = 1; t < 8; t++) {
      // crc = table[crc & 0xff] ^ (crc >>> 8)
      const index = l & 0xff;
      const shiftedLo = ((l >>> 8) | ((h & 0xff) << 24)) >>> 0;
      const shiftedHi = h >>> 8;
      h = (hi[index] ^ shiftedHi) >>> 0;
      l = (lo[index] ^ shiftedLo) >>> 0;
      hi[t * 256 + n] = h;
      lo[t * 256 + n] = l;
    }
  }
  return { hi, lo };
}

/** Immutable lookup tables, computed once (read-only data, not mutable state). */
const TABLES = buildTables();

/** The CRC register between updates: the complemented running value, as two unsigned 32-bit halves. */
export type Crc64State = { readonly hi: number; readonly lo: number };

export const CRC64NVME_INITIAL: Crc64State = { hi: 0xffffffff, lo: 0xffffffff };

/** Advances the register over `data`. */
export function updateCrc64Nvme(state: Crc64State, data: Uint8Array): Crc64State {
  const th = TABLES.hi;
  const tl = TABLES.lo;
  let h = state.hi;
  let l = state.lo;
  let i = 0;
  const length = data.length;
  const end8 = length - (length % 8);
  while (i < end8) {
    const a = (l ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
    const b = (h ^ (data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24))) >>> 0;
    const i7 = 1792 + (a & 0xff);
    const i6 = 1536 + ((a >>> 8) & 0xff);
    const i5 = 1280 + ((a >>> 16) & 0xff);
    const i4 = 1024 + (a >>> 24);
    const i3 = 768 + (b & 0xff);
    const i2 = 512 + ((b >>> 8) & 0xff);
    const i1 = 256 + ((b >>> 16) & 0xff);
    const i0 = b >>> 24;
    h = (th[i7] ^ th[i6] ^ th[i5] ^ th[i4] ^ th[i3] ^ th[i2] ^ th[i1] ^ th[i0]) >>> 0;
    l = (tl[i7] ^ tl[i6] ^ tl[i5] ^ tl[i4] ^ tl[i3] ^ tl[i2] ^ tl[i1] ^ tl[i0]) >>> 0;
    i += 8;
  }
  while (i < length) {
    const index = (l ^ data[i]) & 0xff;
    const shiftedLo = ((l >>> 8) | ((h & 0xff) << 24)) >>> 0;
    h = (th[index] ^ (h >>> 8)) >>> 0;
    l = (tl[index] ^ shiftedLo) >>> 0;
    i++;
  }
  return { hi: h, lo: l };
}

/** The final CRC (complemented register) as 8 big-endian bytes, the order S3 base64-encodes. */
export function digestCrc64Nvme(state: Crc64State): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32BE(~state.hi >>> 0, 0);
  out.writeUInt32BE(~state.lo >>> 0, 4);
  return out;
}
