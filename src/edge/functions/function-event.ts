// The `event` object CloudFront passes to a function ("CloudFront Functions event structure"): version
// 1.0, context {distributionDomainName, distributionId, eventType, requestId}, viewer {ip}, request {method,
// uri, querystring, headers, cookies} and, for viewer-response, response {statusCode, statusDescription,
// headers, cookies}. Names are lower-case; a repeated name carries every value in `multiValue`. The Cookie
// request header becomes `cookies` and Set-Cookie response headers become response `cookies`; disallowed
// headers are not exposed. Query values stay as received (docs/decisions/functions-event-and-output.md).

import type { FunctionEventType } from './function-limits.ts';
import { isDisallowedHeader } from './restricted-headers.ts';

export interface EventValue {
  value: string;
  multiValue?: { value: string }[];
}
export type EventValueMap = Record<string, EventValue>;

export interface EventResponseCookie {
  value: string;
  attributes: string;
  multiValue?: { value: string; attributes: string }[];
}
export type EventResponseCookieMap = Record<string, EventResponseCookie>;

export interface EventRequest {
  method: string;
  uri: string;
  querystring: EventValueMap;
  headers: EventValueMap;
  cookies: EventValueMap;
}

export interface EventResponse {
  statusCode: number;
  statusDescription?: string;
  headers: EventValueMap;
  cookies: EventResponseCookieMap;
}

export interface EventContext {
  distributionDomainName?: string;
  distributionId?: string;
  eventType: FunctionEventType;
  requestId?: string;
}

export interface FunctionEvent {
  version: '1.0';
  context: EventContext;
  viewer: { ip: string };
  request: EventRequest;
  response?: EventResponse;
}

export type HeaderList = readonly (readonly [string, string])[];

/** Maps are built without a prototype so a name like `__proto__` stays data, then copied to plain objects. */
function emptyMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function plain<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map));
}

function addValue(map: EventValueMap, name: string, value: string): void {
  const existing = map[name];
  if (existing === undefined) {
    map[name] = { value };
    return;
  }
  existing.multiValue ??= [{ value: existing.value }];
  existing.multiValue.push({ value });
}

/** `a=1&b&a=2` → {a: {value: '1', multiValue: [...]}, b: {value: ''}}, names and values as received. */
export function eventQuerystring(rawQuery: string | undefined): EventValueMap {
  const map = emptyMap<EventValue>();
  if (rawQuery === undefined || rawQuery === '') return {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    addValue(map, at === -1 ? pair : pair.slice(0, at), at === -1 ? '' : pair.slice(at + 1));
  }
  return plain(map);
}

function parseCookieHeader(map: EventValueMap, header: string): void {
  for (const part of header.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const at = trimmed.indexOf('=');
    addValue(
      map,
      at === -1 ? trimmed : trimmed.slice(0, at).trim(),
      at === -1 ? '' : trimmed.slice(at + 1).trim(),
    );
  }
}

export interface ViewerRequestFacts {
  readonly method: string;
  /** The path as received, without the query string. */
  readonly uri: string;
  /** Without the `?`; undefined when the request had none. */
  readonly rawQuery?: string;
  readonly headers: HeaderList;
}

export function eventRequest(facts: ViewerRequestFacts): EventRequest {
  const headers = emptyMap<EventValue>();
  const cookies = emptyMap<EventValue>();
  for (const [rawName, value] of facts.headers) {
    const name = rawName.toLowerCase();
    if (isDisallowedHeader(name)) continue;
    if (name === 'cookie') parseCookieHeader(cookies, value);
    else addValue(headers, name, value);
  }
  return {
    method: facts.method,
    uri: facts.uri,
    querystring: eventQuerystring(facts.rawQuery),
    headers: plain(headers),
    cookies: plain(cookies),
  };
}

function parseSetCookie(cookies: EventResponseCookieMap, header: string): void {
  const semicolon = header.indexOf(';');
  const pair = semicolon === -1 ? header : header.slice(0, semicolon);
  const attributes = semicolon === -1 ? '' : header.slice(semicolon + 1).trim();
  const at = pair.indexOf('=');
  const name = (at === -1 ? pair : pair.slice(0, at)).trim();
  const value = at === -1 ? '' : pair.slice(at + 1).trim();
  const existing = cookies[name];
  if (existing === undefined) {
    cookies[name] = { value, attributes };
    return;
  }
  existing.multiValue ??= [{ value: existing.value, attributes: existing.attributes }];
  existing.multiValue.push({ value, attributes });
}

export interface ViewerResponseFacts {
  readonly statusCode: number;
  readonly statusDescription?: string;
  readonly headers: HeaderList;
}

export function eventResponse(facts: ViewerResponseFacts): EventResponse {
  const headers = emptyMap<EventValue>();
  const cookies = emptyMap<EventResponseCookie>();
  for (const [rawName, value] of facts.headers) {
    const name = rawName.toLowerCase();
    if (isDisallowedHeader(name)) continue;
    if (name === 'set-cookie') parseSetCookie(cookies, value);
    else addValue(headers, name, value);
  }
  return {
    statusCode: facts.statusCode,
    ...(facts.statusDescription === undefined ? {} : { statusDescription: facts.statusDescription }),
    headers: plain(headers),
    cookies: plain(cookies),
  };
}

export interface EventDistribution {
  readonly distributionDomainName: string;
  readonly distributionId: string;
  readonly requestId: string;
  readonly viewerIp: string;
}

export function viewerRequestEvent(distribution: EventDistribution, request: EventRequest): FunctionEvent {
  return {
    version: '1.0',
    context: {
      distributionDomainName: distribution.distributionDomainName,
      distributionId: distribution.distributionId,
      eventType: 'viewer-request',
      requestId: distribution.requestId,
    },
    viewer: { ip: distribution.viewerIp },
    request,
  };
}

export function viewerResponseEvent(
  distribution: EventDistribution,
  request: EventRequest,
  response: EventResponse,
): FunctionEvent {
  return {
    ...viewerRequestEvent(distribution, request),
    context: {
      distributionDomainName: distribution.distributionDomainName,
      distributionId: distribution.distributionId,
      eventType: 'viewer-response',
      requestId: distribution.requestId,
    },
    response,
  };
}
