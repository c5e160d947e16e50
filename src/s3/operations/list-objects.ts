// ListObjectsV2, ListObjects (v1) and ListObjectVersions for unversioned buckets (spec s3.md §B.4). The
// three share the request parsing, the page read and the common elements; each adds its own markers.

import type { StoredObject } from '../../store/index.ts';
import { el, renderXmlDocument, S3_XMLNS, type XmlChild } from '../../xml/index.ts';
import type { OperationOf } from '../route-s3-request.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { decodeContinuationToken, encodeContinuationToken } from './continuation-token.ts';
import { listingEncoder } from './listing-encoder.ts';
import { ownerElements, xmlResponse } from './xml-response.ts';

const MAX_KEYS = 1000;

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

/** What every listing reads from its request before choosing where the page starts. */
type ListingRequest = {
  readonly query: S3Request['route']['query'];
  readonly bucket: string;
  readonly encode: (value: string | undefined) => string | undefined;
  readonly maxKeys: number;
};

type ListingS3Request = S3Request<OperationOf<'ListObjects' | 'ListObjectsV2' | 'ListObjectVersions'>>;

function readListingRequest(request: ListingS3Request): ListingRequest {
  const query = request.route.query;
  const { bucket } = request.route.operation;
  const encode = listingEncoder(request);
  return { query, bucket, encode, maxKeys: parseMaxKeys(query.get('max-keys')) };
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
    // Objects stored with a checksum list its algorithm and type, as S3 listings do (API Reference "Object").
    object.metadata.checksum && el('ChecksumAlgorithm', object.metadata.checksum.algorithm),
    object.metadata.checksum && el('ChecksumType', object.metadata.checksum.type),
    el('Size', object.size),
    withOwner && el('Owner', ownerElements()),
    el('StorageClass', 'STANDARD'),
  ]);
}

async function page(request: ListingS3Request, deps: S3Deps, after: string | undefined, maxKeys: number) {
  const { bucket } = request.route.operation;
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

/**
 * The result document: `head` (names, markers, IsTruncated), `EncodingType` when the request asked for it,
 * `entries` (tokens and the objects), then the page's `CommonPrefixes` — the order S3 writes them in.
 */
function renderListing(
  name: 'ListBucketResult' | 'ListVersionsResult',
  listing: ListingRequest,
  parts: {
    readonly head: readonly XmlChild[];
    readonly entries: readonly XmlChild[];
    readonly commonPrefixes: readonly string[];
  },
): S3Response {
  const { query, encode } = listing;
  return xmlResponse(
    renderXmlDocument(
      el(
        name,
        [
          ...parts.head,
          query.get('encoding-type') !== undefined && el('EncodingType', 'url'),
          ...parts.entries,
          ...parts.commonPrefixes.map((cp) => el('CommonPrefixes', [el('Prefix', encode(cp))])),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}

export async function listObjectsV2(
  request: S3Request<OperationOf<'ListObjectsV2'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const listing = readListingRequest(request);
  const { query: q, bucket, encode, maxKeys } = listing;
  const token = q.get('continuation-token');
  const startAfter = q.get('start-after') || undefined;
  const after = token !== undefined ? decodeContinuationToken(token) : startAfter;
  const { prefix, delimiter, page: p } = await page(request, deps, after, maxKeys);
  const fetchOwner = q.get('fetch-owner') === 'true';
  const next =
    p.isTruncated && 'lastReturned' in p && p.lastReturned
      ? encodeContinuationToken(p.lastReturned)
      : undefined;
  return renderListing('ListBucketResult', listing, {
    head: [
      el('Name', bucket),
      el('Prefix', encode(prefix ?? '')),
      delimiter !== undefined && el('Delimiter', encode(delimiter)),
      el('MaxKeys', maxKeys),
      el('KeyCount', p.objects.length + p.commonPrefixes.length),
      el('IsTruncated', p.isTruncated),
    ],
    entries: [
      token !== undefined && el('ContinuationToken', token),
      next !== undefined && el('NextContinuationToken', next),
      startAfter !== undefined && el('StartAfter', encode(startAfter)),
      ...p.objects.map((o) => contents(o, (v) => encode(v) ?? v, fetchOwner)),
    ],
    commonPrefixes: p.commonPrefixes,
  });
}

export async function listObjectsV1(
  request: S3Request<OperationOf<'ListObjects'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const listing = readListingRequest(request);
  const { query: q, bucket, encode, maxKeys } = listing;
  const marker = q.get('marker') || undefined;
  const { prefix, delimiter, page: p } = await page(request, deps, marker, maxKeys);
  const last = 'lastReturned' in p ? p.lastReturned : undefined;
  return renderListing('ListBucketResult', listing, {
    head: [
      el('Name', bucket),
      el('Prefix', encode(prefix ?? '')),
      el('Marker', encode(marker ?? '')),
      // NextMarker only with a delimiter (spec s3.md §B.4); clients use the last Key otherwise.
      p.isTruncated && delimiter !== undefined && last !== undefined && el('NextMarker', encode(last)),
      el('MaxKeys', maxKeys),
      delimiter !== undefined && el('Delimiter', encode(delimiter)),
      el('IsTruncated', p.isTruncated),
    ],
    entries: p.objects.map((o) => contents(o, (v) => encode(v) ?? v, true)),
    commonPrefixes: p.commonPrefixes,
  });
}

export async function listObjectVersions(
  request: S3Request<OperationOf<'ListObjectVersions'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const listing = readListingRequest(request);
  const { query: q, bucket, encode, maxKeys } = listing;
  const keyMarker = q.get('key-marker') || undefined;
  const { prefix, delimiter, page: p } = await page(request, deps, keyMarker, maxKeys);
  const last = 'lastReturned' in p ? p.lastReturned : undefined;
  return renderListing('ListVersionsResult', listing, {
    head: [
      el('Name', bucket),
      el('Prefix', encode(prefix ?? '')),
      el('KeyMarker', encode(keyMarker ?? '')),
      el('VersionIdMarker', ''),
      p.isTruncated && last !== undefined && el('NextKeyMarker', encode(last)),
      p.isTruncated && el('NextVersionIdMarker', 'null'),
      el('MaxKeys', maxKeys),
      delimiter !== undefined && el('Delimiter', encode(delimiter)),
      el('IsTruncated', p.isTruncated),
    ],
    entries: p.objects.map((o) =>
      el('Version', [
        el('Key', encode(o.key)),
        el('VersionId', 'null'),
        el('IsLatest', true),
        el('LastModified', o.lastModified.toISOString()),
        el('ETag', o.etag),
        el('Size', o.size),
        el('Owner', ownerElements()),
        el('StorageClass', 'STANDARD'),
      ]),
    ),
    commonPrefixes: p.commonPrefixes,
  });
}
