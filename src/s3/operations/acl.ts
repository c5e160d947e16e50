// GetBucketAcl/PutBucketAcl and GetObjectAcl/PutObjectAcl for canned ACLs only: the access model
// (acl-permissions.ts) knows the canned ACLs and an ACL of no grants, so the ACL documents are rendered
// from and mapped back to those (docs/decisions/s3-compat-choices.md, s3-parity-choices.md).

import type { StoredAcl } from '../../store/index.ts';
import { childNode, childNodes, el, renderXmlDocument, S3_XMLNS, type XmlNode } from '../../xml/index.ts';
import { bucketAclFromCanned } from '../acl-permissions.ts';
import { refusePublicAcl } from '../authorize-bucket-policy.ts';
import { aclNotSupported, cannedAclFromGrantHeaders } from '../grant-headers.ts';
import { parseCannedAcl } from '../object-headers.ts';
import { parseXmlBody, readBodyBytes } from '../read-xml-body.ts';
import { S3Error } from '../s3-error.ts';
import type { OperationOf } from '../route-s3-request.ts';
import { OWNER, type S3Deps, type S3Request, type S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { ownerElements, xmlResponse } from './xml-response.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const ACL_BODY_MAX_BYTES = 64 * 1024;

type Grant = { readonly group?: string; readonly permission: string };

/**
 * The grants a canned ACL stands for, besides the owner's FULL_CONTROL (AWS "Canned ACL" table). The bucket
 * owner is the object owner here, so `bucket-owner-*` add nothing; `aws-exec-read`'s EC2 grant is not rendered
 * (docs/decisions/s3-parity-choices.md).
 */
function cannedGrants(acl: Exclude<StoredAcl, 'no-grants'>): Grant[] {
  switch (acl) {
    case 'private':
    case 'aws-exec-read':
    case 'bucket-owner-read':
    case 'bucket-owner-full-control':
      return [];
    case 'public-read':
      return [{ group: ALL_USERS, permission: 'READ' }];
    case 'public-read-write':
      return [
        { group: ALL_USERS, permission: 'READ' },
        { group: ALL_USERS, permission: 'WRITE' },
      ];
    case 'authenticated-read':
      return [{ group: AUTHENTICATED_USERS, permission: 'READ' }];
  }
}

/** The `AccessControlPolicy` document S3 returns for a stored ACL; `no-grants` lists no grant at all. */
export function renderAccessControlPolicy(acl: StoredAcl): string {
  const owner = ownerElements();
  // Group grants first, then the owner's FULL_CONTROL: the order s3-tests compares against (check_grants zips lists).
  const grants =
    acl === 'no-grants'
      ? []
      : [
          ...cannedGrants(acl).map((g) =>
            el('Grant', [
              el('Grantee', [el('URI', g.group ?? '')], { 'xmlns:xsi': XSI, 'xsi:type': 'Group' }),
              el('Permission', g.permission),
            ]),
          ),
          el('Grant', [
            el('Grantee', owner, { 'xmlns:xsi': XSI, 'xsi:type': 'CanonicalUser' }),
            el('Permission', 'FULL_CONTROL'),
          ]),
        ];
  return renderXmlDocument(
    el('AccessControlPolicy', [el('Owner', owner), el('AccessControlList', grants)], { xmlns: S3_XMLNS }),
  );
}

/**
 * Maps an `AccessControlPolicy` body back to the ACL it expresses: a canned ACL, or `no-grants` when it lists
 * no grant (S3 stores exactly that: even the owner's FULL_CONTROL is gone); other grants → NotImplemented.
 */
export function cannedAclFromPolicy(root: XmlNode): StoredAcl {
  const list = childNode(root, 'AccessControlList');
  if (list === undefined) throw new S3Error('MalformedXML');
  const documentOwner = childNode(childNode(root, 'Owner') ?? root, 'ID')?.text.trim();
  const groups = new Set<string>();
  const listed = childNodes(list, 'Grant');
  if (listed.length === 0) return 'no-grants';
  for (const grant of listed) {
    const grantee = childNode(grant, 'Grantee');
    const permission = childNode(grant, 'Permission')?.text.trim();
    if (grantee === undefined || permission === undefined) throw new S3Error('MalformedXML');
    const uri = childNode(grantee, 'URI')?.text.trim();
    const id = childNode(grantee, 'ID')?.text.trim();
    if (uri === undefined) {
      if ((id === OWNER.ID || id === documentOwner) && permission === 'FULL_CONTROL') continue;
      throw aclNotSupported('a grant to a user other than the owner');
    }
    if (![ALL_USERS, AUTHENTICATED_USERS].includes(uri) || !['READ', 'WRITE'].includes(permission)) {
      throw aclNotSupported(`granting ${permission} to ${uri}`);
    }
    groups.add(`${uri === ALL_USERS ? 'all' : 'auth'}:${permission}`);
  }
  const key = [...groups].sort().join(',');
  const table: Record<string, StoredAcl> = {
    '': 'private',
    'all:READ': 'public-read',
    'all:READ,all:WRITE': 'public-read-write',
    'auth:READ': 'authenticated-read',
  };
  const acl = table[key];
  if (acl === undefined) throw aclNotSupported('this combination of grants');
  return acl;
}

/**
 * PutBucketAcl/PutObjectAcl input: the `x-amz-acl` header, `x-amz-grant-*` headers or an `AccessControlPolicy`
 * body (one of them). A public ACL from the body is refused here as the headers' are before the operation.
 */
async function requestedAcl(
  request: S3Request<OperationOf<'PutBucketAcl' | 'PutObjectAcl'>>,
): Promise<StoredAcl> {
  const header =
    parseCannedAcl(request.header('x-amz-acl')) ??
    cannedAclFromGrantHeaders(request.header, request.headerNames());
  const bytes = await readBodyBytes(request.body(), ACL_BODY_MAX_BYTES);
  if (header !== undefined && bytes.length > 0) {
    throw new S3Error('UnexpectedContent', { message: 'This request does not support content' });
  }
  if (header !== undefined) return header;
  if (bytes.length === 0) {
    throw new S3Error('MissingSecurityHeader', {
      message: 'Your request was missing a required header',
      extra: { MissingHeaderName: 'x-amz-acl' },
    });
  }
  const fromBody = cannedAclFromPolicy(parseXmlBody(bytes, 'AccessControlPolicy'));
  refusePublicAcl(request.bucket, fromBody);
  return fromBody;
}

export async function getBucketAcl(
  request: S3Request<OperationOf<'GetBucketAcl'>>,
  _deps: S3Deps,
): Promise<S3Response> {
  return xmlResponse(renderAccessControlPolicy(request.bucket?.acl ?? 'private'));
}

export async function putBucketAcl(
  request: S3Request<OperationOf<'PutBucketAcl'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket } = request.route.operation;
  const acl = bucketAclFromCanned(await requestedAcl(request));
  await withStore(() => deps.store.updateBucket(bucket, { acl }), { bucket });
  return { status: 200, headers: {} };
}

async function existingObject(
  request: S3Request<OperationOf<'GetObjectAcl' | 'PutObjectAcl'>>,
  deps: S3Deps,
) {
  const { bucket, key } = request.route.operation;
  const object = await withStore(() => deps.store.headObject(bucket, key), { bucket, key });
  if (object === undefined) throw new S3Error('NoSuchKey', { extra: { Key: key } });
  return object;
}

export async function getObjectAcl(
  request: S3Request<OperationOf<'GetObjectAcl'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const object = await existingObject(request, deps);
  return xmlResponse(renderAccessControlPolicy(object.metadata.acl ?? 'private'));
}

/**
 * The store has no metadata-only update, so the new ACL is committed as a server-side copy of the object onto
 * itself (same bytes, same ETag); Last-Modified moves, unlike on S3 (recorded in the decision file).
 */
export async function putObjectAcl(
  request: S3Request<OperationOf<'PutObjectAcl'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const acl = await requestedAcl(request);
  const object = await existingObject(request, deps);
  const { bucket, key } = request.route.operation;
  await withStore(() => deps.store.copyObject(object, bucket, key, { ...object.metadata, acl }), {
    bucket,
    key,
  });
  return { status: 200, headers: {} };
}
