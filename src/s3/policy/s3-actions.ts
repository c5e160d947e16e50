// The IAM action each S3 operation asks for, and the kind of resource an action names (Service
// Authorization Reference, "Actions defined by Amazon S3"; Amazon S3 User Guide, "Amazon S3 policy
// actions"). HeadObject is s3:GetObject and HeadBucket s3:ListBucket; the multipart steps are s3:PutObject.

export type ActionScope = 'bucket' | 'object' | 'account';

export const S3_OPERATION_ACTIONS: Readonly<Record<string, string>> = {
  HeadBucket: 's3:ListBucket',
  DeleteBucket: 's3:DeleteBucket',
  GetBucketLocation: 's3:GetBucketLocation',
  GetBucketVersioning: 's3:GetBucketVersioning',
  PutBucketVersioning: 's3:PutBucketVersioning',
  GetBucketAcl: 's3:GetBucketAcl',
  PutBucketAcl: 's3:PutBucketAcl',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  DeleteObjects: 's3:DeleteObject',
  PutBucketCors: 's3:PutBucketCORS',
  GetBucketCors: 's3:GetBucketCORS',
  DeleteBucketCors: 's3:PutBucketCORS',
  GetBucketPolicy: 's3:GetBucketPolicy',
  PutBucketPolicy: 's3:PutBucketPolicy',
  DeleteBucketPolicy: 's3:DeleteBucketPolicy',
  GetBucketPolicyStatus: 's3:GetBucketPolicyStatus',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  GetBucketOwnershipControls: 's3:GetBucketOwnershipControls',
  PutBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  DeleteBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  GetBucketWebsite: 's3:GetBucketWebsite',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  GetBucketReplication: 's3:GetReplicationConfiguration',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  GetBucketLogging: 's3:GetBucketLogging',
  GetBucketAccelerateConfiguration: 's3:GetAccelerateConfiguration',
  GetBucketRequestPayment: 's3:GetBucketRequestPayment',
  GetBucketTagging: 's3:GetBucketTagging',
  GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
  PutObject: 's3:PutObject',
  CopyObject: 's3:PutObject',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  DeleteObject: 's3:DeleteObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  UploadPartCopy: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListParts: 's3:ListMultipartUploadParts',
  GetObjectAcl: 's3:GetObjectAcl',
  PutObjectAcl: 's3:PutObjectAcl',
};

const ACCOUNT_ACTIONS = new Set([
  's3:listallmybuckets',
  's3:getaccountpublicaccessblock',
  's3:putaccountpublicaccessblock',
  's3:listaccesspoints',
  's3:listjobs',
  's3:createjob',
]);
const OBJECT_ACTIONS_WITHOUT_OBJECT = new Set(['s3:abortmultipartupload', 's3:listmultipartuploadparts']);

/**
 * The resource an action without wildcards applies to: object actions name `Object` (GetObject,
 * PutObjectAcl, RestoreObject…) unless they also name `Bucket` (GetBucketObjectLockConfiguration);
 * `undefined` for patterns with wildcards, which may match either.
 */
export function actionScope(action: string): ActionScope | undefined {
  const name = action.toLowerCase();
  if (name.includes('*') || name.includes('?')) return undefined;
  if (ACCOUNT_ACTIONS.has(name)) return 'account';
  if (OBJECT_ACTIONS_WITHOUT_OBJECT.has(name)) return 'object';
  return name.includes('object') && !name.includes('bucket') ? 'object' : 'bucket';
}
