// Stage "authorize": the bucket access model. Credential users may do anything; origin access (a
// CloudFront distribution's OAC credential) may read/write objects of buckets that allow that
// distribution (emulating a bucket policy with AWS:SourceArn); anonymous callers get what the AllUsers
// grants of the bucket ACL allow (READ: list; WRITE: create, overwrite, delete objects). Anonymous
// GetObject/HeadObject pass here: the object's own ACL decides once the object is known (get-object.ts).

import type { BucketInfo } from '../store/index.ts';
import type { S3OperationName } from './route-s3-request.ts';
import { allUsersGranted } from './acl-permissions.ts';
import { S3Error } from './s3-error.ts';
import type { Principal } from './s3-types.ts';

const OAC_OPERATIONS = new Set<S3OperationName>([
  'GetObject',
  'HeadObject',
  'PutObject',
  'DeleteObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
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
): void {
  switch (principal.kind) {
    case 'user':
      return;
    case 'origin-access':
      if (OAC_OPERATIONS.has(operation) && bucket?.allowedDistributionIds.includes(principal.distributionId))
        return;
      throw new S3Error('AccessDenied');
    case 'anonymous': {
      if (ANONYMOUS_OBJECT_READS.has(operation)) return;
      if (ANONYMOUS_BUCKET_READS.has(operation) && allUsersGranted(bucket?.acl, 'READ')) return;
      if (ANONYMOUS_BUCKET_WRITES.has(operation) && allUsersGranted(bucket?.acl, 'WRITE')) return;
      throw new S3Error('AccessDenied');
    }
  }
}
