// Request headers S3 checks for every operation before acting: the expected bucket owner and the
// server-side encryption headers. Pure deciders over the header lookup; they throw S3Error.

import type { S3OperationName } from './route-s3-request.ts';
import { S3Error } from './s3-error.ts';

/**
 * `x-amz-expected-bucket-owner` / `x-amz-source-expected-bucket-owner`: "If the account ID that you provide
 * does not match the actual owner of the bucket, the request fails with the HTTP status code 403 Forbidden
 * (access denied)" (S3 API Reference, e.g. GetObject). One account (config `s3.accountId`) owns every bucket here.
 */
export function checkExpectedBucketOwner(
  header: (name: string) => string | undefined,
  ownerAccountId: string,
): void {
  for (const name of ['x-amz-expected-bucket-owner', 'x-amz-source-expected-bucket-owner']) {
    const expected = header(name);
    if (expected !== undefined && expected.trim() !== ownerAccountId) throw new S3Error('AccessDenied');
  }
}

/** Operations that create an object and so take `x-amz-server-side-encryption` (S3 API Reference). */
const ENCRYPTING_OPERATIONS = new Set<S3OperationName>(['PutObject', 'CopyObject', 'CreateMultipartUpload']);

const notImplemented = (what: string) =>
  new S3Error('NotImplemented', {
    message: `Frontgate does not implement ${what}; only SSE-S3 (x-amz-server-side-encryption: AES256) is accepted.`,
  });

/**
 * The server-side encryption a request asks for. SSE-S3 (`AES256`) is accepted where S3 accepts it and
 * answered as S3 answers it; SSE-C (customer keys) and SSE-KMS/DSSE-KMS are refused with NotImplemented,
 * never accepted and ignored — an SSE-C object must never be served without its key
 * (docs/decisions/s3-parity-choices.md).
 */
export function requestedServerSideEncryption(
  operation: S3OperationName,
  header: (name: string) => string | undefined,
  headerNames: readonly string[],
): 'AES256' | undefined {
  if (headerNames.some((n) => /^x-amz-(copy-source-)?server-side-encryption-customer-/.test(n))) {
    throw notImplemented('server-side encryption with customer-provided keys (SSE-C)');
  }
  if (
    headerNames.some(
      (n) =>
        n === 'x-amz-server-side-encryption-aws-kms-key-id' || n === 'x-amz-server-side-encryption-context',
    )
  ) {
    throw notImplemented('server-side encryption with AWS KMS keys (SSE-KMS)');
  }
  const bucketKey = header('x-amz-server-side-encryption-bucket-key-enabled');
  if (bucketKey !== undefined && bucketKey.trim().toLowerCase() === 'true') {
    throw notImplemented('S3 Bucket Keys for SSE-KMS');
  }
  const value = header('x-amz-server-side-encryption');
  if (value === undefined) return undefined;
  if (value === 'aws:kms' || value === 'aws:kms:dsse') {
    throw notImplemented('server-side encryption with AWS KMS keys (SSE-KMS, DSSE-KMS)');
  }
  if (value !== 'AES256') {
    throw new S3Error('InvalidArgument', {
      message: 'The encryption method specified is not supported',
      extra: { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: value },
    });
  }
  if (!ENCRYPTING_OPERATIONS.has(operation)) {
    throw new S3Error('InvalidArgument', {
      message: 'x-amz-server-side-encryption header is not supported for this operation.',
    });
  }
  return 'AES256';
}
