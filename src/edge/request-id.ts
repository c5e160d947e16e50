// CloudFront-style request ids (`X-Amz-Cf-Id`, `x-edge-request-id`, the HTML page's `Request ID:`):
// 40 random bytes as url-safe base64 keep the `==` padding, giving 56 characters (spec cloudfront.md §9.1).

import { randomBytes } from 'node:crypto';

export type RandomBytes = (size: number) => Buffer;

export function createRequestId(random: RandomBytes = randomBytes): string {
  return random(40).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The 32 lower-case hex characters of a `Via: 1.1 <hex>.cloudfront.net (CloudFront)` value. */
export function createViaHostHex(random: RandomBytes = randomBytes): string {
  return random(16).toString('hex');
}
