// CompleteMultipartUpload (spec s3.md §B.4): parses the part list, derives the object checksum the upload's
// algorithm and type call for (multipart-checksum.ts), honours If-Match / If-None-Match against the key's
// current object, and answers a repeated Complete again.

import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../../signer/checksums/index.ts';
import type { ObjectMetadata } from '../../store/index.ts';
import { childNode, childNodes, el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { decideCompletedChecksum, type ListedPart } from '../multipart-checksum.ts';
import { encryptionHeaders } from '../object-headers.ts';
import { parseXmlBody, readBodyBytes, XML_BODY_MAX_BYTES } from '../read-xml-body.ts';
import { S3Error } from '../s3-error.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { loadUpload, uploadTarget } from './multipart-upload-request.ts';
import { xmlResponse } from './xml-response.ts';

function parseCompletedParts(bytes: Buffer): ListedPart[] {
  const root = parseXmlBody(bytes, 'CompleteMultipartUpload');
  const parts = childNodes(root, 'Part').map((p) => {
    const n = childNode(p, 'PartNumber')?.text.trim() ?? '';
    const etag = childNode(p, 'ETag')?.text.trim();
    if (!/^\d+$/.test(n) || etag === undefined) throw new S3Error('MalformedXML');
    const checksums = new Map<ChecksumAlgorithm, string>();
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const value = childNode(p, `Checksum${algorithm}`)?.text.trim();
      if (value !== undefined) checksums.set(algorithm, value);
    }
    return { partNumber: Number(n), etag: etag.startsWith('"') ? etag : `"${etag}"`, checksums };
  });
  if (parts.length === 0) throw new S3Error('MalformedXML');
  return parts;
}

export async function completeMultipartUpload(
  request: S3Request<OperationOf<'CompleteMultipartUpload'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket, key } = uploadTarget(request);
  const bytes = await readBodyBytes(request.body(), XML_BODY_MAX_BYTES);
  // A repeated Complete of an upload that already completed succeeds again (spec s3.md §B.4, s3-tests).
  const upload = await loadUpload(request, deps, { includeCompleted: true });
  const parts = parseCompletedParts(bytes);
  const context = { bucket, key, uploadId: upload.uploadId };
  let metadata: ObjectMetadata | undefined;
  if (upload.completedAt === undefined) {
    const decided = decideCompletedChecksum({
      upload: upload.metadata.uploadChecksum,
      uploadId: upload.uploadId,
      listed: parts,
      stored: await withStore(() => deps.store.listParts(upload), context),
      header: request.header,
    });
    const { uploadChecksum: _uploadChecksum, checksum: _checksum, ...kept } = upload.metadata;
    metadata = {
      ...kept,
      ...(decided.checksum ? { checksum: decided.checksum } : {}),
      ...(decided.partChecksums ? { partChecksums: decided.partChecksums } : {}),
    };
  }
  const stored = await withStore(
    () =>
      deps.store.completeMultipartUpload(
        upload,
        parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
        {
          ...(metadata ? { metadata } : {}),
          ifMatch: request.header('if-match'),
          ifNoneMatch: request.header('if-none-match'),
        },
      ),
    context,
  );
  const location = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const objectChecksum = stored.metadata.checksum;
  return xmlResponse(
    renderXmlDocument(
      el(
        'CompleteMultipartUploadResult',
        [
          el('Location', location),
          el('Bucket', bucket),
          el('Key', key),
          el('ETag', stored.etag),
          objectChecksum && el(`Checksum${objectChecksum.algorithm}`, objectChecksum.value),
          objectChecksum && el('ChecksumType', objectChecksum.type),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
    encryptionHeaders(stored.metadata),
  );
}
