// ListObjectsV2 continuation tokens: the last key returned, prefixed and base64-encoded so a token is opaque
// to clients and one that was not ours is refused.

import { S3Error } from '../s3-error.ts';

const TOKEN_PREFIX = 'fg1:';

export function encodeContinuationToken(after: string): string {
  return Buffer.from(TOKEN_PREFIX + after, 'utf8').toString('base64');
}

export function decodeContinuationToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX) || Buffer.from(text, 'utf8').toString('base64') !== token) {
    throw new S3Error('InvalidArgument', {
      message: 'The continuation token provided is incorrect',
      extra: { ArgumentName: 'continuation-token' },
    });
  }
  return text.slice(TOKEN_PREFIX.length);
}
