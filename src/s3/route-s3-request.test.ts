import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveBucketHost } from './resolve-bucket-host.ts';
import { routeS3Request } from './route-s3-request.ts';
import type { S3Error } from './s3-error.ts';

const options = { virtualHostSuffixes: ['s3.example.test'] };
const route = (method: string, target: string, headers: Record<string, string> = {}) =>
  routeS3Request({ method, target, headers: { host: '127.0.0.1:9000', ...headers } }, options);

test('requests map to the S3 operation S3 would run', () => {
  const cases: [string, string, Record<string, string>, unknown][] = [
    ['GET', '/', {}, { name: 'ListBuckets' }],
    ['PUT', '/media', {}, { name: 'CreateBucket', bucket: 'media' }],
    ['PUT', '/media/', {}, { name: 'CreateBucket', bucket: 'media' }],
    ['HEAD', '/media', {}, { name: 'HeadBucket', bucket: 'media' }],
    ['DELETE', '/media', {}, { name: 'DeleteBucket', bucket: 'media' }],
    ['GET', '/media?location', {}, { name: 'GetBucketLocation', bucket: 'media' }],
    ['GET', '/media?list-type=2&prefix=a', {}, { name: 'ListObjectsV2', bucket: 'media' }],
    ['GET', '/media?prefix=a', {}, { name: 'ListObjects', bucket: 'media' }],
    ['GET', '/media?versions', {}, { name: 'ListObjectVersions', bucket: 'media' }],
    ['GET', '/media?uploads', {}, { name: 'ListMultipartUploads', bucket: 'media' }],
    ['POST', '/media?delete', {}, { name: 'DeleteObjects', bucket: 'media' }],
    ['PUT', '/media?cors', {}, { name: 'PutBucketCors', bucket: 'media' }],
    ['GET', '/media?cors', {}, { name: 'GetBucketCors', bucket: 'media' }],
    ['DELETE', '/media?cors', {}, { name: 'DeleteBucketCors', bucket: 'media' }],
    ['PUT', '/media/a/b.txt', {}, { name: 'PutObject', bucket: 'media', key: 'a/b.txt' }],
    [
      'PUT',
      '/media/k',
      { 'x-amz-copy-source': '/media/j' },
      { name: 'CopyObject', bucket: 'media', key: 'k', copySource: '/media/j' },
    ],
    ['GET', '/media/k?x-id=GetObject', {}, { name: 'GetObject', bucket: 'media', key: 'k' }],
    ['HEAD', '/media/k', {}, { name: 'HeadObject', bucket: 'media', key: 'k' }],
    ['DELETE', '/media/k', {}, { name: 'DeleteObject', bucket: 'media', key: 'k' }],
    ['POST', '/media/k?uploads', {}, { name: 'CreateMultipartUpload', bucket: 'media', key: 'k' }],
    [
      'PUT',
      '/media/k?partNumber=1&uploadId=u',
      {},
      { name: 'UploadPart', bucket: 'media', key: 'k', uploadId: 'u', partNumber: '1' },
    ],
    [
      'PUT',
      '/media/k?partNumber=1&uploadId=u',
      { 'x-amz-copy-source': 'media/j' },
      {
        name: 'UploadPartCopy',
        bucket: 'media',
        key: 'k',
        uploadId: 'u',
        partNumber: '1',
        copySource: 'media/j',
      },
    ],
    [
      'POST',
      '/media/k?uploadId=u',
      {},
      { name: 'CompleteMultipartUpload', bucket: 'media', key: 'k', uploadId: 'u' },
    ],
    [
      'DELETE',
      '/media/k?uploadId=u',
      {},
      { name: 'AbortMultipartUpload', bucket: 'media', key: 'k', uploadId: 'u' },
    ],
    ['GET', '/media/k?uploadId=u', {}, { name: 'ListParts', bucket: 'media', key: 'k', uploadId: 'u' }],
    ['GET', '/media/k?attributes', {}, { name: 'GetObjectAttributes', bucket: 'media', key: 'k' }],
    ['OPTIONS', '/media/k', {}, { name: 'Preflight', bucket: 'media', key: 'k' }],
    ['OPTIONS', '/', {}, { name: 'Preflight', bucket: undefined, key: undefined }],
  ];
  for (const [method, target, headers, expected] of cases) {
    assert.deepEqual(route(method, target, headers).operation, expected, `${method} ${target}`);
  }
});

test('keys are percent-decoded once and never normalised', () => {
  assert.equal(
    (route('GET', '/b-1/a/../c//d%2Fe%20f+g').operation as { key: string }).key,
    'a/../c//d/e f+g',
  );
  assert.equal((route('GET', '/b-1/dir/').operation as { key: string }).key, 'dir/');
});

test('virtual-hosted requests take the bucket from Host', () => {
  const r = routeS3Request(
    {
      method: 'GET',
      target: '/videos/a.mp4',
      headers: { host: 'junlog-media.s3.ap-northeast-2.amazonaws.com' },
    },
    options,
  );
  assert.deepEqual(r.operation, { name: 'GetObject', bucket: 'junlog-media', key: 'videos/a.mp4' });
  assert.equal(r.addressing, 'virtual');
});

