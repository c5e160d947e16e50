// Multipart uploads (spec s3.md §B.4 table): CreateMultipartUpload, UploadPart, UploadPartCopy and
// AbortMultipartUpload. Complete and the two listings have their own files.

import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ChecksumAlgorithm } from '../../signer/checksums/index.ts';
import type { MultipartUpload, StoredPart } from '../../store/index.ts';
import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { encryptionHeaders, metadataFromHeaders } from '../object-headers.ts';
import { checksumResponseHeaders, createChecksumTap } from '../request-checksum.ts';
import { parseUploadChecksum, planPartChecksum } from '../multipart-checksum.ts';
import type { OperationOf } from '../route-s3-request.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { prepareUpload } from '../write-object-body.ts';
import { loadCopySource } from './copy-object.ts';
import { loadUpload, parsePartNumber, uploadTarget } from './multipart-upload-request.ts';
import { xmlResponse } from './xml-response.ts';

export async function createMultipartUpload(
  request: S3Request<OperationOf<'CreateMultipartUpload'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket, key } = uploadTarget(request);
  const uploadChecksum = parseUploadChecksum(request.header);
  const metadata = {
    ...metadataFromHeaders(request.header, request.headerNames()),
    ...(uploadChecksum ? { uploadChecksum } : {}),
  };
  const upload = await withStore(() => deps.store.createMultipartUpload(bucket, key, metadata), {
    bucket,
    key,
  });
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
    {
      ...(uploadChecksum
        ? { 'x-amz-checksum-algorithm': uploadChecksum.algorithm, 'x-amz-checksum-type': uploadChecksum.type }
        : {}),
      ...encryptionHeaders(upload.metadata),
    },
  );
}

export async function uploadPart(
  request: S3Request<OperationOf<'UploadPart'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const partNumber = parsePartNumber(request);
  const upload = await loadUpload(request, deps);
  const body = request.body();
  const prepared = prepareUpload(request, body, (plan) =>
    planPartChecksum(upload.metadata.uploadChecksum, plan),
  );
  const part = await withStore(
    () => deps.store.putPart(upload, partNumber, prepared.stream, { verify: prepared.verify }),
    { ...uploadTarget(request), uploadId: upload.uploadId },
  );
  return {
    status: 200,
    headers: {
      ETag: part.etag,
      ...checksumResponseHeaders(prepared.checksum()),
      ...encryptionHeaders(upload.metadata),
    },
  };
}

export async function uploadPartCopy(
  request: S3Request<OperationOf<'UploadPartCopy'>>,
  deps: S3Deps,
): Promise<S3Response> {
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
  const required = upload.metadata.uploadChecksum;
  const part = await withStore(
    () =>
      required === undefined
        ? deps.store.copyPart(upload, partNumber, source, range)
        : copyPartWithChecksum(
            deps,
            upload,
            partNumber,
            deps.store.openObject(source, range),
            required.algorithm,
          ),
    { ...uploadTarget(request), uploadId: upload.uploadId },
  );
  return xmlResponse(
    renderXmlDocument(
      el(
        'CopyPartResult',
        [
          el('LastModified', part.lastModified.toISOString()),
          el('ETag', part.etag),
          part.checksum && el(`Checksum${part.checksum.algorithm}`, part.checksum.value),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}

/**
 * A part copied into an upload that names a checksum algorithm gets that checksum, as S3 computes it for
 * UploadPartCopy, so Complete can derive the object checksum: the copied bytes pass a checksum tap on
 * their way into the part (read once, as a plain copy reads them).
 */
async function copyPartWithChecksum(
  deps: S3Deps,
  upload: MultipartUpload,
  partNumber: number,
  bytes: Readable,
  algorithm: ChecksumAlgorithm,
): Promise<StoredPart> {
  const tap = createChecksumTap(algorithm);
  pipeline(bytes, tap.stream).catch(() => {});
  return deps.store.putPart(upload, partNumber, tap.stream, {
    verify: () => ({ checksum: { algorithm, value: tap.value(), type: 'FULL_OBJECT' } }),
  });
}

export async function abortMultipartUpload(
  request: S3Request<OperationOf<'AbortMultipartUpload'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const upload = await loadUpload(request, deps);
  await withStore(() => deps.store.abortMultipartUpload(upload), {
    ...uploadTarget(request),
    uploadId: upload.uploadId,
  });
  return { status: 204, headers: {} };
}
