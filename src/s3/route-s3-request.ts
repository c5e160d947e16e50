// Stage 1 of the S3 pipeline: method + raw target + headers → one typed S3Operation (table-driven).
// No I/O; throws S3Error for requests that cannot name a valid resource.

import { InvalidEncodingError, parseQuery, percentDecode, splitRequestTarget } from '../http/index.ts';
import { resolveBucketHost } from './resolve-bucket-host.ts';
import { S3Error } from './s3-error.ts';

export type ServiceOperationName = 'ListBuckets';
export type BucketOperationName =
  | 'CreateBucket'
  | 'HeadBucket'
  | 'DeleteBucket'
  | 'GetBucketLocation'
  | 'GetBucketVersioning'
  | 'PutBucketVersioning'
  | 'GetBucketAcl'
  | 'PutBucketAcl'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'ListObjectVersions'
  | 'ListMultipartUploads'
  | 'DeleteObjects'
  | 'PutBucketCors'
  | 'GetBucketCors'
  | 'DeleteBucketCors'
  | BucketPolicyOperationName;
/** Bucket policy, Block Public Access, Object Ownership, and the subresources read as never set. */
export type BucketPolicyOperationName =
  | 'PutBucketPolicy'
  | 'GetBucketPolicy'
  | 'DeleteBucketPolicy'
  | 'GetBucketPolicyStatus'
  | 'PutPublicAccessBlock'
  | 'GetPublicAccessBlock'
  | 'DeletePublicAccessBlock'
  | 'PutBucketOwnershipControls'
  | 'GetBucketOwnershipControls'
  | 'DeleteBucketOwnershipControls'
  | 'GetBucketWebsite'
  | 'GetBucketLifecycleConfiguration'
  | 'GetBucketReplication'
  | 'GetBucketEncryption'
  | 'GetBucketLogging'
  | 'GetBucketAccelerateConfiguration'
  | 'GetBucketRequestPayment'
  | 'GetBucketTagging'
  | 'GetObjectLockConfiguration';
export type ObjectOperationName =
  | 'PutObject'
  | 'CopyObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts'
  | 'GetObjectAcl'
  | 'PutObjectAcl'
  | 'GetObjectAttributes';

/** One member per operation name (distributed), so `Extract<…, { name: N }>` narrows to that operation. */
type BucketOperationOf<N extends BucketOperationName> = N extends BucketOperationName
  ? { readonly name: N; readonly bucket: string }
  : never;
type ObjectOperationOf<N extends ObjectOperationName, Parameters = unknown> = N extends ObjectOperationName
  ? { readonly name: N; readonly bucket: string; readonly key: string } & Readonly<Parameters>
  : never;

/** `uploadId` as sent in the query; an unknown one is NoSuchUpload once the operation looks it up. */
type UploadParameters = { uploadId: string };
/** `partNumber` as sent in the query; the operation validates it (InvalidArgument) after authorization. */
type PartParameters = UploadParameters & { partNumber: string };
/** The `x-amz-copy-source` header as sent; parsed by the copy operations (copy-object.ts). */
type CopyParameters = { copySource: string };

export type ObjectOperation =
  | ObjectOperationOf<Exclude<ObjectOperationName, ParameterizedObjectOperationName>>
  | ObjectOperationOf<'CopyObject', CopyParameters>
  | ObjectOperationOf<'UploadPart', PartParameters>
  | ObjectOperationOf<'UploadPartCopy', PartParameters & CopyParameters>
  | ObjectOperationOf<'CompleteMultipartUpload' | 'AbortMultipartUpload' | 'ListParts', UploadParameters>;
type ParameterizedObjectOperationName =
  | 'CopyObject'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts';

export type S3Operation =
  | { readonly name: ServiceOperationName }
  | BucketOperationOf<BucketOperationName>
  | ObjectOperation
  | { readonly name: 'Preflight'; readonly bucket?: string; readonly key?: string };

export type S3OperationName = S3Operation['name'];

/** The route value of the named operation(s), with their typed parameters. */
export type OperationOf<N extends S3OperationName> = Extract<S3Operation, { readonly name: N }>;

export type S3Route<O extends S3Operation = S3Operation> = {
  readonly operation: O;
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  /** Decoded query parameters; the first value wins for repeated names. */
  readonly query: ReadonlyMap<string, string>;
  readonly addressing: 'path' | 'virtual';
};

export type RouteInput = {
  readonly method: string;
  readonly target: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
};

/** Subresources we do not implement: S3 would act on them, so answering as if absent would be wrong. */
const UNSUPPORTED_SUBRESOURCES = new Set([
  'accelerate',
  'analytics',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'tagging',
  'torrent',
  'website',
]);

