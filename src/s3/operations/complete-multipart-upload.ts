// CompleteMultipartUpload (AWS: "Amazon S3 API Reference"): parses the part list, checks listed part checksums and any
// whole-object checksum header against the COMPOSITE checksum, and answers a repeated Complete again.

import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumHeaderName,
  computeCompositeChecksum,
} from '../../signer/checksums/index.ts';
import type { StoredChecksum, StoredPart } from '../../store/index.ts';
import { childNode, childNodes, el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { parseXmlBody, readBodyBytes, XML_BODY_MAX_BYTES } from '../read-xml-body.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { loadUpload, uploadTarget } from './multipart-upload-request.ts';
import { xmlResponse } from './xml-response.ts';

type CompletedPart = {
  readonly partNumber: number;
  readonly etag: string;
  /** Per-part checksums the client listed (`ChecksumCRC32` …), by algorithm. */
  readonly checksums: ReadonlyMap<ChecksumAlgorithm, string>;
};

function parseCompletedParts(bytes: Buffer): CompletedPart[] {
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

/**
 * S3's COMPOSITE checksum (checksum of the parts' binary checksums, "-N") when every listed part was
 * uploaded with a checksum of one algorithm; a listed part checksum that differs from the stored one → InvalidPart.
 * Parts without checksums give no object checksum (docs/decisions/s3-compat-choices.md).
 */
function compositeChecksum(
  listed: readonly CompletedPart[],
  stored: readonly StoredPart[],
): StoredChecksum | undefined {
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const sums: string[] = [];
  let algorithm: ChecksumAlgorithm | undefined;
  for (const part of listed) {
    const found = byNumber.get(part.partNumber);
    if (found === undefined) return undefined; // the store answers InvalidPart
    for (const [listedAlgorithm, value] of part.checksums) {
      if (found.checksum?.algorithm !== listedAlgorithm || found.checksum.value !== value) {
        throw new S3Error('InvalidPart', { extra: { PartNumber: part.partNumber } });
      }
    }
    if (found.checksum === undefined) return undefined;
    if (algorithm !== undefined && found.checksum.algorithm !== algorithm) return undefined;
    algorithm = found.checksum.algorithm;
    sums.push(found.checksum.value);
  }
  if (algorithm === undefined) return undefined;
  return { algorithm, value: computeCompositeChecksum(algorithm, sums), type: 'COMPOSITE' };
}

/** A whole-object checksum header on Complete must agree with what we computed (COMPOSITE only). */
function checkRequestedObjectChecksum(request: S3Request, checksum: StoredChecksum | undefined): void {
  const type = request.header('x-amz-checksum-type')?.toUpperCase();
  if (type !== undefined && type !== 'COMPOSITE' && type !== 'FULL_OBJECT') {
    throw new S3Error('InvalidRequest', { message: 'Value for x-amz-checksum-type header is invalid.' });
  }
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = request.header(checksumHeaderName(algorithm).toLowerCase())?.trim();
    if (value === undefined || type === 'FULL_OBJECT') continue;
    if (checksum?.algorithm === algorithm && checksum.value !== value) {
      throw new S3Error('BadDigest', {
        message: `The ${algorithm.startsWith('SHA') ? algorithm.toLowerCase() : algorithm} you specified did not match the calculated checksum.`,
      });
    }
  }
}

export async function completeMultipartUpload(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const { bucket, key } = uploadTarget(request);
  const bytes = await readBodyBytes(request.body(), XML_BODY_MAX_BYTES);
  // A repeated Complete of an upload that already completed succeeds again (AWS: "Amazon S3 API Reference", s3-tests).
  const upload = await loadUpload(request, deps, { includeCompleted: true });
  const parts = parseCompletedParts(bytes);
  const context = { bucket, key, uploadId: upload.uploadId };
  let checksum: StoredChecksum | undefined;
  if (upload.completedAt === undefined) {
    checksum = compositeChecksum(parts, await withStore(() => deps.store.listParts(upload), context));
    checkRequestedObjectChecksum(request, checksum);
  }
  const stored = await withStore(
    () =>
      deps.store.completeMultipartUpload(
        upload,
        parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
        checksum ? { checksum } : undefined,
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
  );
}
