// Parses a distribution's `CustomErrorResponses`: which origin error codes get a replacement page,
// status and error-caching TTL (AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin", "Generate custom error responses"). Called by parse-distribution-config.ts.

import {
  type JsonObject,
  optionalInteger,
  optionalList,
  optionalString,
  readObject,
  requiredInteger,
} from './aws-json-reader.ts';
import type { CustomErrorResponse } from './compiled-distribution.ts';
import { DistributionConfigError } from './distribution-config-error.ts';

/** Error codes a custom error response may name (AWS: "Generate custom error responses"). */
export const CUSTOM_ERROR_CODES: readonly number[] = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
/** Error-caching minimum TTL when `ErrorCachingMinTTL` is not given (AWS: "Amazon CloudFront Developer Guide", "How CloudFront processes HTTP 4xx and 5xx status codes from your origin"). */
export const DEFAULT_ERROR_CACHING_MIN_TTL_SECONDS = 10;

export function parseCustomErrorResponses(config: JsonObject, path: string): readonly CustomErrorResponse[] {
  const list = optionalList(config, 'CustomErrorResponses', path);
  const seen = new Set<number>();
  return Object.freeze(
    list.items.map((raw, index) => {
      const itemPath = `${list.path}[${index}]`;
      const item = readObject(raw, itemPath);
      const errorCode = requiredInteger(item, 'ErrorCode', itemPath);
      if (!CUSTOM_ERROR_CODES.includes(errorCode))
        throw new DistributionConfigError(
          `${itemPath}.ErrorCode`,
          'InvalidErrorCode',
          `${errorCode} is not one of ${CUSTOM_ERROR_CODES.join(', ')}`,
        );
      if (seen.has(errorCode))
        throw new DistributionConfigError(
          `${itemPath}.ErrorCode`,
          'InvalidArgument',
          `${errorCode} is configured twice`,
        );
      seen.add(errorCode);
      return parseCustomErrorResponse(item, itemPath, errorCode);
    }),
  );
}

function parseCustomErrorResponse(
  item: JsonObject,
  itemPath: string,
  errorCode: number,
): CustomErrorResponse {
  const pagePathRaw = optionalString(item, 'ResponsePagePath', itemPath);
  const responsePagePath = pagePathRaw === '' ? undefined : pagePathRaw;
  // ResponseCode is a string in the API; `""` means not set.
  const responseCodeRaw =
    item.ResponseCode === '' ? undefined : optionalInteger(item, 'ResponseCode', itemPath);
  if (
    responseCodeRaw !== undefined &&
    responseCodeRaw !== 200 &&
    !CUSTOM_ERROR_CODES.includes(responseCodeRaw)
  )
    throw new DistributionConfigError(
      `${itemPath}.ResponseCode`,
      'InvalidResponseCode',
      `${responseCodeRaw} is not 200 or one of ${CUSTOM_ERROR_CODES.join(', ')}`,
    );
  if (responsePagePath !== undefined && !responsePagePath.startsWith('/'))
    throw new DistributionConfigError(`${itemPath}.ResponsePagePath`, 'InvalidArgument', 'must start with /');
  if ((responsePagePath === undefined) !== (responseCodeRaw === undefined))
    throw new DistributionConfigError(
      responsePagePath === undefined ? `${itemPath}.ResponsePagePath` : `${itemPath}.ResponseCode`,
      'InvalidArgument',
      'ResponsePagePath and ResponseCode must be specified together',
    );
  const errorCachingMinTTL =
    optionalInteger(item, 'ErrorCachingMinTTL', itemPath) ?? DEFAULT_ERROR_CACHING_MIN_TTL_SECONDS;
  if (errorCachingMinTTL < 0)
    throw new DistributionConfigError(
      `${itemPath}.ErrorCachingMinTTL`,
      'InvalidArgument',
      'must not be negative',
    );
  return Object.freeze({
    errorCode,
    ...(responsePagePath === undefined ? {} : { responsePagePath }),
    ...(responseCodeRaw === undefined ? {} : { responseCode: responseCodeRaw }),
    errorCachingMinTTL,
  });
}
