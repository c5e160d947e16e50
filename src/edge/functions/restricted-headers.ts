// Headers a CloudFront function cannot see or change ("Restrictions on all edge functions", HTTP headers).
// Disallowed headers are never exposed and adding one fails CloudFront's validation (502); read-only
// headers can be read but not added, modified or removed.

import type { FunctionEventType } from './function-limits.ts';

const DISALLOWED_EXACT = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);
const DISALLOWED_PREFIXES = ['x-amz-cf-', 'x-edge-'];

const READ_ONLY: Readonly<Record<FunctionEventType, ReadonlySet<string>>> = {
  'viewer-request': new Set(['content-length', 'host', 'transfer-encoding', 'via']),
  'viewer-response': new Set(['content-encoding', 'content-length', 'transfer-encoding', 'warning', 'via']),
};

export function isDisallowedHeader(lowerName: string): boolean {
  return (
    DISALLOWED_EXACT.has(lowerName) || DISALLOWED_PREFIXES.some((prefix) => lowerName.startsWith(prefix))
  );
}

export function isReadOnlyHeader(eventType: FunctionEventType, lowerName: string): boolean {
  return READ_ONLY[eventType].has(lowerName);
}

export function readOnlyHeaders(eventType: FunctionEventType): readonly string[] {
  return [...READ_ONLY[eventType]];
}
