// Reads what multipart operations share from a request: the bucket and key it targets, the upload named by
// `uploadId` (NoSuchUpload when it is gone or belongs to another key), `partNumber`, and list limits.

import type { MultipartUpload } from '../../store/index.ts';
import type { OperationOf } from '../route-s3-request.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';

/** Operations that name an upload in progress (`uploadId`). */
export type UploadRequest = S3Request<
  OperationOf<
    'UploadPart' | 'UploadPartCopy' | 'CompleteMultipartUpload' | 'AbortMultipartUpload' | 'ListParts'
  >
>;

export function uploadTarget(request: S3Request<OperationOf<'CreateMultipartUpload'>> | UploadRequest): {
  bucket: string;
  key: string;
} {
  const { bucket, key } = request.route.operation;
  return { bucket, key };
}

export async function loadUpload(
  request: UploadRequest,
  deps: S3Deps,
  options: { readonly includeCompleted?: boolean } = {},
): Promise<MultipartUpload> {
  const { bucket, key } = uploadTarget(request);
  const { uploadId } = request.route.operation;
  const upload = await withStore(() => deps.store.getMultipartUpload(bucket, uploadId, options), {
    bucket,
    uploadId,
  });
  if (upload === undefined || upload.key !== key)
    throw new S3Error('NoSuchUpload', { extra: { UploadId: uploadId } });
  return upload;
}

export function parsePartNumber(request: S3Request<OperationOf<'UploadPart' | 'UploadPartCopy'>>): number {
  const raw = request.route.operation.partNumber;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) {
    throw new S3Error('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive',
      extra: { ArgumentName: 'partNumber', ArgumentValue: raw },
    });
  }
  return n;
}

/** `max-parts` / `max-uploads`: an integer ≥ 0, capped at 1000; anything else → InvalidArgument. */
export function parseListLimit(request: S3Request, name: string): number {
  const raw = request.route.query.get(name);
  if (raw === undefined) return 1000;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new S3Error('InvalidArgument', {
      message: `Provided ${name} not an integer or within integer range`,
      extra: { ArgumentName: name, ArgumentValue: raw },
    });
  }
  return Math.min(Number(raw), 1000);
}
