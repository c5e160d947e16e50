// CopyObject and the copy-source parsing UploadPartCopy shares (spec s3.md §B.4 CopyObject).

import { evaluateConditionals, InvalidEncodingError, percentDecode } from '../../http/index.ts';
import type { StoredObject } from '../../store/index.ts';
import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { encryptionHeaders, metadataFromHeaders } from '../object-headers.ts';
import { S3Error } from '../s3-error.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { xmlResponse } from './xml-response.ts';

/** `x-amz-copy-source`: `[/]bucket/url-encoded-key[?versionId=…]`. */
export function parseCopySource(value: string): { bucket: string; key: string } {
  // Header bytes reach us as latin1; a client that sent the key as raw UTF-8 meant UTF-8.
  const utf8 = /[^\x20-\x7e]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  let text = utf8.startsWith('/') ? utf8.slice(1) : utf8;
  const q = text.indexOf('?');
  if (q >= 0) {
    const params = text.slice(q + 1);
    text = text.slice(0, q);
    const version = /(?:^|&)versionId=([^&]*)/.exec(params)?.[1];
    if (version !== undefined && version !== 'null') {
      throw new S3Error('InvalidArgument', {
        message: 'Invalid version id specified',
        extra: { ArgumentName: 'versionId', ArgumentValue: version },
      });
    }
  }
  const slash = text.indexOf('/');
  try {
    if (slash > 0 && slash < text.length - 1) {
      return { bucket: percentDecode(text.slice(0, slash)), key: percentDecode(text.slice(slash + 1)) };
    }
  } catch (error) {
    if (!(error instanceof InvalidEncodingError)) throw error;
  }
  throw new S3Error('InvalidArgument', {
    message: 'Invalid copy source encoding',
    extra: { ArgumentName: 'x-amz-copy-source', ArgumentValue: value },
  });
}

/** Looks up the source and applies the x-amz-copy-source-if-* conditions (all failures are 412). */
export async function loadCopySource(
  request: S3Request<OperationOf<'CopyObject' | 'UploadPartCopy'>>,
  deps: S3Deps,
): Promise<StoredObject> {
  const source = parseCopySource(request.route.operation.copySource);
  const bucket = await deps.store.getBucket(source.bucket);
  if (bucket === undefined) throw new S3Error('NoSuchBucket', { extra: { BucketName: source.bucket } });
  const object = await withStore(() => deps.store.headObject(source.bucket, source.key), source);
  if (object === undefined) throw new S3Error('NoSuchKey', { extra: { Key: source.key } });
  const decision = evaluateConditionals(
    {
      ifMatch: request.header('x-amz-copy-source-if-match'),
      ifNoneMatch: request.header('x-amz-copy-source-if-none-match'),
      ifModifiedSince: request.header('x-amz-copy-source-if-modified-since'),
      ifUnmodifiedSince: request.header('x-amz-copy-source-if-unmodified-since'),
    },
    object,
    { safeMethod: true, now: deps.now() },
  );
  if (decision.kind !== 'proceed') {
    const condition =
      decision.kind === 'not-modified'
        ? request.header('x-amz-copy-source-if-none-match') !== undefined
          ? 'x-amz-copy-source-If-None-Match'
          : 'x-amz-copy-source-If-Modified-Since'
        : `x-amz-copy-source-${decision.condition}`;
    throw new S3Error('PreconditionFailed', { extra: { Condition: condition } });
  }
  return object;
}

export async function copyObject(
  request: S3Request<OperationOf<'CopyObject'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket, key } = request.route.operation;
  const directive = (request.header('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new S3Error('InvalidArgument', {
      message: 'Unknown metadata directive.',
      extra: { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive },
    });
  }
  const source = await loadCopySource(request, deps);
  const requested = metadataFromHeaders(request.header, request.headerNames());
  if (directive === 'COPY' && source.bucket === bucket && source.key === key) {
    throw new S3Error('InvalidRequest', {
      message:
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    });
  }
  const metadata =
    directive === 'COPY'
      ? { ...source.metadata, acl: requested.acl, serverSideEncryption: requested.serverSideEncryption }
      : { ...requested, checksum: source.metadata.checksum };
  const copied = await withStore(() => deps.store.copyObject(source, bucket, key, metadata), { bucket, key });
  const body = renderXmlDocument(
    el('CopyObjectResult', [el('LastModified', copied.lastModified.toISOString()), el('ETag', copied.etag)], {
      xmlns: S3_XMLNS,
    }),
  );
  return xmlResponse(body, encryptionHeaders(copied.metadata));
}
