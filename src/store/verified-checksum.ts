// Applies what a write's `verify` hook returned to the metadata being committed: a checksum known only
// after the body ended (aws-chunked trailer, streamed tap) replaces whatever the caller passed up front.

import type { ObjectMetadata, VerifiedBytes } from './object-store.ts';

export function withVerifiedChecksum(
  metadata: ObjectMetadata,
  verified: VerifiedBytes | undefined,
): ObjectMetadata {
  return verified?.checksum ? { ...metadata, checksum: verified.checksum } : metadata;
}
