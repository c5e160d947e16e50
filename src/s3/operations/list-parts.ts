// ListParts (spec s3.md §B.4): the parts of one upload after `part-number-marker`, up to `max-parts`.

import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { S3Error } from '../s3-error.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { loadUpload, parseListLimit, uploadTarget } from './multipart-upload-request.ts';
import { ownerElements, xmlResponse } from './xml-response.ts';

export async function listParts(
  request: S3Request<OperationOf<'ListParts'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket, key } = uploadTarget(request);
  const upload = await loadUpload(request, deps);
  const maxParts = parseListLimit(request, 'max-parts');
  const rawMarker = request.route.query.get('part-number-marker') ?? '0';
  if (!/^\d+$/.test(rawMarker) || !Number.isSafeInteger(Number(rawMarker))) {
    throw new S3Error('InvalidArgument', {
      message: 'Provided part-number-marker not an integer or within integer range',
      extra: { ArgumentName: 'part-number-marker', ArgumentValue: rawMarker },
    });
  }
  const marker = Number(rawMarker);
  const after = (
    await withStore(() => deps.store.listParts(upload), { bucket, key, uploadId: upload.uploadId })
  ).filter((p) => p.partNumber > marker);
  const parts = after.slice(0, maxParts);
  const truncated = after.length > parts.length;
  const uploadChecksum = upload.metadata.uploadChecksum;
  const algorithm = uploadChecksum?.algorithm ?? parts.find((p) => p.checksum)?.checksum?.algorithm;
  return xmlResponse(
    renderXmlDocument(
      el(
        'ListPartsResult',
        [
          el('Bucket', bucket),
          el('Key', key),
          el('UploadId', upload.uploadId),
          el('PartNumberMarker', marker),
          el('NextPartNumberMarker', parts.length > 0 ? parts[parts.length - 1].partNumber : 0),
          el('MaxParts', maxParts),
          el('IsTruncated', truncated),
          ...parts.map((p) =>
            el('Part', [
              el('PartNumber', p.partNumber),
              el('LastModified', p.lastModified.toISOString()),
              el('ETag', p.etag),
              el('Size', p.size),
              p.checksum && el(`Checksum${p.checksum.algorithm}`, p.checksum.value),
            ]),
          ),
          el('Initiator', ownerElements()),
          el('Owner', ownerElements()),
          el('StorageClass', 'STANDARD'),
          algorithm !== undefined && el('ChecksumAlgorithm', algorithm),
          uploadChecksum !== undefined && el('ChecksumType', uploadChecksum.type),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}
