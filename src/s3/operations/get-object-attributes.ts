// GetObjectAttributes (S3 API Reference "GetObjectAttributes"): the attributes named by
// `x-amz-object-attributes` — ETag, Checksum, ObjectParts (paged by x-amz-max-parts and
// x-amz-part-number-marker), StorageClass, ObjectSize — without the object's bytes.

import { formatHttpDate } from '../../http/index.ts';
import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { allUsersGranted } from '../acl-permissions.ts';
import { S3Error } from '../s3-error.ts';
import type { OperationOf } from '../route-s3-request.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { withStore } from '../store-errors.ts';
import { xmlResponse } from './xml-response.ts';

const ATTRIBUTES = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;
type Attribute = (typeof ATTRIBUTES)[number];

/** The `x-amz-object-attributes` list (comma-separated; repeated headers arrive joined by commas). */
export function parseObjectAttributes(value: string | undefined): ReadonlySet<Attribute> {
  const names = (value ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) {
    throw new S3Error('InvalidArgument', {
      message:
        'The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty',
    });
  }
  for (const name of names) {
    if (!(ATTRIBUTES as readonly string[]).includes(name)) {
      throw new S3Error('InvalidArgument', {
        message: 'Invalid attribute name specified.',
        extra: { ArgumentName: 'x-amz-object-attributes', ArgumentValue: name },
      });
    }
  }
  return new Set(names as Attribute[]);
}

function parseCount(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new S3Error('InvalidArgument', {
      message: `Provided ${name} not an integer or within integer range`,
      extra: { ArgumentName: name, ArgumentValue: value },
    });
  }
  return n;
}

export async function getObjectAttributes(
  request: S3Request<OperationOf<'GetObjectAttributes'>>,
  deps: S3Deps,
): Promise<S3Response> {
  const { bucket, key } = request.route.operation;
  const object = await withStore(() => deps.store.headObject(bucket, key), { bucket, key });
  if (request.principal.kind === 'anonymous') {
    // Reading an object's attributes is reading the object: its own ACL decides (acl-permissions.ts).
    if (object === undefined && !allUsersGranted(request.bucket?.acl, 'READ'))
      throw new S3Error('AccessDenied');
    if (object !== undefined && !allUsersGranted(object.metadata.acl, 'READ'))
      throw new S3Error('AccessDenied');
  }
  const attributes = parseObjectAttributes(request.header('x-amz-object-attributes'));
  if (object === undefined) throw new S3Error('NoSuchKey', { extra: { Key: key } });
  const maxParts = Math.min(parseCount(request.header('x-amz-max-parts'), 'x-amz-max-parts', 1000), 1000);
  const marker = parseCount(request.header('x-amz-part-number-marker'), 'x-amz-part-number-marker', 0);
  const checksum = object.metadata.checksum;
  const children = [];
  if (attributes.has('ETag')) children.push(el('ETag', object.etag.replace(/"/g, '')));
  if (attributes.has('Checksum') && checksum !== undefined) {
    // The object-level value without the "-N" part count, which ObjectParts carries (PartsCount).
    children.push(
      el('Checksum', [
        el(`Checksum${checksum.algorithm}`, checksum.value.split('-')[0]),
        el('ChecksumType', checksum.type),
      ]),
    );
  }
  if (attributes.has('ObjectParts') && object.partSizes !== undefined) {
    const sizes = object.partSizes;
    const partChecksums = object.metadata.partChecksums;
    const after = sizes.map((size, i) => ({ number: i + 1, size })).filter((p) => p.number > marker);
    const page = after.slice(0, maxParts);
    const truncated = after.length > page.length;
    children.push(
      el('ObjectParts', [
        el('PartsCount', sizes.length),
        el('PartNumberMarker', marker),
        el('NextPartNumberMarker', page.length > 0 ? page[page.length - 1].number : marker),
        el('MaxParts', maxParts),
        el('IsTruncated', truncated),
        // Parts are listed only for objects uploaded with an additional checksum (API Reference,
        // GetObjectAttributesParts "Parts").
        ...(partChecksums !== undefined && checksum !== undefined
          ? page.map((p) =>
              el('Part', [
                el('PartNumber', p.number),
                el('Size', p.size),
                el(`Checksum${checksum.algorithm}`, partChecksums[p.number - 1]),
              ]),
            )
          : []),
      ]),
    );
  }
  if (attributes.has('StorageClass')) children.push(el('StorageClass', 'STANDARD'));
  if (attributes.has('ObjectSize')) children.push(el('ObjectSize', object.size));
  return xmlResponse(renderXmlDocument(el('GetObjectAttributesResponse', children, { xmlns: S3_XMLNS })), {
    'Last-Modified': formatHttpDate(object.lastModified),
  });
}
