// Put/Get/DeletePublicAccessBlock and Put/Get/DeleteBucketOwnershipControls (Amazon S3 API Reference):
// the bucket-level Block Public Access settings and Object Ownership, stored with the bucket. What they
// change in authorization is decided in authorize-s3-request.ts.

import type { ObjectOwnership, PublicAccessBlockConfiguration } from '../../store/index.ts';
import { childNode, childNodes, el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { parseXmlBody, readBodyBytes } from '../read-xml-body.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { xmlResponse } from './xml-response.ts';

const BODY_MAX_BYTES = 64 * 1024;
const SETTINGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;
const OWNERSHIPS: readonly ObjectOwnership[] = [
  'BucketOwnerEnforced',
  'BucketOwnerPreferred',
  'ObjectWriter',
];

const bucketOf = (request: S3Request) => (request.route.operation as { bucket: string }).bucket;

/** Each setting `true` or `false` (absent = false), as the API's PublicAccessBlockConfiguration type. */
export function parsePublicAccessBlockXml(bytes: Buffer): PublicAccessBlockConfiguration {
  const root = parseXmlBody(bytes, 'PublicAccessBlockConfiguration');
  const settings: Record<string, boolean> = {};
  for (const name of SETTINGS) {
    const text = childNode(root, name)?.text.trim().toLowerCase();
    if (text !== undefined && text !== 'true' && text !== 'false') throw new S3Error('MalformedXML');
    settings[name] = text === 'true';
  }
  return settings as PublicAccessBlockConfiguration;
}

export async function putPublicAccessBlock(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const bucket = bucketOf(request);
  const publicAccessBlock = parsePublicAccessBlockXml(await readBodyBytes(request.body(), BODY_MAX_BYTES));
  await withStore(() => deps.store.updateBucket(bucket, { publicAccessBlock }), { bucket });
  return { status: 200, headers: {} };
}

export async function getPublicAccessBlock(request: S3Request, _deps: S3Deps): Promise<S3Response> {
  const block = request.bucket?.publicAccessBlock;
  if (block == null)
    throw new S3Error('NoSuchPublicAccessBlockConfiguration', { extra: { BucketName: bucketOf(request) } });
  return xmlResponse(
    renderXmlDocument(
      el(
        'PublicAccessBlockConfiguration',
        SETTINGS.map((name) => el(name, String(block[name]))),
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}

export async function deletePublicAccessBlock(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const bucket = bucketOf(request);
  await withStore(() => deps.store.updateBucket(bucket, { publicAccessBlock: null }), { bucket });
  return { status: 204, headers: {} };
}

export async function putBucketOwnershipControls(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const bucket = bucketOf(request);
  const root = parseXmlBody(await readBodyBytes(request.body(), BODY_MAX_BYTES), 'OwnershipControls');
  const rules = childNodes(root, 'Rule');
  const ownership = rules.length === 1 ? childNode(rules[0]!, 'ObjectOwnership')?.text.trim() : undefined;
  if (ownership === undefined || !OWNERSHIPS.includes(ownership as ObjectOwnership))
    throw new S3Error('MalformedXML');
  if (ownership === 'BucketOwnerEnforced' && request.bucket?.acl !== 'private')
    throw new S3Error('InvalidBucketAclWithObjectOwnership');
  await withStore(
    () => deps.store.updateBucket(bucket, { ownershipControls: ownership as ObjectOwnership }),
    { bucket },
  );
  return { status: 200, headers: {} };
}

/**
 * CreateBucket's `x-amz-object-ownership` header: the bucket's Object Ownership from the start. With
 * BucketOwnerEnforced a canned ACL other than private is refused, as S3 refuses it.
 */
export function objectOwnershipOnCreate(value: string | undefined, acl: string): ObjectOwnership | undefined {
  if (value === undefined) return undefined;
  const ownership = value.trim();
  if (!OWNERSHIPS.includes(ownership as ObjectOwnership))
    throw new S3Error('InvalidArgument', {
      message: `Invalid x-amz-object-ownership header: ${value}`,
      extra: { ArgumentName: 'x-amz-object-ownership', ArgumentValue: value },
    });
  if (ownership === 'BucketOwnerEnforced' && acl !== 'private')
    throw new S3Error('InvalidBucketAclWithObjectOwnership');
  return ownership as ObjectOwnership;
}

export async function getBucketOwnershipControls(request: S3Request, _deps: S3Deps): Promise<S3Response> {
  const ownership = request.bucket?.ownershipControls;
  if (ownership == null)
    throw new S3Error('OwnershipControlsNotFoundError', { extra: { BucketName: bucketOf(request) } });
  return xmlResponse(
    renderXmlDocument(
      el('OwnershipControls', [el('Rule', [el('ObjectOwnership', ownership)])], { xmlns: S3_XMLNS }),
    ),
  );
}

export async function deleteBucketOwnershipControls(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const bucket = bucketOf(request);
  await withStore(() => deps.store.updateBucket(bucket, { ownershipControls: null }), { bucket });
  return { status: 204, headers: {} };
}
