// `encoding-type=url` for S3 listings (AWS: "Amazon S3 API Reference"): which values a listing percent-encodes, and how.

import { S3Error } from '../s3-error.ts';
import type { S3Request } from '../s3-types.ts';

/**
 * `encoding-type=url`: RFC 3986 percent-encoding of everything but unreserved characters and `/` — a space is
 * `%20`, `+` is `%2B`, `(` is `%28` (s3-tests `test_bucket_listv2_encoding_basic` pins `quux%20ab/`, `foo%2B1/`).
 */
export function urlEncodeKey(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function listingEncoder(request: S3Request): (value: string | undefined) => string | undefined {
  const type = request.route.query.get('encoding-type');
  if (type === undefined) return (v) => v;
  if (type !== 'url') {
    throw new S3Error('InvalidArgument', {
      message: 'Invalid Encoding Method specified in Request',
      extra: { ArgumentName: 'encoding-type', ArgumentValue: type },
    });
  }
  return (v) => (v === undefined ? undefined : urlEncodeKey(v));
}
