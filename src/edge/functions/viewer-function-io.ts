// Between the edge's own request and response records and a function's event: what the function is
// given, and how its result replaces the request (viewer-request) or the response (viewer-response).

import { STATUS_CODES } from 'node:http';
import type { EdgeResponse, HeaderPairs } from '../edge-response.ts';
import type { ViewerHeaders } from '../viewer-request.ts';
import type { HeaderList, ViewerRequestFacts, ViewerResponseFacts } from './function-event.ts';
import type { RequestAfterFunction, ResponseFromFunction } from './function-output.ts';

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

/** The response after a viewer-response function: its status and headers, the original body. Header names the
 *  response already had keep their case. */
export function responseAfterViewerFunction(
  response: EdgeResponse,
  result: ResponseFromFunction,
): EdgeResponse {
  const originalCase = new Map<string, string>();
  for (const [name] of response.headers)
    if (!originalCase.has(name.toLowerCase())) originalCase.set(name.toLowerCase(), name);
  const headers: HeaderPairs = result.headers.map(
    ([name, value]) => [originalCase.get(name) ?? name, value] as const,
  );
  return { ...response, status: result.statusCode, headers };
}
