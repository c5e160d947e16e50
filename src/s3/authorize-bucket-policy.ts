// Stage "authorize", bucket policy part: what the bucket policy, Block Public Access and Object Ownership
// say about one request, decided before the ACL rules in authorize-s3-request.ts apply. The requester,
// action, resource and request context are built here from the request; the verdict comes from the pure
// evaluator in src/s3/policy. How Amazon S3 authorizes a request (Amazon S3 User Guide); choices in
// docs/decisions/s3-bucket-policy.md.

import type { BucketInfo } from '../store/index.ts';
import {
  type BucketPolicy,
  distributionArn,
  evaluateBucketPolicy,
  isPublicPolicy,
  parseBucketPolicy,
  type PolicyDecision,
  type PolicyRequester,
  S3_OPERATION_ACTIONS,
} from './policy/index.ts';
import { cannedAclFromGrantHeaders } from './grant-headers.ts';
import type { S3Operation } from './route-s3-request.ts';
import { S3Error } from './s3-error.ts';
import { type BucketAccess, OWNER, type Principal } from './s3-types.ts';

export type { BucketAccess };

export const NO_BUCKET_ACCESS_SETTINGS: BucketAccess = {
  policy: 'None',
  publicAclsApply: true,
  policyAllowsList: () => false,
  deniesObject: () => false,
};

export type BucketAccessInput = {
  readonly principal: Principal;
  readonly operation: S3Operation;
  readonly bucket: BucketInfo | undefined;
  readonly accountId: string;
  readonly header: (name: string) => string | undefined;
  readonly query: ReadonlyMap<string, string>;
  readonly sourceIp: string | undefined;
  readonly secureTransport: boolean;
  readonly now: Date;
  /** Parses a stored policy (memoized by the caller: the same text is evaluated on every request). */
  readonly parsePolicy: (text: string, bucket: string) => BucketPolicy;
};

function requesterOf(principal: Principal, accountId: string): PolicyRequester {
  switch (principal.kind) {
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'user':
      return { kind: 'account', accountId, canonicalUserId: OWNER.ID };
    case 'origin-access':
      return { kind: 'service', service: 'cloudfront.amazonaws.com' };
  }
}

/** The request context keys a policy condition may test (AWS global condition context keys; S3 condition keys). */
function requestContext(input: BucketAccessInput): Map<string, string[]> {
  const context = new Map<string, string[]>();
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) context.set(key.toLowerCase(), [value]);
  };
  const { principal, accountId } = input;
  set('aws:CurrentTime', input.now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  set('aws:EpochTime', String(Math.floor(input.now.getTime() / 1000)));
  set('aws:SourceIp', input.sourceIp);
  set('aws:Referer', input.header('referer'));
  set('aws:UserAgent', input.header('user-agent'));
  set('s3:x-amz-acl', input.header('x-amz-acl'));
  if (input.operation.name === 'ListObjects' || input.operation.name === 'ListObjectsV2') {
    set('s3:prefix', input.query.get('prefix'));
    set('s3:delimiter', input.query.get('delimiter'));
    set('s3:max-keys', input.query.get('max-keys'));
  }
  if (principal.kind === 'anonymous') {
    set('aws:SecureTransport', String(input.secureTransport));
    set('aws:PrincipalType', 'Anonymous');
    set('aws:userid', 'anonymous');
    return context;
  }
  set('s3:signatureversion', 'AWS4-HMAC-SHA256');
  if (principal.kind === 'user') {
    set('aws:SecureTransport', String(input.secureTransport));
    set('s3:authType', principal.form === 'presigned' ? 'REST-QUERY-STRING' : 'REST-HEADER');
    set('aws:PrincipalType', 'Account');
    set('aws:PrincipalAccount', accountId);
    set('aws:PrincipalArn', `arn:aws:iam::${accountId}:root`);
    set('aws:userid', accountId);
    set('aws:PrincipalIsAWSService', 'false');
    return context;
  }
  // CloudFront reaches S3 over HTTPS; the loopback hop between edge and store stands for that connection.
  set('aws:SecureTransport', 'true');
  set('s3:authType', 'REST-HEADER');
  set('aws:SourceArn', distributionArn(accountId, principal.distributionId));
  set('aws:SourceAccount', accountId);
  set('aws:PrincipalServiceName', 'cloudfront.amazonaws.com');
  set('aws:PrincipalIsAWSService', 'true');
  return context;
}

