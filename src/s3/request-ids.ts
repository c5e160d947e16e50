// S3's per-request ids: `x-amz-request-id` (16 upper-case hex characters) and `x-amz-id-2` (32 random bytes in
// base64). Random bytes are drawn for many requests at once, so a request pays an encoding, not a CSPRNG call
// (3 % of a presigned GET's CPU profile before).

import { randomFillSync } from 'node:crypto';

const REQUEST_ID_BYTES = 8;
const HOST_ID_BYTES = 32;
const BYTES_PER_REQUEST = REQUEST_ID_BYTES + HOST_ID_BYTES;

export type S3RequestIds = { readonly requestId: string; readonly hostId: string };

export function createS3RequestIdSource(requestsPerRefill = 256): () => S3RequestIds {
  const pool = Buffer.allocUnsafe(BYTES_PER_REQUEST * requestsPerRefill);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const requestId = pool.toString('hex', offset, offset + REQUEST_ID_BYTES).toUpperCase();
    const hostId = pool.toString('base64', offset + REQUEST_ID_BYTES, offset + BYTES_PER_REQUEST);
    offset += BYTES_PER_REQUEST;
    return { requestId, hostId };
  };
}
