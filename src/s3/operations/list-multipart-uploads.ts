// ListMultipartUploads (spec s3.md §B.4): the bucket's uploads in progress, with markers, a delimiter
// rolling keys up into CommonPrefixes, and URL encoding on request.

import type { MultipartUpload } from '../../store/index.ts';
import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { listingEncoder } from './listing-encoder.ts';
import { parseListLimit } from './multipart-upload-request.ts';
import { ownerElements, xmlResponse } from './xml-response.ts';

type UploadEntry =
  | { readonly kind: 'upload'; readonly upload: MultipartUpload }
  | { readonly kind: 'prefix'; readonly prefix: string };

/**
 * ListMultipartUploads (spec s3.md §B.4): uploads in key (UTF-8 binary) then initiation order; `key-marker`
 * skips keys ≤ marker, `upload-id-marker` (with `key-marker`) resumes inside that key after the named upload;
 * a `delimiter` rolls keys up into CommonPrefixes, each counting once toward `max-uploads`.
 */
export async function listMultipartUploads(
  request: S3Request<OperationOf<'ListMultipartUploads'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket } = request.route.operation;
  const q = request.route.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') || undefined;
  const keyMarker = q.get('key-marker') || undefined;
  const uploadIdMarker = keyMarker !== undefined ? q.get('upload-id-marker') || undefined : undefined;
  const maxUploads = parseListLimit(request, 'max-uploads');
  const encode = listingEncoder(request);
  const all = (await withStore(() => deps.store.listMultipartUploads(bucket), { bucket }))
    .filter((u) => u.key.startsWith(prefix))
    .sort(
      (a, b) =>
        Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)) ||
        a.initiated.getTime() - b.initiated.getTime() ||
        (a.uploadId < b.uploadId ? -1 : a.uploadId > b.uploadId ? 1 : 0),
    );
  const markerIndex =
    uploadIdMarker !== undefined
      ? all.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker)
      : -1;
  const entries: UploadEntry[] = [];
  let truncated = false;
  const seenPrefixes = new Set<string>();
  for (let i = 0; i < all.length; i++) {
    const upload = all[i];
    const cut = delimiter !== undefined ? upload.key.indexOf(delimiter, prefix.length) : -1;
    const rolled = cut >= 0 ? upload.key.slice(0, cut + delimiter!.length) : undefined;
    const name = rolled ?? upload.key;
    if (keyMarker !== undefined) {
      const order = Buffer.compare(Buffer.from(name), Buffer.from(keyMarker));
      if (order < 0) continue;
      if (order === 0 && (rolled !== undefined || markerIndex < 0 || i <= markerIndex)) continue;
    }
    if (rolled !== undefined && seenPrefixes.has(rolled)) continue;
    if (entries.length >= maxUploads) {
      truncated = true;
      break;
    }
    if (rolled !== undefined) {
      seenPrefixes.add(rolled);
      entries.push({ kind: 'prefix', prefix: rolled });
    } else entries.push({ kind: 'upload', upload });
  }
  const last = entries[entries.length - 1];
  const nextKeyMarker =
    last === undefined ? undefined : last.kind === 'upload' ? last.upload.key : last.prefix;
  const nextUploadIdMarker = last?.kind === 'upload' ? last.upload.uploadId : undefined;
  return xmlResponse(
    renderXmlDocument(
      el(
        'ListMultipartUploadsResult',
        [
          el('Bucket', bucket),
          el('KeyMarker', encode(keyMarker ?? '')),
          el('UploadIdMarker', uploadIdMarker ?? ''),
          truncated && nextKeyMarker !== undefined && el('NextKeyMarker', encode(nextKeyMarker)),
          truncated && el('NextUploadIdMarker', nextUploadIdMarker ?? ''),
          delimiter !== undefined && el('Delimiter', encode(delimiter)),
          el('Prefix', encode(prefix)),
          el('MaxUploads', maxUploads),
          el('IsTruncated', truncated),
          q.get('encoding-type') !== undefined && el('EncodingType', 'url'),
          ...entries
            .filter((e) => e.kind === 'upload')
            .map(({ upload: u }) =>
              el('Upload', [
                el('Key', encode(u.key)),
                el('UploadId', u.uploadId),
                el('Initiator', ownerElements()),
                el('Owner', ownerElements()),
                el('StorageClass', 'STANDARD'),
                el('Initiated', u.initiated.toISOString()),
                u.metadata.uploadChecksum && el('ChecksumAlgorithm', u.metadata.uploadChecksum.algorithm),
                u.metadata.uploadChecksum && el('ChecksumType', u.metadata.uploadChecksum.type),
              ]),
            ),
          ...entries
            .filter((e) => e.kind === 'prefix')
            .map((e) => el('CommonPrefixes', [el('Prefix', encode(e.prefix))])),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}
