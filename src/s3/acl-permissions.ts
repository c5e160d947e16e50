// What an ACL grants callers that are not the owner: the AllUsers group's READ and WRITE (AWS "Access
// control list (ACL) overview": on a bucket READ lists its objects and WRITE creates, overwrites and deletes
// them; on an object READ reads its data and metadata). A bucket's ACL never decides object reads.

import type { StoredAcl } from '../store/index.ts';

export type AclPermission = 'READ' | 'WRITE';

/** Whether `acl` grants `permission` to everyone, anonymous callers included. */
export function allUsersGranted(acl: StoredAcl | undefined, permission: AclPermission): boolean {
  if (acl === 'public-read-write') return true;
  return acl === 'public-read' && permission === 'READ';
}

/**
 * The ACL S3 keeps for a canned ACL named on CreateBucket: `bucket-owner-read` and `bucket-owner-full-control`
 * are object ACLs that "Amazon S3 ignores" on a bucket (Canned ACL table), so the bucket is private.
 */
export function bucketAclFromCanned(acl: StoredAcl): StoredAcl {
  return acl === 'bucket-owner-read' || acl === 'bucket-owner-full-control' ? 'private' : acl;
}
