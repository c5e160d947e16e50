// Multipart uploads (AWS: "Amazon S3 API Reference" table): CreateMultipartUpload, UploadPart, UploadPartCopy and
// AbortMultipartUpload. Complete and the two listings have their own files.

import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { metadataFromHeaders } from '../object-headers.ts';
import { checksumResponseHeaders } from '../request-checksum.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { prepareUpload } from '../write-object-body.ts';
import { loadCopySource } from './copy-object.ts';
import { loadUpload, parsePartNumber, uploadTarget } from './multipart-upload-request.ts';
import { xmlResponse } from './xml-response.ts';

export async function createMultipartUpload(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const { bucket, key } = uploadTarget(request);
  const metadata = metadataFromHeaders(request.header, request.headerNames());
  const upload = await withStore(() => deps.store.createMultipartUpload(bucket, key, metadata), {
    bucket,
    key,
  });
  const algorithm = request.header('x-amz-checksum-algorithm');
  return xmlResponse(
    renderXmlDocument(
      el(
        'InitiateMultipartUploadResult',
        [el('Bucket', bucket), el('Key', key), el('UploadId', upload.uploadId)],
        {
          xmlns: S3_XMLNS,
        },
      ),
    ),
    algorithm ? { 'x-amz-checksum-algorithm': algorithm.toUpperCase() } : {},
  );
}

export async function uploadPart(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const partNumber = parsePartNumber(request);
  const upload = await loadUpload(request, deps);
  const body = request.body();
  const prepared = prepareUpload(request, body);
  const part = await withStore(
    () => deps.store.putPart(upload, partNumber, prepared.stream, { verify: prepared.verify }),
    { ...uploadTarget(request), uploadId: upload.uploadId },
  );
  return { status: 200, headers: { ETag: part.etag, ...checksumResponseHeaders(prepared.checksum()) } };
}

export async function uploadPartCopy(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const partNumber = parsePartNumber(request);
  const upload = await loadUpload(request, deps);
  const source = await loadCopySource(request, deps);
  const rangeHeader = request.header('x-amz-copy-source-range');
  let range: { start: number; end: number } | undefined;
  if (rangeHeader !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(rangeHeader.trim());
    if (!m || Number(m[2]) < Number(m[1])) {
      throw new S3Error('InvalidArgument', {
        message:
          'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
        extra: { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: rangeHeader },
      });
    }
    range = { start: Number(m[1]), end: Number(m[2]) };
    if (range.end >= source.size) {
      throw new S3Error('InvalidRange', {
        extra: { RangeRequested: rangeHeader, ActualObjectSize: source.size },
      });
    }
  }
  const part = await withStore(() => deps.store.copyPart(upload, partNumber, source, range), {
    ...uploadTarget(request),
    uploadId: upload.uploadId,
  });
  return xmlResponse(
    renderXmlDocument(
      el('CopyPartResult', [el('LastModified', part.lastModified.toISOString()), el('ETag', part.etag)], {
        xmlns: S3_XMLNS,
      }),
    ),
  );
}

export async function abortMultipartUpload(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const upload = await loadUpload(request, deps);
  await withStore(() => deps.store.abortMultipartUpload(upload), {
    ...uploadTarget(request),
    uploadId: upload.uploadId,
  });
  return { status: 204, headers: {} };
}
