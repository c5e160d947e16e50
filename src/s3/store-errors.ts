// Maps the store's typed failures to S3 errors with the extra members S3 includes.

import { StoreError } from '../store/index.ts';
import { S3Error } from './s3-error.ts';

export function s3ErrorFromStore(
  error: unknown,
  context: { bucket?: string; key?: string; uploadId?: string } = {},
): unknown {
  if (!(error instanceof StoreError)) return error;
  switch (error.code) {
    case 'NoSuchBucket':
      return new S3Error('NoSuchBucket', { extra: { BucketName: context.bucket }, cause: error });
    case 'NoSuchKey':
      return new S3Error('NoSuchKey', { extra: { Key: context.key }, cause: error });
    case 'NoSuchUpload':
      return new S3Error('NoSuchUpload', { extra: { UploadId: context.uploadId }, cause: error });
    case 'BucketNotEmpty':
      return new S3Error('BucketNotEmpty', { extra: { BucketName: context.bucket }, cause: error });
    case 'BucketAlreadyOwnedByYou':
      return new S3Error('BucketAlreadyOwnedByYou', { extra: { BucketName: context.bucket }, cause: error });
    case 'PreconditionFailed':
      // write-conditions.ts names the failed header first in its message.
      return new S3Error('PreconditionFailed', {
        extra: { Condition: error.message.startsWith('If-None-Match') ? 'If-None-Match' : 'If-Match' },
        cause: error,
      });
    default:
      return new S3Error(error.code, { cause: error });
  }
}

/** Runs a store call, rethrowing store failures as S3 errors. */
export async function withStore<T>(
  run: () => Promise<T>,
  context: { bucket?: string; key?: string; uploadId?: string } = {},
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw s3ErrorFromStore(error, context);
  }
}
