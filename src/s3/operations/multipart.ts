// Multipart uploads (spec s3.md §B.4 table): Create, UploadPart, UploadPartCopy, Complete, Abort,
// ListParts, ListMultipartUploads.

import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumHeaderName,
  computeCompositeChecksum,
} from '../../signer/checksums/index.ts';
import type { MultipartUpload, StoredChecksum, StoredPart } from '../../store/index.ts';
import { childNode, childNodes, el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { metadataFromHeaders } from '../object-headers.ts';
import { parseXmlBody, readBodyBytes, XML_BODY_MAX_BYTES } from '../read-xml-body.ts';
import { checksumResponseHeaders } from '../request-checksum.ts';
import { S3Error } from '../s3-error.ts';
import { OWNER, type S3Deps, type S3Request, type S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { prepareUpload } from '../write-object-body.ts';
import { loadCopySource } from './copy-object.ts';
import { listingEncoder } from './list-objects.ts';

const xml = (body: string, headers: Record<string, string> = {}): S3Response => ({
  status: 200,
  headers: { 'Content-Type': 'application/xml', ...headers },
  body,
});

function target(request: S3Request): { bucket: string; key: string } {
  return request.route.operation as { bucket: string; key: string };
}

async function loadUpload(
  request: S3Request,
  deps: S3Deps,
  options: { readonly includeCompleted?: boolean } = {},
): Promise<MultipartUpload> {
  const { bucket, key } = target(request);
  const uploadId = request.route.query.get('uploadId') ?? '';
  const upload = await withStore(() => deps.store.getMultipartUpload(bucket, uploadId, options), {
    bucket,
    uploadId,
  });
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
    () => deps.store.putPart(upload, partNumber, prepared.stream, { verify: prepared.verify }),
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
  const { bucket, key } = target(request);
  const bytes = await readBodyBytes(request.body(), XML_BODY_MAX_BYTES);
  // A repeated Complete of an upload that already completed succeeds again (spec s3.md §B.4, s3-tests).
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
  return xml(
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

export async function abortMultipartUpload(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const upload = await loadUpload(request, deps);
  await withStore(() => deps.store.abortMultipartUpload(upload), {
    ...target(request),
    uploadId: upload.uploadId,
  });
  return { status: 204, headers: {} };
}

/** `max-parts` / `max-uploads`: an integer ≥ 0, capped at 1000; anything else → InvalidArgument. */
function parseLimit(request: S3Request, name: string): number {
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

const owner = () => [el('ID', OWNER.ID), el('DisplayName', OWNER.DisplayName)];

export async function listParts(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const { bucket, key } = target(request);
  const upload = await loadUpload(request, deps);
  const maxParts = parseLimit(request, 'max-parts');
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
  const algorithm = parts.find((p) => p.checksum)?.checksum?.algorithm;
  return xml(
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
          el('Initiator', owner()),
          el('Owner', owner()),
          el('StorageClass', 'STANDARD'),
          algorithm !== undefined && el('ChecksumAlgorithm', algorithm),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}

type UploadEntry =
  | { readonly kind: 'upload'; readonly upload: MultipartUpload }
  | { readonly kind: 'prefix'; readonly prefix: string };

/**
 * ListMultipartUploads (spec s3.md §B.4): uploads in key (UTF-8 binary) then initiation order; `key-marker`
 * skips keys ≤ marker, `upload-id-marker` (with `key-marker`) resumes inside that key after the named upload;
 * a `delimiter` rolls keys up into CommonPrefixes, each counting once toward `max-uploads`.
 */
export async function listMultipartUploads(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const { bucket } = request.route.operation as { bucket: string };
  const q = request.route.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') || undefined;
  const keyMarker = q.get('key-marker') || undefined;
  const uploadIdMarker = keyMarker !== undefined ? q.get('upload-id-marker') || undefined : undefined;
  const maxUploads = parseLimit(request, 'max-uploads');
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
  return xml(
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
                el('Initiator', owner()),
                el('Owner', owner()),
                el('StorageClass', 'STANDARD'),
                el('Initiated', u.initiated.toISOString()),
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