const KEY_MAX_BYTES = 1024;

/**
 * Bucket naming rules (spec s3.md §B.1): 3–63 of [a-z0-9.-], alphanumeric ends, no `..`, not an IPv4 address;
 * also no `.-`/`-.` (DNS labels; s3-tests expects InvalidBucketName) and none of AWS's reserved prefixes/suffixes.
 */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !name.startsWith('sthree-') &&
    !name.endsWith('--ol-s3') &&
    !name.endsWith('.mrap') &&
    !name.endsWith('--x-s3') &&
    !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias')
  );
}

function header(headers: RouteInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function notImplemented(): never {
  throw new S3Error('NotImplemented');
}

function methodNotAllowed(method: string, resourceType: string): never {
  throw new S3Error('MethodNotAllowed', { extra: { Method: method, ResourceType: resourceType } });
}

const BUCKET_POLICY_SUBRESOURCES: Readonly<Record<string, Record<string, BucketPolicyOperationName>>> = {
  GET: {
    policy: 'GetBucketPolicy',
    policyStatus: 'GetBucketPolicyStatus',
    publicAccessBlock: 'GetPublicAccessBlock',
    ownershipControls: 'GetBucketOwnershipControls',
    website: 'GetBucketWebsite',
    lifecycle: 'GetBucketLifecycleConfiguration',
    replication: 'GetBucketReplication',
    encryption: 'GetBucketEncryption',
    logging: 'GetBucketLogging',
    accelerate: 'GetBucketAccelerateConfiguration',
    requestPayment: 'GetBucketRequestPayment',
    tagging: 'GetBucketTagging',
    'object-lock': 'GetObjectLockConfiguration',
  },
  PUT: {
    policy: 'PutBucketPolicy',
    publicAccessBlock: 'PutPublicAccessBlock',
    ownershipControls: 'PutBucketOwnershipControls',
  },
  DELETE: {
    policy: 'DeleteBucketPolicy',
    publicAccessBlock: 'DeletePublicAccessBlock',
    ownershipControls: 'DeleteBucketOwnershipControls',
  },
};

function bucketPolicyOperation(
  method: string,
  query: ReadonlyMap<string, string>,
): BucketPolicyOperationName | undefined {
  const table = BUCKET_POLICY_SUBRESOURCES[method];
  if (table === undefined) return undefined;
  for (const name of query.keys()) if (Object.hasOwn(table, name)) return table[name];
  return undefined;
}

function bucketOperation(method: string, query: ReadonlyMap<string, string>): BucketOperationName {
  const has = (name: string) => query.has(name);
  const policyOperation = bucketPolicyOperation(method, query);
  if (policyOperation !== undefined) return policyOperation;
  switch (method) {
    case 'GET':
      if (has('cors')) return 'GetBucketCors';
      if (has('acl')) return 'GetBucketAcl';
      if (has('location')) return 'GetBucketLocation';
      if (has('versioning')) return 'GetBucketVersioning';
      if (has('versions')) return 'ListObjectVersions';
      if (has('uploads')) return 'ListMultipartUploads';
      if ([...query.keys()].some((k) => UNSUPPORTED_SUBRESOURCES.has(k))) notImplemented();
      return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    case 'HEAD':
      return 'HeadBucket';
    case 'PUT':
      if (has('cors')) return 'PutBucketCors';
      if (has('acl')) return 'PutBucketAcl';
      if (has('versioning')) return 'PutBucketVersioning';
      if ([...query.keys()].some((k) => UNSUPPORTED_SUBRESOURCES.has(k))) notImplemented();
      return 'CreateBucket';
    case 'DELETE':
      if (has('cors')) return 'DeleteBucketCors';
      if (has('acl')) methodNotAllowed(method, 'ACL');
      if ([...query.keys()].some((k) => UNSUPPORTED_SUBRESOURCES.has(k))) notImplemented();
      return 'DeleteBucket';
    case 'POST':
      if (has('delete')) return 'DeleteObjects';
      return notImplemented();
    default:
      return methodNotAllowed(method, 'BUCKET');
  }
}

function objectOperation(
  method: string,
  query: ReadonlyMap<string, string>,
  headers: RouteInput['headers'],
): ObjectOperationName {
  const has = (name: string) => query.has(name);
  const unsupported = [...query.keys()].some((k) => UNSUPPORTED_SUBRESOURCES.has(k));
  const copySource = header(headers, 'x-amz-copy-source') !== undefined;
  switch (method) {
    case 'GET':
      if (has('acl')) return 'GetObjectAcl';
      if (has('attributes')) return 'GetObjectAttributes';
      if (unsupported) notImplemented();
      return has('uploadId') ? 'ListParts' : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      if (has('acl')) return 'PutObjectAcl';
      if (unsupported) notImplemented();
      if (has('uploadId') || has('partNumber')) return copySource ? 'UploadPartCopy' : 'UploadPart';
      return copySource ? 'CopyObject' : 'PutObject';
    case 'DELETE':
      if (has('acl')) methodNotAllowed(method, 'ACL');
      if (unsupported) notImplemented();
      return has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    case 'POST':
      if (has('uploads')) return 'CreateMultipartUpload';
      if (has('uploadId')) return 'CompleteMultipartUpload';
      return notImplemented();
    default:
      return methodNotAllowed(method, 'OBJECT');
  }
}

/** The object operation's route value with the parameters its name calls for. */
function objectOperationValue(
  name: ObjectOperationName,
  bucket: string,
  key: string,
  query: ReadonlyMap<string, string>,
  headers: RouteInput['headers'],
): ObjectOperation {
  const uploadId = query.get('uploadId') ?? '';
  const partNumber = query.get('partNumber') ?? '';
  const copySource = header(headers, 'x-amz-copy-source') ?? '';
  switch (name) {
    case 'CopyObject':
      return { name, bucket, key, copySource };
    case 'UploadPart':
      return { name, bucket, key, uploadId, partNumber };
    case 'UploadPartCopy':
      return { name, bucket, key, uploadId, partNumber, copySource };
    case 'CompleteMultipartUpload':
    case 'AbortMultipartUpload':
    case 'ListParts':
      return { name, bucket, key, uploadId };
    default:
      return { name, bucket, key };
  }
}

/** Node hands request-target bytes over as latin1; unencoded UTF-8 (some clients send it) is read back as UTF-8. */
function asUtf8(value: string): string {
  return /[^\x20-\x7e]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

function decodeKey(rawKey: string): string {
  try {
    return percentDecode(asUtf8(rawKey));
  } catch (error) {
    if (error instanceof InvalidEncodingError) {
      throw new S3Error('InvalidURI');
    }
    throw error;
  }
}

export function routeS3Request(
  input: RouteInput,
  options: { virtualHostSuffixes: readonly string[] },
): S3Route {
  const method = input.method.toUpperCase();
  const { rawPath, rawQuery } = splitRequestTarget(input.target);
  let query: ReadonlyMap<string, string>;
  try {
    const map = new Map<string, string>();
    for (const [name, value] of parseQuery(rawQuery)) if (!map.has(name)) map.set(name, value);
    query = map;
  } catch {
    throw new S3Error('InvalidArgument', { message: 'Invalid query string encoding.' });
  }
  const addressing = resolveBucketHost(header(input.headers, 'host'), options.virtualHostSuffixes);
  let bucket: string | undefined;
  let rawKey: string;
  if (addressing.kind === 'virtual') {
    bucket = addressing.bucket;
    rawKey = rawPath.slice(1);
  } else {
    const rest = rawPath.slice(1);
    const slash = rest.indexOf('/');
    const rawBucket = slash >= 0 ? rest.slice(0, slash) : rest;
    bucket = rawBucket === '' ? undefined : decodeKey(rawBucket);
    rawKey = slash >= 0 ? rest.slice(slash + 1) : '';
  }
  const key = rawKey === '' ? undefined : decodeKey(rawKey);
  if (key !== undefined && (key.includes('\0') || !key.isWellFormed())) {
    // The store keeps keys as UTF-8 text; NUL and invalid sequences cannot name an object.
    throw new S3Error('InvalidURI');
  }
  if (key !== undefined && Buffer.byteLength(key) > KEY_MAX_BYTES) {
    throw new S3Error('KeyTooLongError', {
      extra: { Size: Buffer.byteLength(key), MaxSizeAllowed: KEY_MAX_BYTES },
    });
  }
  const base = { method, rawPath, rawQuery, query, addressing: addressing.kind };
  if (method === 'OPTIONS') return { ...base, operation: { name: 'Preflight', bucket, key } };
  if (bucket !== undefined && !isValidBucketName(bucket)) {
    throw new S3Error('InvalidBucketName', { extra: { BucketName: bucket } });
  }
  if (bucket === undefined) {
    if (method !== 'GET') methodNotAllowed(method, 'SERVICE');
    return { ...base, operation: { name: 'ListBuckets' } };
  }
  if (key === undefined) {
    // TypeScript does not spread a union-typed `name` over this many members, hence the assertion.
    const operation = {
      name: bucketOperation(method, query),
      bucket,
    } as BucketOperationOf<BucketOperationName>;
    return { ...base, operation };
  }
  const name = objectOperation(method, query, input.headers);
  return { ...base, operation: objectOperationValue(name, bucket, key, query, input.headers) };
}
