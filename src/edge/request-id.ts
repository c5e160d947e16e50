// CloudFront-style request ids (`X-Amz-Cf-Id`, `x-edge-request-id`, the HTML page's `Request ID:`):
// 40 random bytes as url-safe base64 keep the `==` padding, giving 56 characters (AWS: "Request and response behavior for Amazon S3 origins").

import { randomBytes, randomFillSync } from 'node:crypto';

export type RandomBytes = (size: number) => Buffer;

const REQUEST_ID_BYTES = 40;

/** 40 bytes → 54 url-safe base64 characters and the `==` padding url-safe base64 leaves off. */
function renderRequestId(bytes: Buffer): string {
  return `${bytes.toString('base64url')}==`;
}

export function createRequestId(random: RandomBytes = randomBytes): string {
  return renderRequestId(random(REQUEST_ID_BYTES));
}

/**
 * A request-id source for one runtime: draws random bytes for `idsPerRefill` ids at a time, so the
 * per-request cost is a base64 encoding instead of a CSPRNG call (the edge's cache-hit path, docs/benchmarks.md).
 */
export function createRequestIdSource(idsPerRefill = 256): () => string {
  const pool = Buffer.allocUnsafe(REQUEST_ID_BYTES * idsPerRefill);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const id = renderRequestId(pool.subarray(offset, offset + REQUEST_ID_BYTES));
    offset += REQUEST_ID_BYTES;
    return id;
  };
}

/** The 32 lower-case hex characters of a `Via: 1.1 <hex>.cloudfront.net (CloudFront)` value. */
export function createViaHostHex(random: RandomBytes = randomBytes): string {
  return random(16).toString('hex');
}
