// GetObject and HeadObject (spec s3.md §B.4): conditionals, single ranges, partNumber, response overrides,
// checksum mode. Returns the body as a stream from the store; HEAD returns headers only.

import { evaluateConditionals, parseRangeHeader, renderContentRange } from '../../http/index.ts';
import type { StoredObject } from '../../store/index.ts';
import { allUsersGranted } from '../acl-permissions.ts';
import { objectHeaders } from '../object-headers.ts';
import { checksumResponseHeaders } from '../request-checksum.ts';
import { S3Error } from '../s3-error.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';

/**
 * Bodies up to this size are read in one synchronous read and sent with the headers in one write: for a
 * 1 KiB object the streamed path (open, read, read-to-EOF, close through libuv's thread pool, plus a stream
 * pipeline) cost more than the request itself (docs/benchmarks.md). Larger bodies stream.
 */
export const SMALL_OBJECT_READ_BYTES = 64 * 1024;

const OVERRIDES: readonly [string, string][] = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];

function partRange(object: StoredObject, partNumber: number): { start: number; end: number; count: number } {
  const sizes = object.partSizes ?? [object.size];
  if (partNumber > sizes.length) throw new S3Error('InvalidPartNumber');
  let start = 0;
  for (let i = 0; i < partNumber - 1; i++) start += sizes[i];
  return { start, end: start + sizes[partNumber - 1] - 1, count: sizes.length };
}

export async function getObject(
  request: S3Request<OperationOf<'GetObject' | 'HeadObject'>>,
  deps: S3Deps,
  head: boolean,
): Promise<S3Response> {
  const { bucket, key } = request.route.operation;
  const object = await withStore(() => deps.store.headObject(bucket, key), { bucket, key });
  const anonymous = request.principal.kind === 'anonymous';
  if (object === undefined) {
    // Without list permission S3 hides whether the key exists (spec s3.md §B.4, cloudfront.md §7.1).
    if (!mayList(request)) throw new S3Error('AccessDenied');
    throw new S3Error('NoSuchKey', { extra: { Key: key } });
  }
  // The object's ACL decides an anonymous read (a bucket READ grant only lists; AWS ACL overview), unless the
  // bucket policy allows it or Block Public Access / Object Ownership turn ACL grants off.
  if (
    anonymous &&
    request.access.policy !== 'Allow' &&
    !(request.access.publicAclsApply && allUsersGranted(object.metadata.acl, 'READ'))
  ) {
    throw new S3Error('AccessDenied');
  }
  const query = request.route.query;
  const overrides = OVERRIDES.filter(([param]) => query.has(param));
  if (overrides.length > 0 && anonymous) {
    throw new S3Error('InvalidRequest', {
      message: 'Request specific response headers cannot be used for anonymous GET requests.',
    });
  }
  const decision = evaluateConditionals(
    {
      ifMatch: request.header('if-match'),
      ifNoneMatch: request.header('if-none-match'),
      ifModifiedSince: request.header('if-modified-since'),
      ifUnmodifiedSince: request.header('if-unmodified-since'),
    },
    object,
    { safeMethod: true, now: deps.now() },
  );
  const base = objectHeaders(object);
  if (decision.kind === 'not-modified') return { status: 304, headers: base };
  if (decision.kind === 'precondition-failed') {
    throw new S3Error('PreconditionFailed', { extra: { Condition: decision.condition } });
  }

  const headers: Record<string, string> = {
    'Accept-Ranges': 'bytes',
    'Content-Type': object.metadata.contentType ?? 'binary/octet-stream',
    ...base,
  };
  let range: { start: number; end: number } | undefined;
  const partParam = query.get('partNumber');
  const rangeHeader = request.header('range');
  if (partParam !== undefined) {
    const partNumber = Number(partParam);
    if (!/^\d+$/.test(partParam) || partNumber < 1 || partNumber > 10000) {
      throw new S3Error('InvalidArgument', {
        message: 'Part number must be an integer between 1 and 10000, inclusive',
        extra: { ArgumentName: 'partNumber', ArgumentValue: partParam },
      });
    }
    if (rangeHeader !== undefined) {
      throw new S3Error('InvalidRequest', {
        message: 'Cannot specify both Range header and partNumber query parameter',
      });
    }
    const part = partRange(object, partNumber);
    range = { start: part.start, end: part.end };
    headers['x-amz-mp-parts-count'] = String(part.count);
  } else {
    const decisionRange = parseRangeHeader(rangeHeader, object.size);
    if (decisionRange.kind === 'unsatisfiable') {
      throw new S3Error('InvalidRange', {
        extra: { RangeRequested: rangeHeader, ActualObjectSize: object.size },
        headers: { 'Content-Range': `bytes */${object.size}` },
      });
    }
    if (decisionRange.kind === 'satisfiable') range = { start: decisionRange.start, end: decisionRange.end };
  }
  for (const [param, name] of overrides) headers[name] = query.get(param) ?? '';
  const checksumMode = request.header('x-amz-checksum-mode');
  if (checksumMode !== undefined && checksumMode.toUpperCase() !== 'ENABLED') {
    throw new S3Error('InvalidRequest', { message: 'Value for x-amz-checksum-mode header is invalid.' });
  }
  if (checksumMode !== undefined) Object.assign(headers, checksumHeadersOfRead(object, range, partParam));
  const length = range ? range.end - range.start + 1 : object.size;
  headers['Content-Length'] = String(length);
  const status = range ? 206 : 200;
  if (range && object.size > 0)
    headers['Content-Range'] = renderContentRange(range.start, range.end, object.size);
  if (head) return { status, headers };
  if (length === 0) return { status, headers, body: '' };
  if (length <= SMALL_OBJECT_READ_BYTES) {
    const bytes = await withStore(async () => deps.store.readObjectBytes(object, range), { bucket, key });
    return { status, headers, body: bytes };
  }
  return { status, headers, body: deps.store.openObject(object, range) };
}

/**
 * Whether the caller could list the bucket, which decides 404 NoSuchKey against 403 AccessDenied for a
 * missing key: credential users own the bucket; others when the bucket policy grants them `s3:ListBucket`
 * (for an origin access control, `originAccessListBucket` in the config adds that grant); anonymous
 * callers also through a public-read(-write) bucket ACL.
 */
function mayList(request: S3Request): boolean {
  const principal = request.principal;
  if (principal.kind === 'user') return true;
  if (request.access.policyAllowsList()) return true;
  return (
    principal.kind === 'anonymous' &&
    request.access.publicAclsApply &&
    allUsersGranted(request.bucket?.acl, 'READ')
  );
}

/**
 * With `x-amz-checksum-mode: ENABLED`: the object's checksum for a whole-object read; for a `partNumber` read
 * of a COMPOSITE multipart object, that part's checksum; none for byte ranges (S3 User Guide "Checking object
 * integrity").
 */
function checksumHeadersOfRead(
  object: StoredObject,
  range: { start: number; end: number } | undefined,
  partParam: string | undefined,
): Record<string, string> {
  const checksum = object.metadata.checksum;
  if (checksum === undefined) return {};
  if (partParam !== undefined && object.partSizes !== undefined) {
    const partChecksum = object.metadata.partChecksums?.[Number(partParam) - 1];
    if (checksum.type !== 'COMPOSITE' || partChecksum === undefined) return {};
    return checksumResponseHeaders({ ...checksum, value: partChecksum });
  }
  return range === undefined ||
    (range.start === 0 && range.end === object.size - 1 && partParam !== undefined)
    ? checksumResponseHeaders(checksum)
    : {};
}
