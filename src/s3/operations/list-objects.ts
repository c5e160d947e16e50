// ListObjectsV2, ListObjects (v1) and ListObjectVersions for unversioned buckets (spec s3.md §B.4).

import type { StoredObject } from '../../store/index.ts';
import { el, renderXmlDocument, S3_XMLNS, type XmlChild } from '../../xml/index.ts';
import { S3Error } from '../s3-error.ts';
import { OWNER, type S3Deps, type S3Request, type S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';

const MAX_KEYS = 1000;
const TOKEN_PREFIX = 'fg1:';

function parseMaxKeys(value: string | undefined, name = 'max-keys'): number {
  if (value === undefined) return MAX_KEYS;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new S3Error('InvalidArgument', {
      message: 'Provided max-keys not an integer or within integer range',
      extra: { ArgumentName: name, ArgumentValue: value },
    });
  }
  return Math.min(Number(value), MAX_KEYS);
}

/**
 * `encoding-type=url`: RFC 3986 percent-encoding of everything but unreserved characters and `/` — a space is
 * `%20`, `+` is `%2B`, `(` is `%28` (s3-tests `test_bucket_listv2_encoding_basic` pins `quux%20ab/`, `foo%2B1/`).
 */
export function urlEncodeKey(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function listingEncoder(request: S3Request): (value: string | undefined) => string | undefined {
  const type = request.route.query.get('encoding-type');
  if (type === undefined) return (v) => v;
  if (type !== 'url') {
    throw new S3Error('InvalidArgument', {
      message: 'Invalid Encoding Method specified in Request',
      extra: { ArgumentName: 'encoding-type', ArgumentValue: type },
    });
  }
  return (v) => (v === undefined ? undefined : urlEncodeKey(v));
}

export function encodeContinuationToken(after: string): string {
  return Buffer.from(TOKEN_PREFIX + after, 'utf8').toString('base64');
}

export function decodeContinuationToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX) || Buffer.from(text, 'utf8').toString('base64') !== token) {
    throw new S3Error('InvalidArgument', {
      message: 'The continuation token provided is incorrect',
      extra: { ArgumentName: 'continuation-token' },
    });
  }
  return text.slice(TOKEN_PREFIX.length);
}

function contents(
  object: StoredObject,
  encode: (v: string) => string | undefined,
  withOwner: boolean,
): XmlChild {
  return el('Contents', [
    el('Key', encode(object.key)),
    el('LastModified', object.lastModified.toISOString()),
    el('ETag', object.etag),
    el('Size', object.size),
    withOwner && el('Owner', [el('ID', OWNER.ID), el('DisplayName', OWNER.DisplayName)]),
    el('StorageClass', 'STANDARD'),
  ]);
}

async function page(request: S3Request, deps: S3Deps, after: string | undefined, maxKeys: number) {
  const { bucket } = request.route.operation as { bucket: string };
  const prefix = request.route.query.get('prefix') || undefined;
  const delimiter = request.route.query.get('delimiter') || undefined;
  if (maxKeys === 0)
    return { prefix, delimiter, page: { objects: [], commonPrefixes: [], isTruncated: false } as const };
  const result = await withStore(
    () => deps.store.listObjects(bucket, { prefix, delimiter, after, maxKeys }),
    {
      bucket,
    },
  );
  return { prefix, delimiter, page: result };
}

const xml = (body: string): S3Response => ({
  status: 200,
  headers: { 'Content-Type': 'application/xml' },
  body,
});

