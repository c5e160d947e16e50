// Between the edge's own request and response records and a function's event: what the function is
// given, and how its result replaces the request (viewer-request) or the response (viewer-response).

import { STATUS_CODES } from 'node:http';
import type { EdgeResponse, HeaderPairs } from '../edge-response.ts';
import type { ViewerHeaders } from '../viewer-request.ts';
import type { HeaderList, ViewerRequestFacts, ViewerResponseFacts } from './function-event.ts';
import type { RequestAfterFunction, ResponseFromFunction } from './function-output.ts';
import { isDisallowedHeader } from './restricted-headers.ts';

/** node's header record (lower-case names, arrays for repeats) as ordered pairs. */
export function headerListOf(headers: ViewerHeaders): HeaderList {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const item of value) pairs.push([name, item]);
  }
  return pairs;
}

export function viewerRequestFacts(
  method: string,
  rawPath: string,
  rawQuery: string | undefined,
  headers: ViewerHeaders,
): ViewerRequestFacts {
  return {
    method,
    uri: rawPath,
    ...(rawQuery === undefined ? {} : { rawQuery }),
    headers: headerListOf(headers),
  };
}

/** The header record the rest of the pipeline reads after a viewer-request function. */
export function viewerHeadersAfterFunction(request: RequestAfterFunction): ViewerHeaders {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of request.headers) {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (typeof existing === 'string')
      headers[name] = name === 'cookie' ? `${existing}; ${value}` : [existing, value];
    else existing.push(value);
  }
  return Object.fromEntries(Object.entries(headers));
}

/** The request target after a viewer-request function: its uri, and its query when it has one. */
export function targetAfterFunction(request: RequestAfterFunction): string {
  return request.rawQuery === '' ? request.uri : `${request.uri}?${request.rawQuery}`;
}

/** A response the viewer-request function generated, as the edge sends it. */
export function generatedResponse(response: ResponseFromFunction): EdgeResponse {
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body === undefined ? { kind: 'none' } : { kind: 'bytes', bytes: response.body },
    resultType: 'FunctionGeneratedResponse',
    generated: 'function',
  };
}

/** The response as a viewer-response function sees it; the description is the status code's reason phrase. */
export function viewerResponseFacts(response: EdgeResponse): ViewerResponseFacts {
  const statusDescription = STATUS_CODES[response.status];
  return {
    statusCode: response.status,
    ...(statusDescription === undefined ? {} : { statusDescription }),
    headers: response.headers,
  };
}

/** The block CloudFront appends to every response (response-headers stage); it stays last, as sent. */
const CLOUDFRONT_BLOCK = new Set(['x-cache', 'via', 'x-amz-cf-pop', 'x-amz-cf-id', 'age']);

/**
 * The response after a viewer-response function: its status and headers, the original body. Headers the
 * function could not see (disallowed ones such as X-Cache and X-Amz-Cf-Id) and CloudFront's own block come
 * back from the original response, at the end; header names the response already had keep their case.
 */
export function responseAfterViewerFunction(
  response: EdgeResponse,
  result: ResponseFromFunction,
): EdgeResponse {
  const originalCase = new Map<string, string>();
  for (const [name] of response.headers)
    if (!originalCase.has(name.toLowerCase())) originalCase.set(name.toLowerCase(), name);
  const fromFunction: HeaderPairs = result.headers
    .filter(([name]) => !CLOUDFRONT_BLOCK.has(name))
    .map(([name, value]) => [originalCase.get(name) ?? name, value] as const);
  const kept = response.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    return isDisallowedHeader(lower) && !CLOUDFRONT_BLOCK.has(lower);
  });
  const block = response.headers.filter(([name]) => CLOUDFRONT_BLOCK.has(name.toLowerCase()));
  return { ...response, status: result.statusCode, headers: [...fromFunction, ...kept, ...block] };
}

/**
 * A response that replaces one the response-headers stage already finished (a viewer-response function that
 * failed): it gets that response's CloudFront block, with X-Cache naming its own result.
 */
export function withCloudFrontBlockOf(replacement: EdgeResponse, finished: EdgeResponse): EdgeResponse {
  const xCache = `${replacement.xCacheResult ?? replacement.resultType} from cloudfront`;
  const block = finished.headers
    .filter(([name]) => CLOUDFRONT_BLOCK.has(name.toLowerCase()) && name.toLowerCase() !== 'age')
    .map(([name, value]) => [name, name.toLowerCase() === 'x-cache' ? xCache : value] as const);
  return { ...replacement, headers: [...replacement.headers, ...block] };
}
