// Stage "authorize": the bucket access model. The bucket policy's verdict comes first
// (authorize-bucket-policy.ts): an applicable Deny refuses anyone, the owner's credentials included, except
// the owner managing the policy itself; an applicable Allow grants. Otherwise credential users may do
// anything; origin access (a CloudFront distribution's OAC credential) needs the policy's Allow; anonymous
// callers get what the AllUsers grants of the bucket ACL allow (READ: list; WRITE: create, overwrite, delete
// objects), unless Block Public Access or Object Ownership turn ACL grants off. Anonymous GetObject/HeadObject
// pass here: the object's own ACL decides once the object is known (get-object.ts).

import type { BucketInfo } from '../store/index.ts';
import { type BucketAccess, NO_BUCKET_ACCESS_SETTINGS } from './authorize-bucket-policy.ts';
import type { S3OperationName } from './route-s3-request.ts';
import { allUsersGranted } from './acl-permissions.ts';
import { S3Error } from './s3-error.ts';
import type { Principal } from './s3-types.ts';

/** The bucket owner may always read, set and delete the bucket policy, so a Deny cannot lock it out. */
const OWNER_POLICY_OPERATIONS = new Set<S3OperationName>([
  'GetBucketPolicy',
  'PutBucketPolicy',
  'DeleteBucketPolicy',
]);
/** Anonymous callers reach these; the operation then checks the object's ACL. */
const ANONYMOUS_OBJECT_READS = new Set<S3OperationName>(['GetObject', 'HeadObject', 'GetObjectAttributes']);
/** READ for AllUsers on the bucket: list it (and HeadBucket, which needs s3:ListBucket). */
const ANONYMOUS_BUCKET_READS = new Set<S3OperationName>(['ListObjects', 'ListObjectsV2', 'HeadBucket']);
/** WRITE for AllUsers (canned `public-read-write`): anyone may create, overwrite and delete objects. */
const ANONYMOUS_BUCKET_WRITES = new Set<S3OperationName>([
  'PutObject',
  'DeleteObject',
  'DeleteObjects',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
]);

export function authorizeS3Request(
  principal: Principal,
  operation: S3OperationName,
  bucket: BucketInfo | undefined,
  access: BucketAccess = NO_BUCKET_ACCESS_SETTINGS,
): void {
  if (access.policy === 'Deny' && !(principal.kind === 'user' && OWNER_POLICY_OPERATIONS.has(operation)))
    throw new S3Error('AccessDenied');
  switch (principal.kind) {
    case 'user':
      return;
    case 'origin-access':
      if (access.policy === 'Allow') return;
      throw new S3Error('AccessDenied');
    case 'anonymous': {
      if (access.policy === 'Allow' || ANONYMOUS_OBJECT_READS.has(operation)) return;
      const acl = access.publicAclsApply ? bucket?.acl : 'private';
      if (ANONYMOUS_BUCKET_READS.has(operation) && allUsersGranted(acl, 'READ')) return;
      if (ANONYMOUS_BUCKET_WRITES.has(operation) && allUsersGranted(acl, 'WRITE')) return;
      throw new S3Error('AccessDenied');
    }
  }
}
