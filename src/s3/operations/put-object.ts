// PutObject (spec s3.md §B.4): stream the decoded body into the store; verification happens in the
// store's verify hook so a failed upload leaves the previous object untouched.

import { encryptionHeaders, metadataFromHeaders } from '../object-headers.ts';
import { checksumResponseHeaders } from '../request-checksum.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { prepareUpload } from '../write-object-body.ts';

export async function putObject(
  request: S3Request<OperationOf<'PutObject'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket, key } = request.route.operation;
  const metadata = metadataFromHeaders(request.header, request.headerNames());
  const body = request.body();
  const upload = prepareUpload(request, body);
  const stored = await withStore(
    () =>
      deps.store.putObject(bucket, key, upload.stream, metadata, {
        // The checksum is known only once the body has ended; verify hands it to the store.
        verify: upload.verify,
        ifMatch: request.header('if-match'),
        ifNoneMatch: request.header('if-none-match'),
      }),
    { bucket, key },
  );
  return {
    status: 200,
    headers: {
      ETag: stored.etag,
      ...checksumResponseHeaders(upload.checksum()),
      ...encryptionHeaders(stored.metadata),
    },
  };
}
