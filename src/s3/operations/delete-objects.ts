// DeleteObject and DeleteObjects (spec s3.md §B.4): 204 whether or not the key existed; the batch form
// needs Content-MD5 or a checksum, takes at most 1000 keys and honours Quiet.

import { createHash } from 'node:crypto';
import { checksumAlgorithmFromHeaderName, computeChecksumBase64 } from '../../signer/checksums/index.ts';
import type { StoredObject } from '../../store/index.ts';
import { childNode, childNodes, el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { readBodyBytes, parseXmlBody, XML_BODY_MAX_BYTES } from '../read-xml-body.ts';
import { parseContentMd5 } from '../request-checksum.ts';
import {
  checkDeleteConditions,
  type DeleteConditions,
  deleteConditionsFromHeaders,
  deleteConditionsFromObject,
  hasDeleteConditions,
} from '../delete-conditions.ts';
import { S3Error } from '../s3-error.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';

const MAX_KEYS = 1000;

/** The store option that applies conditional-delete checks inside the delete (delete-conditions.ts). */
function conditionalDelete(key: string, conditions: DeleteConditions) {
  return hasDeleteConditions(conditions)
    ? { precondition: (current: StoredObject | undefined) => checkDeleteConditions(key, current, conditions) }
    : undefined;
}

export async function deleteObject(
  request: S3Request<OperationOf<'DeleteObject'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket, key } = request.route.operation;
  const conditions = deleteConditionsFromHeaders(request.header);
  await withStore(() => deps.store.deleteObject(bucket, key, conditionalDelete(key, conditions)), {
    bucket,
    key,
  });
  return { status: 204, headers: {} };
}

export async function deleteObjects(
  request: S3Request<OperationOf<'DeleteObjects'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket } = request.route.operation;
  const bytes = await readBodyBytes(request.body(), XML_BODY_MAX_BYTES);
  const md5 = parseContentMd5(request.header('content-md5'));
  const checksumHeader = request.headerNames().find((n) => checksumAlgorithmFromHeaderName(n) !== undefined);
  if (md5 === undefined && checksumHeader === undefined) {
    throw new S3Error('InvalidRequest', { message: 'Missing required header for this request: Content-MD5' });
  }
  if (md5 !== undefined && !md5.equals(createHash('md5').update(bytes).digest()))
    throw new S3Error('BadDigest');
  if (checksumHeader !== undefined) {
    const algorithm = checksumAlgorithmFromHeaderName(checksumHeader)!;
    if (computeChecksumBase64(algorithm, bytes) !== request.header(checksumHeader)?.trim()) {
      throw new S3Error('BadDigest', {
        message: `The ${algorithm.startsWith('SHA') ? algorithm.toLowerCase() : algorithm} you specified did not match the calculated checksum.`,
      });
    }
  }
  const root = parseXmlBody(bytes, 'Delete');
  const objects = childNodes(root, 'Object');
  if (objects.length === 0 || objects.length > MAX_KEYS) throw new S3Error('MalformedXML');
  const quiet = childNode(root, 'Quiet')?.text.trim() === 'true';
  const results = [];
  for (const object of objects) {
    const keyNode = childNode(object, 'Key');
    if (keyNode === undefined) throw new S3Error('MalformedXML');
    const key = keyNode.text;
    try {
      if (Buffer.byteLength(key) > 1024 || key === '') throw new S3Error('KeyTooLongError');
      if (request.access.deniesObject('s3:DeleteObject', key)) throw new S3Error('AccessDenied');
      const conditions = deleteConditionsFromObject(object);
      await withStore(() => deps.store.deleteObject(bucket, key, conditionalDelete(key, conditions)), {
        bucket,
        key,
      });
      if (!quiet) results.push(el('Deleted', [el('Key', key)]));
    } catch (error) {
      const e = error instanceof S3Error ? error : new S3Error('InternalError');
      results.push(el('Error', [el('Key', key), el('Code', e.code), el('Message', e.message)]));
    }
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/xml' },
    body: renderXmlDocument(el('DeleteResult', results, { xmlns: S3_XMLNS })),
  };
}
