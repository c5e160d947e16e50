// Conditional deletes (S3 User Guide "How to perform conditional deletes"; S3 API Reference DeleteObject,
// DeleteObjects `ObjectIdentifier`): If-Match (an ETag, or `*` for "exists"), and the last-modified time and
// size conditions. Parsed from headers or from a DeleteObjects <Object>; checked against the current object
// inside the store's delete commit, so nothing changes between the check and the delete.

import { etagMatchesStrong, parseHttpDate } from '../http/index.ts';
import type { StoredObject } from '../store/index.ts';
import { childNode, type XmlNode } from '../xml/index.ts';
import { S3Error } from './s3-error.ts';

export type DeleteConditions = {
  readonly ifMatch?: string;
  readonly lastModifiedTime?: Date;
  readonly size?: number;
};

function parseSize(value: string, name: string): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new S3Error('InvalidArgument', {
      message: `Invalid ${name} value.`,
      extra: { ArgumentName: name, ArgumentValue: value },
    });
  }
  return n;
}

function parseTime(value: string, name: string, parse: (v: string) => Date | undefined): Date {
  const date = parse(value.trim());
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new S3Error('InvalidArgument', {
      message: `Invalid ${name} value.`,
      extra: { ArgumentName: name, ArgumentValue: value },
    });
  }
  return date;
}

/** DeleteObject's `If-Match`, `x-amz-if-match-last-modified-time` (an HTTP date) and `x-amz-if-match-size`. */
export function deleteConditionsFromHeaders(header: (name: string) => string | undefined): DeleteConditions {
  const ifMatch = header('if-match');
  const time = header('x-amz-if-match-last-modified-time');
  const size = header('x-amz-if-match-size');
  return {
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(time !== undefined
      ? { lastModifiedTime: parseTime(time, 'x-amz-if-match-last-modified-time', parseHttpDate) }
      : {}),
    ...(size !== undefined ? { size: parseSize(size, 'x-amz-if-match-size') } : {}),
  };
}

/** A DeleteObjects `<Object>`'s `ETag`, `LastModifiedTime` (ISO 8601) and `Size`. */
export function deleteConditionsFromObject(object: XmlNode): DeleteConditions {
  const etag = childNode(object, 'ETag')?.text.trim();
  const time = childNode(object, 'LastModifiedTime')?.text;
  const size = childNode(object, 'Size')?.text;
  return {
    ...(etag !== undefined ? { ifMatch: etag } : {}),
    ...(time !== undefined
      ? { lastModifiedTime: parseTime(time, 'LastModifiedTime', (v) => new Date(v)) }
      : {}),
    ...(size !== undefined ? { size: parseSize(size, 'Size') } : {}),
  };
}

const failed = (condition: string) => new S3Error('PreconditionFailed', { extra: { Condition: condition } });

/**
 * If-Match on a key with no object → 404 NoSuchKey; an ETag that differs → 412. The time and size
 * conditions compare with the current object (the time to the second, the precision it travels in) and pass
 * when there is no object, as the API Reference describes them.
 */
export function checkDeleteConditions(
  key: string,
  current: StoredObject | undefined,
  conditions: DeleteConditions,
): void {
  if (conditions.ifMatch !== undefined) {
    if (current === undefined) throw new S3Error('NoSuchKey', { extra: { Key: key } });
    if (!etagMatchesStrong(conditions.ifMatch, current.etag)) throw failed('If-Match');
  }
  if (current === undefined) return;
  const time = conditions.lastModifiedTime;
  if (
    time !== undefined &&
    Math.floor(time.getTime() / 1000) !== Math.floor(current.lastModified.getTime() / 1000)
  ) {
    throw failed('x-amz-if-match-last-modified-time');
  }
  if (conditions.size !== undefined && conditions.size !== current.size) throw failed('x-amz-if-match-size');
}

export function hasDeleteConditions(conditions: DeleteConditions): boolean {
  return (
    conditions.ifMatch !== undefined ||
    conditions.lastModifiedTime !== undefined ||
    conditions.size !== undefined
  );
}
