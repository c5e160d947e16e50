// Bucket operations (ListBuckets has its own file): CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation,
// GetBucketVersioning (always unversioned), and the bucket CORS trio (Amazon S3 API Reference: PutBucketCors, GetBucketVersioning).

import {
  CORS_CONFIGURATION_MAX_BYTES,
  CorsConfigurationError,
  type CorsRule,
  parseCorsConfigurationXml,
  renderCorsConfigurationXml,
} from '../../cors/index.ts';
import { childNode, el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { bucketAclFromCanned } from '../acl-permissions.ts';
import { cannedAclFromGrantHeaders } from '../grant-headers.ts';
import { parseCannedAcl } from '../object-headers.ts';
import { parseXmlBody, readBodyBytes } from '../read-xml-body.ts';
import { parseContentMd5 } from '../request-checksum.ts';
import { S3Error } from '../s3-error.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { createHash } from 'node:crypto';
import { objectOwnershipOnCreate } from './public-access-block.ts';
import { xmlResponse } from './xml-response.ts';

type BucketRequest = S3Request<
  OperationOf<'CreateBucket' | 'DeleteBucket' | 'PutBucketCors' | 'GetBucketCors' | 'DeleteBucketCors'>
>;

const bucketOf = (request: BucketRequest) => request.route.operation.bucket;

export async function createBucket(
  request: S3Request<OperationOf<'CreateBucket'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const bucket = bucketOf(request);
  const acl = bucketAclFromCanned(
    parseCannedAcl(request.header('x-amz-acl')) ??
      cannedAclFromGrantHeaders(request.header, request.headerNames()) ??
      'private',
  );
  const ownershipControls = objectOwnershipOnCreate(request.header('x-amz-object-ownership'), acl);
  const bytes = await readBodyBytes(request.body(), 64 * 1024);
  const constraint =
    bytes.length > 0
      ? (childNode(parseXmlBody(bytes, 'CreateBucketConfiguration'), 'LocationConstraint')?.text.trim() ?? '')
      : '';
  const region = deps.config.region;
  // us-east-1 is the "unspecified" constraint: naming it explicitly is refused (InvalidLocationConstraint);
  // a constraint other than the endpoint's region — including none outside us-east-1 — is
  // IllegalLocationConstraintException with S3's wording (docs/decisions/s3-compat-choices.md).
  if (constraint === 'us-east-1') {
    throw new S3Error('InvalidLocationConstraint', { extra: { LocationConstraint: constraint } });
  }
  if (!(constraint === region || (constraint === '' && region === 'us-east-1'))) {
    throw new S3Error('IllegalLocationConstraintException', {
      message: `The ${constraint || 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    });
  }
  const existing = await deps.store.getBucket(bucket);
  if (existing !== undefined) {
    // us-east-1 answers 200 to a re-create by the owner and resets the bucket's ACL to the one this
    // request names (private without x-amz-acl), as S3 does (docs/decisions/s3-parity-choices.md).
    if (deps.config.region === 'us-east-1') {
      await withStore(() => deps.store.updateBucket(bucket, { acl }), { bucket });
      return { status: 200, headers: { Location: `/${bucket}` } };
    }
    throw new S3Error('BucketAlreadyOwnedByYou', { extra: { BucketName: bucket } });
  }
  await withStore(() => deps.store.createBucket(bucket, { region: deps.config.region, acl }), { bucket });
  if (ownershipControls !== undefined)
    await withStore(() => deps.store.updateBucket(bucket, { ownershipControls }), { bucket });
  return { status: 200, headers: { Location: `/${bucket}` } };
}

export async function headBucket(request: S3Request, _deps: S3Deps): Promise<S3Response> {
  return { status: 200, headers: { 'x-amz-bucket-region': request.bucket?.region ?? '' } };
}

export async function deleteBucket(
  request: S3Request<OperationOf<'DeleteBucket'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const bucket = bucketOf(request);
  await withStore(() => deps.store.deleteBucket(bucket), { bucket });
  return { status: 204, headers: {} };
}

export async function getBucketLocation(request: S3Request, _deps: S3Deps): Promise<S3Response> {
  const region = request.bucket?.region ?? '';
  return xmlResponse(
    renderXmlDocument(el('LocationConstraint', region === 'us-east-1' ? '' : region, { xmlns: S3_XMLNS })),
  );
}

export async function getBucketVersioning(_request: S3Request, _deps: S3Deps): Promise<S3Response> {
  return xmlResponse(renderXmlDocument(el('VersioningConfiguration', [], { xmlns: S3_XMLNS })));
}

/**
 * Versioning stays unsupported: `Enabled` (or MFA delete) → 501 with a clear message; `Suspended` is accepted as
 * a no-op, since an unversioned bucket already behaves like a suspended one (every write is version "null").
 */
export async function putBucketVersioning(request: S3Request, _deps: S3Deps): Promise<S3Response> {
  const root = parseXmlBody(await readBodyBytes(request.body(), 64 * 1024), 'VersioningConfiguration');
  const status = childNode(root, 'Status')?.text.trim();
  const mfaDelete = childNode(root, 'MfaDelete')?.text.trim();
  if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') {
    throw new S3Error('MalformedXML');
  }
  if (status === 'Enabled' || mfaDelete === 'Enabled') {
    throw new S3Error('NotImplemented', {
      message: 'Frontgate does not support bucket versioning; buckets stay unversioned (version id "null").',
    });
  }
  return { status: 200, headers: {} };
}

export async function putBucketCors(
  request: S3Request<OperationOf<'PutBucketCors'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const bucket = bucketOf(request);
  const bytes = await readBodyBytes(request.body(), CORS_CONFIGURATION_MAX_BYTES);
  const md5 = parseContentMd5(request.header('content-md5'));
  if (md5 !== undefined && !md5.equals(createHash('md5').update(bytes).digest()))
    throw new S3Error('BadDigest');
  let rules: CorsRule[];
  try {
    rules = parseCorsConfigurationXml(bytes);
  } catch (error) {
    if (error instanceof CorsConfigurationError)
      throw new S3Error(error.code, { message: error.message, cause: error });
    throw error;
  }
  await withStore(() => deps.store.updateBucket(bucket, { cors: rules }), { bucket });
  return { status: 200, headers: {} };
}

export async function getBucketCors(
  request: S3Request<OperationOf<'GetBucketCors'>>,
  _deps: S3Deps,
): Promise<S3Response> {
  const rules = request.bucket?.cors as CorsRule[] | null | undefined;
  if (!rules) {
    throw new S3Error('NoSuchCORSConfiguration', { extra: { BucketName: bucketOf(request) } });
  }
  return xmlResponse(renderCorsConfigurationXml(rules));
}

export async function deleteBucketCors(
  request: S3Request<OperationOf<'DeleteBucketCors'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const bucket = bucketOf(request);
  await withStore(() => deps.store.updateBucket(bucket, { cors: null }), { bucket });
  return { status: 204, headers: {} };
}

export { parseXmlBody };
