// Object metadata ↔ HTTP headers: what PutObject/CreateMultipartUpload/CopyObject(REPLACE) store,
// and what GetObject/HeadObject send back (AWS: "Amazon S3 API Reference" PutObject).

import { formatHttpDate } from '../http/index.ts';
import type { CannedAcl, ObjectMetadata, StoredObject } from '../store/index.ts';
import { cannedAclFromGrantHeaders } from './grant-headers.ts';
import { S3Error } from './s3-error.ts';

const METADATA_MAX_BYTES = 2048;
export const CANNED_ACLS: readonly CannedAcl[] = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
];

export function parseCannedAcl(value: string | undefined): CannedAcl | undefined {
  if (value === undefined) return undefined;
  if (!CANNED_ACLS.includes(value as CannedAcl)) {
    throw new S3Error('InvalidArgument', { extra: { ArgumentName: 'x-amz-acl', ArgumentValue: value } });
  }
  return value as CannedAcl;
}

/** `aws-chunked` is transport framing, not the object's encoding: S3 drops that token (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"). */
export function storedContentEncoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const kept = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t.toLowerCase() !== 'aws-chunked');
  return kept.length > 0 ? kept.join(', ') : undefined;
}

export function metadataFromHeaders(
  header: (name: string) => string | undefined,
  headerNames: readonly string[],
): ObjectMetadata {
  const userMetadata: Record<string, string> = {};
  let size = 0;
  for (const name of headerNames) {
    if (!name.startsWith('x-amz-meta-')) continue;
    const key = name.slice('x-amz-meta-'.length);
    const value = parseMetadataValue(header(name) ?? '');
    userMetadata[key] = value;
    // "the sum of the number of bytes in the UTF-8 encoding of each key and value" (AWS UsingMetadata).
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > METADATA_MAX_BYTES) {
    throw new S3Error('MetadataTooLarge', { extra: { Size: size, MaxSizeAllowed: METADATA_MAX_BYTES } });
  }
  const pick = (name: string) => header(name);
  return {
    contentType: pick('content-type') ?? 'binary/octet-stream',
    contentEncoding: storedContentEncoding(pick('content-encoding')),
    contentDisposition: pick('content-disposition'),
    contentLanguage: pick('content-language'),
    cacheControl: pick('cache-control'),
    expires: pick('expires'),
    userMetadata,
    acl: parseCannedAcl(pick('x-amz-acl')) ?? cannedAclFromGrantHeaders(header, headerNames),
    // Validated for the operation by requestedServerSideEncryption (request-preconditions.ts).
    ...(pick('x-amz-server-side-encryption') === 'AES256' ? { serverSideEncryption: 'AES256' as const } : {}),
  };
}

/** Headers GET/HEAD (and 304s) carry for a stored object; optional members only when set. */
export function objectHeaders(object: StoredObject): Record<string, string> {
  const m = object.metadata;
  const headers: Record<string, string> = {
    'Last-Modified': formatHttpDate(object.lastModified),
    ETag: object.etag,
  };
  if (m.cacheControl !== undefined) headers['Cache-Control'] = m.cacheControl;
  if (m.contentDisposition !== undefined) headers['Content-Disposition'] = m.contentDisposition;
  if (m.contentEncoding !== undefined) headers['Content-Encoding'] = m.contentEncoding;
  if (m.contentLanguage !== undefined) headers['Content-Language'] = m.contentLanguage;
  if (m.expires !== undefined) headers.Expires = m.expires;
  Object.assign(headers, encryptionHeaders(m));
  for (const [name, value] of Object.entries(m.userMetadata)) {
    headers[`x-amz-meta-${name}`] = renderMetadataValue(value);
  }
  return headers;
}

/** `x-amz-server-side-encryption` for objects written with SSE-S3 (PUT, GET, HEAD, copy and multipart answers). */
export function encryptionHeaders(metadata: ObjectMetadata): Record<string, string> {
  return metadata.serverSideEncryption
    ? { 'x-amz-server-side-encryption': metadata.serverSideEncryption }
    : {};
}

const ENCODED_WORD = /^=\?([A-Za-z0-9_-]+)\?([BbQq])\?([^?]*)\?=$/;

/**
 * A user metadata value as received: S3 "character decodes" RFC 2047 encoded words before storing (AWS
 * UsingMetadata), so `=?UTF-8?B?w6k=?=` is stored as `é`. Anything else is kept as the bytes arrived (read as
 * ISO-8859-1, which is how Node hands header bytes over). Unknown charsets are kept verbatim.
 */
export function parseMetadataValue(value: string): string {
  const words = value.trim().split(/\s+/);
  if (words.length === 0 || !words.every((w) => ENCODED_WORD.test(w))) return value;
  const parts: Buffer[] = [];
  let charset: BufferEncoding | undefined;
  for (const word of words) {
    const [, name, kind, text] = ENCODED_WORD.exec(word) as RegExpExecArray;
    const lower = name.toLowerCase();
    const encoding: BufferEncoding | undefined =
      lower === 'utf-8' || lower === 'us-ascii' ? 'utf8' : lower === 'iso-8859-1' ? 'latin1' : undefined;
    if (encoding === undefined || (charset !== undefined && charset !== encoding)) return value;
    charset = encoding;
    parts.push(
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            'latin1',
          ),
    );
  }
  return Buffer.concat(parts).toString(charset);
}

/**
 * User metadata values with anything but printable ASCII go out RFC 2047-encoded, as S3 documents
 * ("Working with object metadata"): the stored text, UTF-8 encoded and base64'd. Raw UTF-8 sent without
 * encoding was stored byte-per-character, so it comes back double-encoded exactly like AWS's own example
 * (`ÄMÄZÕÑ S3` → `=?UTF-8?B?w4PChE3Dg8KEWsODwpXDg8KRIFMz?=`); encoded words sent in come back as sent (B form).
 */
export function renderMetadataValue(value: string): string {
  if (/^[\x20-\x7e\t]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}
