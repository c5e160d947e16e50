// PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy and GetBucketPolicyStatus (Amazon S3 API
// Reference). The document is checked by src/s3/policy (MalformedPolicy with S3's message), refused when
// public while Block Public Access has BlockPublicPolicy, and kept compact (docs/decisions/s3-bucket-policy.md).

import { createHash } from 'node:crypto';
import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import {
  BUCKET_POLICY_MAX_BYTES,
  type BucketPolicy,
  isPublicPolicy,
  MalformedPolicyError,
  parseBucketPolicy,
} from '../policy/index.ts';
import { readBodyBytes } from '../read-xml-body.ts';
import { parseContentMd5 } from '../request-checksum.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { xmlResponse } from './xml-response.ts';

const bucketOf = (request: S3Request) => (request.route.operation as { bucket: string }).bucket;

/** A larger body cannot compact to within the limit in any realistic layout; refused before parsing. */
const POLICY_BODY_MAX_BYTES = 4 * BUCKET_POLICY_MAX_BYTES;

/** Parses a policy for `bucket`, turning a fault into S3's MalformedPolicy error. */
export function checkedBucketPolicy(text: string, bucket: string): BucketPolicy {
  try {
    return parseBucketPolicy(text, bucket);
  } catch (error) {
    if (error instanceof MalformedPolicyError)
      throw new S3Error('MalformedPolicy', { message: error.message, cause: error });
    throw error;
  }
}

export async function putBucketPolicy(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const bucket = bucketOf(request);
  const bytes = await readBodyBytes(request.body(), POLICY_BODY_MAX_BYTES);
  const md5 = parseContentMd5(request.header('content-md5'));
  if (md5 !== undefined && !md5.equals(createHash('md5').update(bytes).digest()))
    throw new S3Error('BadDigest');
  const text = bytes.toString('utf8');
  const policy = checkedBucketPolicy(text, bucket);
  const compact = JSON.stringify(JSON.parse(text));
  if (Buffer.byteLength(compact) > BUCKET_POLICY_MAX_BYTES)
    throw new S3Error('MalformedPolicy', { message: 'Policy exceeds the maximum allowed document size.' });
  if (request.bucket?.publicAccessBlock?.BlockPublicPolicy === true && isPublicPolicy(policy))
    throw new S3Error('AccessDenied');
  await withStore(() => deps.store.updateBucket(bucket, { policy: compact }), { bucket });
  return { status: 204, headers: {} };
}

export async function getBucketPolicy(request: S3Request, _deps: S3Deps): Promise<S3Response> {
  const policy = request.bucket?.policy;
  if (policy == null) throw new S3Error('NoSuchBucketPolicy', { extra: { BucketName: bucketOf(request) } });
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: policy };
}

export async function deleteBucketPolicy(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const bucket = bucketOf(request);
  await withStore(() => deps.store.updateBucket(bucket, { policy: null }), { bucket });
  return { status: 204, headers: {} };
}

/** `IsPublic` as S3 judges the policy alone; without a policy S3 answers NoSuchBucketPolicy. */
export async function getBucketPolicyStatus(request: S3Request, _deps: S3Deps): Promise<S3Response> {
  const bucket = bucketOf(request);
  const text = request.bucket?.policy;
  if (text == null) throw new S3Error('NoSuchBucketPolicy', { extra: { BucketName: bucket } });
  const isPublic = isPublicPolicy(checkedBucketPolicy(text, bucket));
  return xmlResponse(
    renderXmlDocument(el('PolicyStatus', [el('IsPublic', String(isPublic))], { xmlns: S3_XMLNS })),
  );
}