function resourceOf(operation: S3Operation): string | undefined {
  if (!('bucket' in operation) || operation.bucket === undefined) return undefined;
  if ('key' in operation && operation.key !== undefined)
    return `arn:aws:s3:::${operation.bucket}/${operation.key}`;
  // DeleteObjects names its keys in the body: judged here for the bucket's objects, then key by key (deniesObject).
  return operation.name === 'DeleteObjects'
    ? `arn:aws:s3:::${operation.bucket}/*`
    : `arn:aws:s3:::${operation.bucket}`;
}

export function decideBucketAccess(input: BucketAccessInput): BucketAccess {
  const { bucket } = input;
  if (bucket === undefined) return NO_BUCKET_ACCESS_SETTINGS;
  const block = bucket.publicAccessBlock;
  const publicAclsApply =
    block?.IgnorePublicAcls !== true && bucket.ownershipControls !== 'BucketOwnerEnforced';
  const action = S3_OPERATION_ACTIONS[input.operation.name];
  const resource = resourceOf(input.operation);
  if (bucket.policy === null || action === undefined || resource === undefined)
    return { ...NO_BUCKET_ACCESS_SETTINGS, publicAclsApply };
  const policy = input.parsePolicy(bucket.policy, bucket.name);
  const requester = requesterOf(input.principal, input.accountId);
  const context = requestContext(input);
  // RestrictPublicBuckets: a public policy then grants only AWS service principals and the owner's account.
  const restricted =
    block?.RestrictPublicBuckets === true && requester.kind === 'anonymous' && isPublicPolicy(policy);
  const judge = (a: string, r: string): PolicyDecision['effect'] => {
    const effect = evaluateBucketPolicy(policy, { requester, action: a, resource: r, context }).effect;
    return restricted && effect === 'Allow' ? 'None' : effect;
  };
  return {
    policy: judge(action, resource),
    publicAclsApply,
    policyAllowsList: () => judge('s3:ListBucket', `arn:aws:s3:::${bucket.name}`) === 'Allow',
    deniesObject: (objectAction, key) => {
      const effect = judge(objectAction, `arn:aws:s3:::${bucket.name}/${key}`);
      if (effect !== 'None') return effect === 'Deny';
      if (input.principal.kind === 'user') return false;
      return !(input.principal.kind === 'anonymous' && publicAclsApply && bucket.acl === 'public-read-write');
    },
  };
}

const ACL_SETTING_OPERATIONS = new Set([
  'PutBucketAcl',
  'PutObjectAcl',
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
]);
const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);

/**
 * Requests that set a public ACL (canned in `x-amz-acl`, or as `x-amz-grant-*` headers) on a bucket whose
 * Object Ownership is BucketOwnerEnforced (ACLs disabled: 400 AccessControlListNotSupported) or whose Block
 * Public Access has BlockPublicAcls (403 AccessDenied). An AccessControlPolicy body is judged by the ACL
 * operations once they have read it (`refusePublicAcl`).
 */
export function refusePublicAclRequest(
  operation: S3Operation,
  bucket: BucketInfo | undefined,
  header: (name: string) => string | undefined,
  headerNames: () => readonly string[],
): void {
  if (bucket === undefined || !ACL_SETTING_OPERATIONS.has(operation.name)) return;
  refusePublicAcl(bucket, header('x-amz-acl')?.trim() ?? cannedAclFromGrantHeaders(header, headerNames()));
}

/** Refuses setting `acl` on `bucket` when it is public and the bucket's settings forbid public ACLs. */
export function refusePublicAcl(bucket: BucketInfo | undefined, acl: string | undefined): void {
  if (bucket === undefined || acl === undefined || !PUBLIC_CANNED_ACLS.has(acl)) return;
  if (bucket.ownershipControls === 'BucketOwnerEnforced') throw new S3Error('AccessControlListNotSupported');
  if (bucket.publicAccessBlock?.BlockPublicAcls === true) throw new S3Error('AccessDenied');
}

/** Parsed policies by text, so a bucket's policy is parsed once, not on every request (bounded). */
export function createPolicyMemo(limit = 256): (text: string, bucket: string) => BucketPolicy {
  const parsed = new Map<string, BucketPolicy>();
  return (text, bucket) => {
    const key = `${bucket}\n${text}`;
    let policy = parsed.get(key);
    if (policy === undefined) {
      policy = parseBucketPolicy(text, bucket);
      if (parsed.size >= limit) parsed.delete(parsed.keys().next().value as string);
      parsed.set(key, policy);
    }
    return policy;
  };
}
