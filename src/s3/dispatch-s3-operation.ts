// Stage "operation": one table from operation name to its implementation (one file per area).

import {
  createBucket,
  deleteBucket,
  deleteBucketCors,
  getBucketCors,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  putBucketCors,
  putBucketVersioning,
} from './operations/buckets.ts';
import { getBucketAcl, getObjectAcl, putBucketAcl, putObjectAcl } from './operations/acl.ts';
import {
  deleteBucketPolicy,
  getBucketPolicy,
  getBucketPolicyStatus,
  putBucketPolicy,
} from './operations/bucket-policy.ts';
import { copyObject } from './operations/copy-object.ts';
import { deleteObject, deleteObjects } from './operations/delete-objects.ts';
import { getObject } from './operations/get-object.ts';
import { listBuckets } from './operations/list-buckets.ts';
import { getObjectAttributes } from './operations/get-object-attributes.ts';
import { listObjectVersions, listObjectsV1, listObjectsV2 } from './operations/list-objects.ts';
import { completeMultipartUpload } from './operations/complete-multipart-upload.ts';
import { listMultipartUploads } from './operations/list-multipart-uploads.ts';
import { listParts } from './operations/list-parts.ts';
import {
  abortMultipartUpload,
  createMultipartUpload,
  uploadPart,
  uploadPartCopy,
} from './operations/multipart.ts';
import {
  deleteBucketOwnershipControls,
  deletePublicAccessBlock,
  getBucketOwnershipControls,
  getPublicAccessBlock,
  putBucketOwnershipControls,
  putPublicAccessBlock,
} from './operations/public-access-block.ts';
import { putObject } from './operations/put-object.ts';
import {
  getBucketAccelerateConfiguration,
  getBucketEncryption,
  getBucketLifecycleConfiguration,
  getBucketLogging,
  getBucketReplication,
  getBucketRequestPayment,
  getBucketTagging,
  getBucketWebsite,
  getObjectLockConfiguration,
} from './operations/unset-subresources.ts';
import type { OperationOf, S3Operation } from './route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from './s3-types.ts';

type Dispatched = Exclude<S3Operation, { readonly name: 'Preflight' }>;
type Operation<O extends S3Operation> = (request: S3Request<O>, deps: S3Deps) => Promise<S3Response>;

/** Each implementation receives its own operation's route value, parameters typed (route-s3-request.ts). */
const OPERATIONS: { readonly [N in Dispatched['name']]: Operation<OperationOf<N>> } = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  PutBucketVersioning: putBucketVersioning,
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: putObjectAcl,
  ListObjects: listObjectsV1,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  PutBucketCors: putBucketCors,
  GetBucketCors: getBucketCors,
  DeleteBucketCors: deleteBucketCors,
  PutBucketPolicy: putBucketPolicy,
  GetBucketPolicy: getBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketPolicyStatus: getBucketPolicyStatus,
  PutPublicAccessBlock: putPublicAccessBlock,
  GetPublicAccessBlock: getPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
  PutBucketOwnershipControls: putBucketOwnershipControls,
  GetBucketOwnershipControls: getBucketOwnershipControls,
  DeleteBucketOwnershipControls: deleteBucketOwnershipControls,
  GetBucketWebsite: getBucketWebsite,
  GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
  GetBucketReplication: getBucketReplication,
  GetBucketEncryption: getBucketEncryption,
  GetBucketLogging: getBucketLogging,
  GetBucketAccelerateConfiguration: getBucketAccelerateConfiguration,
  GetBucketRequestPayment: getBucketRequestPayment,
  GetBucketTagging: getBucketTagging,
  GetObjectLockConfiguration: getObjectLockConfiguration,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: (r, d) => getObject(r, d, false),
  HeadObject: (r, d) => getObject(r, d, true),
  GetObjectAttributes: getObjectAttributes,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};

export function dispatchS3Operation(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const name = request.route.operation.name;
  if (name === 'Preflight') throw new Error('preflights are answered before dispatch');
  // The table pairs each name with the handler for that name's route value; TypeScript cannot follow the
  // correlation through an indexed access, so it is stated once here.
  const operation = OPERATIONS[name] as Operation<Dispatched>;
  return operation(request as S3Request<Dispatched>, deps);
}
