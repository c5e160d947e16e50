// Multipart uploads (spec s3.md §B.4 table): Create, UploadPart, UploadPartCopy, Complete, Abort,
// ListParts, ListMultipartUploads.

import type { MultipartUpload } from '../../store/index.ts';
import { childNode, childNodes, el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { metadataFromHeaders } from '../object-headers.ts';
import { parseXmlBody, readBodyBytes, XML_BODY_MAX_BYTES } from '../read-xml-body.ts';
import { checksumResponseHeaders } from '../request-checksum.ts';
import { S3Error } from '../s3-error.ts';
import { OWNER, type S3Deps, type S3Request, type S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { prepareUpload, withLateChecksum } from '../write-object-body.ts';
import { loadCopySource } from './copy-object.ts';

const xml = (body: string, headers: Record<string, string> = {}): S3Response => ({
  status: 200,
  headers: { 'Content-Type': 'application/xml', ...headers },
  body,
});

function target(request: S3Request): { bucket: string; key: string } {
  return request.route.operation as { bucket: string; key: string };
}

async function loadUpload(request: S3Request, deps: S3Deps): Promise<MultipartUpload> {
  const { bucket, key } = target(request);
  const uploadId = request.route.query.get('uploadId') ?? '';
  const upload = await withStore(() => deps.store.getMultipartUpload(bucket, uploadId), { bucket, uploadId });
  if (upload === undefined || upload.key !== key)
    throw new S3Error('NoSuchUpload', { extra: { UploadId: uploadId } });
  return upload;
}

function parsePartNumber(request: S3Request): number {
  const raw = request.route.query.get('partNumber') ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) {
    throw new S3Error('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive',
      extra: { ArgumentName: 'partNumber', ArgumentValue: raw },
    });
  }
  return n;
}

export async function createMultipartUpload(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const { bucket, key } = target(request);
  const metadata = metadataFromHeaders(request.header, request.headerNames());
  const upload = await withStore(() => deps.store.createMultipartUpload(bucket, key, metadata), {
    bucket,
    key,
  });
  const algorithm = request.header('x-amz-checksum-algorithm');
  return xml(
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
    () =>
      deps.store.putPart(
        upload,
        partNumber,
        prepared.stream,
        withLateChecksum(
          { verify: (written: Parameters<typeof prepared.verify>[0]) => prepared.verify(written) },
          prepared.checksum,
        ),
      ),
    { ...target(request), uploadId: upload.uploadId },
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
    ...target(request),
    uploadId: upload.uploadId,
  });
  return xml(
    renderXmlDocument(
      el('CopyPartResult', [el('LastModified', part.lastModified.toISOString()), el('ETag', part.etag)], {
        xmlns: S3_XMLNS,
      }),
    ),
  );
}

export async function completeMultipartUpload(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const { bucket, key } = target(request);
  const bytes = await readBodyBytes(request.body(), XML_BODY_MAX_BYTES);
  const upload = await loadUpload(request, deps);
  const root = parseXmlBody(bytes, 'CompleteMultipartUpload');
  const parts = childNodes(root, 'Part').map((p) => {
    const n = childNode(p, 'PartNumber')?.text.trim() ?? '';
    const etag = childNode(p, 'ETag')?.text.trim();
    if (!/^\d+$/.test(n) || etag === undefined) throw new S3Error('MalformedXML');
    return { partNumber: Number(n), etag: etag.startsWith('"') ? etag : `"${etag}"` };
  });
  if (parts.length === 0) {
    throw new S3Error('MalformedXML');
  }
  const stored = await withStore(() => deps.store.completeMultipartUpload(upload, parts), {
    bucket,
    key,
    uploadId: upload.uploadId,
  });
  const location = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return xml(
    renderXmlDocument(
      el(
        'CompleteMultipartUploadResult',
        [el('Location', location), el('Bucket', bucket), el('Key', key), el('ETag', stored.etag)],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}

export async function abortMultipartUpload(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const upload = await loadUpload(request, deps);
  await withStore(() => deps.store.abortMultipartUpload(upload), {
    ...target(request),
    uploadId: upload.uploadId,
  });
  return { status: 204, headers: {} };
}

export async function listParts(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const { bucket, key } = target(request);
  const upload = await loadUpload(request, deps);
  const q = request.route.query;
  const maxParts = Math.min(Number(q.get('max-parts') ?? 1000) || 1000, 1000);
  const marker = Number(q.get('part-number-marker') ?? 0) || 0;
  const all = (await withStore(() => deps.store.listParts(upload))).filter((p) => p.partNumber > marker);
  const parts = all.slice(0, maxParts);
  const truncated = all.length > parts.length;
  return xml(
    renderXmlDocument(
      el(
        'ListPartsResult',
        [
          el('Bucket', bucket),
          el('Key', key),
          el('UploadId', upload.uploadId),
          el('Initiator', [el('ID', OWNER.ID), el('DisplayName', OWNER.DisplayName)]),
          el('Owner', [el('ID', OWNER.ID), el('DisplayName', OWNER.DisplayName)]),
          el('StorageClass', 'STANDARD'),
          el('PartNumberMarker', marker),
          parts.length > 0 && el('NextPartNumberMarker', parts[parts.length - 1].partNumber),
          el('MaxParts', maxParts),
          el('IsTruncated', truncated),
          ...parts.map((p) =>
            el('Part', [
              el('PartNumber', p.partNumber),
              el('LastModified', p.lastModified.toISOString()),
              el('ETag', p.etag),
              el('Size', p.size),
            ]),
          ),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}

export async function listMultipartUploads(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const { bucket } = request.route.operation as { bucket: string };
  const prefix = request.route.query.get('prefix') ?? '';
  const uploads = (await withStore(() => deps.store.listMultipartUploads(bucket), { bucket })).filter((u) =>
    u.key.startsWith(prefix),
  );
  return xml(
    renderXmlDocument(
      el(
        'ListMultipartUploadsResult',
        [
          el('Bucket', bucket),
          el('KeyMarker', ''),
          el('UploadIdMarker', ''),
          el('Prefix', prefix),
          el('MaxUploads', 1000),
          el('IsTruncated', false),
          ...uploads.map((u) =>
            el('Upload', [
              el('Key', u.key),
              el('UploadId', u.uploadId),
              el('Initiator', [el('ID', OWNER.ID), el('DisplayName', OWNER.DisplayName)]),
              el('Owner', [el('ID', OWNER.ID), el('DisplayName', OWNER.DisplayName)]),
              el('StorageClass', 'STANDARD'),
              el('Initiated', u.initiated.toISOString()),
            ]),
          ),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}