export async function listObjectsV2(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const q = request.route.query;
  const { bucket } = request.route.operation as { bucket: string };
  const encode = listingEncoder(request);
  const maxKeys = parseMaxKeys(q.get('max-keys'));
  const token = q.get('continuation-token');
  const startAfter = q.get('start-after') || undefined;
  const after = token !== undefined ? decodeContinuationToken(token) : startAfter;
  const { prefix, delimiter, page: p } = await page(request, deps, after, maxKeys);
  const fetchOwner = q.get('fetch-owner') === 'true';
  const next =
    p.isTruncated && 'lastReturned' in p && p.lastReturned
      ? encodeContinuationToken(p.lastReturned)
      : undefined;
  return xml(
    renderXmlDocument(
      el(
        'ListBucketResult',
        [
          el('Name', bucket),
          el('Prefix', encode(prefix ?? '')),
          delimiter !== undefined && el('Delimiter', encode(delimiter)),
          el('MaxKeys', maxKeys),
          el('KeyCount', p.objects.length + p.commonPrefixes.length),
          el('IsTruncated', p.isTruncated),
          q.get('encoding-type') !== undefined && el('EncodingType', 'url'),
          token !== undefined && el('ContinuationToken', token),
          next !== undefined && el('NextContinuationToken', next),
          startAfter !== undefined && el('StartAfter', encode(startAfter)),
          ...p.objects.map((o) => contents(o, (v) => encode(v) ?? v, fetchOwner)),
          ...p.commonPrefixes.map((cp) => el('CommonPrefixes', [el('Prefix', encode(cp))])),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}

export async function listObjectsV1(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const q = request.route.query;
  const { bucket } = request.route.operation as { bucket: string };
  const encode = listingEncoder(request);
  const maxKeys = parseMaxKeys(q.get('max-keys'));
  const marker = q.get('marker') || undefined;
  const { prefix, delimiter, page: p } = await page(request, deps, marker, maxKeys);
  const last = 'lastReturned' in p ? p.lastReturned : undefined;
  return xml(
    renderXmlDocument(
      el(
        'ListBucketResult',
        [
          el('Name', bucket),
          el('Prefix', encode(prefix ?? '')),
          el('Marker', encode(marker ?? '')),
          // NextMarker only with a delimiter (spec s3.md §B.4); clients use the last Key otherwise.
          p.isTruncated && delimiter !== undefined && last !== undefined && el('NextMarker', encode(last)),
          el('MaxKeys', maxKeys),
          delimiter !== undefined && el('Delimiter', encode(delimiter)),
          el('IsTruncated', p.isTruncated),
          q.get('encoding-type') !== undefined && el('EncodingType', 'url'),
          ...p.objects.map((o) => contents(o, (v) => encode(v) ?? v, true)),
          ...p.commonPrefixes.map((cp) => el('CommonPrefixes', [el('Prefix', encode(cp))])),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}

export async function listObjectVersions(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const q = request.route.query;
  const { bucket } = request.route.operation as { bucket: string };
  const encode = listingEncoder(request);
  const maxKeys = parseMaxKeys(q.get('max-keys'));
  const keyMarker = q.get('key-marker') || undefined;
  const { prefix, delimiter, page: p } = await page(request, deps, keyMarker, maxKeys);
  const last = 'lastReturned' in p ? p.lastReturned : undefined;
  return xml(
    renderXmlDocument(
      el(
        'ListVersionsResult',
        [
          el('Name', bucket),
          el('Prefix', encode(prefix ?? '')),
          el('KeyMarker', encode(keyMarker ?? '')),
          el('VersionIdMarker', ''),
          p.isTruncated && last !== undefined && el('NextKeyMarker', encode(last)),
          p.isTruncated && el('NextVersionIdMarker', 'null'),
          el('MaxKeys', maxKeys),
          delimiter !== undefined && el('Delimiter', encode(delimiter)),
          el('IsTruncated', p.isTruncated),
          q.get('encoding-type') !== undefined && el('EncodingType', 'url'),
          ...p.objects.map((o) =>
            el('Version', [
              el('Key', encode(o.key)),
              el('VersionId', 'null'),
              el('IsLatest', true),
              el('LastModified', o.lastModified.toISOString()),
              el('ETag', o.etag),
              el('Size', o.size),
              el('Owner', [el('ID', OWNER.ID), el('DisplayName', OWNER.DisplayName)]),
              el('StorageClass', 'STANDARD'),
            ]),
          ),
          ...p.commonPrefixes.map((cp) => el('CommonPrefixes', [el('Prefix', encode(cp))])),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}