test('resolveBucketHost strips known suffixes and treats IPs and bare names as path style', () => {
  const cases: [string, unknown][] = [
    ['junlog-media.s3.ap-northeast-2.amazonaws.com', { kind: 'virtual', bucket: 'junlog-media' }],
    ['junlog-media.s3.amazonaws.com', { kind: 'virtual', bucket: 'junlog-media' }],
    ['junlog-media.s3-eu-west-1.amazonaws.com', { kind: 'virtual', bucket: 'junlog-media' }],
    ['my.dotted.bucket.s3.us-east-1.amazonaws.com', { kind: 'virtual', bucket: 'my.dotted.bucket' }],
    ['s3.us-east-1.amazonaws.com', { kind: 'path' }],
    ['s3.amazonaws.com', { kind: 'path' }],
    ['junlog-media.s3.localhost:9000', { kind: 'virtual', bucket: 'junlog-media' }],
    ['junlog-media.localhost:9000', { kind: 'virtual', bucket: 'junlog-media' }],
    ['s3.localhost:9000', { kind: 'path' }],
    ['localhost:9000', { kind: 'path' }],
    ['bucket.s3.example.test', { kind: 'virtual', bucket: 'bucket' }],
    ['127.0.0.1:9000', { kind: 'path' }],
    ['[::1]:9000', { kind: 'path' }],
    ['minio', { kind: 'path' }],
    ['storage.example.org', { kind: 'path' }],
  ];
  for (const [host, expected] of cases)
    assert.deepEqual(resolveBucketHost(host, ['s3.example.test']), expected, host);
});

test('acl and versioning subresources name their own operations', () => {
  assert.equal(route('GET', '/media?acl').operation.name, 'GetBucketAcl');
  assert.equal(route('PUT', '/media?acl').operation.name, 'PutBucketAcl');
  assert.equal(route('GET', '/media/k?acl').operation.name, 'GetObjectAcl');
  assert.equal(route('PUT', '/media/k?acl').operation.name, 'PutObjectAcl');
  assert.equal(route('PUT', '/media?versioning').operation.name, 'PutBucketVersioning');
  assert.equal(route('GET', '/media/').operation.name, 'ListObjects');
  const raw = route('GET', `/media/${Buffer.from('한글.txt').toString('latin1')}`);
  assert.equal((raw.operation as { key: string }).key, '한글.txt');
});

test('bad resources are refused with S3 error codes', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as S3Error).code;
    }
    return 'none';
  };
  assert.equal(
    code(() => route('PUT', '/Bad_Bucket')),
    'InvalidBucketName',
  );
  assert.equal(
    code(() => route('PUT', '/ab')),
    'InvalidBucketName',
  );
  assert.equal(
    code(() => route('PUT', '/192.168.1.1')),
    'InvalidBucketName',
  );
  assert.equal(
    code(() => route('PUT', `/media/${'k'.repeat(1025)}`)),
    'KeyTooLongError',
  );
  assert.equal(route('PUT', `/media/${'k'.repeat(1024)}`).operation.name, 'PutObject');
  assert.equal(
    code(() => route('PUT', '/media?tagging')),
    'NotImplemented',
  );
  assert.equal(
    code(() => route('PUT', '/media/k?tagging')),
    'NotImplemented',
  );
  for (const name of ['a-.b', 'a.-b', 'sthree-x', 'x--x-s3', 'x--ol-s3']) {
    assert.equal(
      code(() => route('PUT', `/${name}`)),
      'InvalidBucketName',
      name,
    );
  }
  assert.equal(
    code(() => route('GET', '/media/a%00b')),
    'InvalidURI',
  );
  assert.equal(
    code(() => route('DELETE', '/media/k?acl')),
    'MethodNotAllowed',
  );
  assert.equal(
    code(() => route('PATCH', '/media/k')),
    'MethodNotAllowed',
  );
  assert.equal(
    code(() => route('GET', '/media/%E0%A4%A')),
    'InvalidURI',
  );
});

test('bucket policy, Block Public Access, Object Ownership and the never-set subresources route to their operations', () => {
  const table: [string, string, string][] = [
    ['PUT', '/media?policy', 'PutBucketPolicy'],
    ['GET', '/media?policy', 'GetBucketPolicy'],
    ['DELETE', '/media?policy', 'DeleteBucketPolicy'],
    ['GET', '/media?policyStatus', 'GetBucketPolicyStatus'],
    ['PUT', '/media?publicAccessBlock', 'PutPublicAccessBlock'],
    ['GET', '/media?publicAccessBlock', 'GetPublicAccessBlock'],
    ['DELETE', '/media?publicAccessBlock', 'DeletePublicAccessBlock'],
    ['PUT', '/media?ownershipControls', 'PutBucketOwnershipControls'],
    ['GET', '/media?ownershipControls', 'GetBucketOwnershipControls'],
    ['DELETE', '/media?ownershipControls', 'DeleteBucketOwnershipControls'],
    ['GET', '/media?website', 'GetBucketWebsite'],
    ['GET', '/media?lifecycle', 'GetBucketLifecycleConfiguration'],
    ['GET', '/media?replication', 'GetBucketReplication'],
    ['GET', '/media?encryption', 'GetBucketEncryption'],
    ['GET', '/media?logging', 'GetBucketLogging'],
    ['GET', '/media?accelerate', 'GetBucketAccelerateConfiguration'],
    ['GET', '/media?requestPayment', 'GetBucketRequestPayment'],
    ['GET', '/media?tagging', 'GetBucketTagging'],
    ['GET', '/media?object-lock', 'GetObjectLockConfiguration'],
  ];
  for (const [method, target, name] of table)
    assert.equal(route(method, target).operation.name, name, target);
  assert.throws(
    () => route('PUT', '/media?website'),
    (e: unknown) => (e as S3Error).code === 'NotImplemented',
  );
});
