// What a function's return value means ("CloudFront Functions event structure": a viewer-request function
// returns the request, possibly modified, or a response it generates; a viewer-response function returns the
// response). A value of the wrong shape is a FunctionExecutionError; adding a disallowed header or changing
// a read-only one fails CloudFront's validation, which the viewer sees as a 502 ("Restrictions on all edge
// functions", HTTP headers). docs/decisions/functions-event-and-output.md records the choices.

import type {
  EventRequest,
  EventResponse,
  EventResponseCookieMap,
  EventValueMap,
  HeaderList,
} from './function-event.ts';
import type { FunctionEventType } from './function-limits.ts';
import { isDisallowedHeader, isReadOnlyHeader } from './restricted-headers.ts';

export type OutputErrorKind = 'FunctionExecutionError' | 'FunctionValidationError';

export interface OutputError {
  readonly kind: 'error';
  readonly error: OutputErrorKind;
  readonly message: string;
}

/** The request the edge continues with after a viewer-request function. */
export interface RequestAfterFunction {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  /** Rebuilt from `querystring`, without `?`; '' when empty. */
  readonly rawQuery: string;
  /** Header pairs, Cookie rebuilt from `cookies`. */
  readonly headers: HeaderList;
  readonly event: EventRequest;
}

/** A response the function generated (viewer-request) or changed (viewer-response). */
export interface ResponseFromFunction {
  readonly kind: 'response';
  readonly statusCode: number;
  readonly statusDescription?: string;
  /** Header pairs, Set-Cookie rebuilt from `cookies`. */
  readonly headers: HeaderList;
  /** A generated response's body; undefined for viewer-response results (the origin's body stays). */
  readonly body?: Buffer;
  readonly event: EventResponse;
}

export type FunctionOutputDecision = RequestAfterFunction | ResponseFromFunction | OutputError;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(error: OutputErrorKind, message: string): OutputError {
  return { kind: 'error', error, message };
}

/** Checks {name: {value, multiValue?}}; returns the problem or undefined. */
function valueMapProblem(map: unknown, field: string, withAttributes = false): string | undefined {
  if (map === undefined) return undefined;
  if (!isObject(map)) return `${field} must be an object`;
  for (const [name, entry] of Object.entries(map)) {
    if (!isObject(entry) || typeof entry.value !== 'string') return `${field}.${name}.value must be a string`;
    if (withAttributes && entry.attributes !== undefined && typeof entry.attributes !== 'string') {
      return `${field}.${name}.attributes must be a string`;
    }
    if (entry.multiValue !== undefined) {
      if (!Array.isArray(entry.multiValue)) return `${field}.${name}.multiValue must be an array`;
      for (const item of entry.multiValue) {
        if (!isObject(item) || typeof item.value !== 'string')
          return `${field}.${name}.multiValue values must be strings`;
      }
    }
  }
  return undefined;
}

function valuesOf(entry: { value: string; multiValue?: { value: string }[] }): string[] {
  return entry.multiValue && entry.multiValue.length > 0
    ? entry.multiValue.map((item) => item.value)
    : [entry.value];
}

function headerPairs(headers: EventValueMap | undefined): [string, string][] {
  return Object.entries(headers ?? {}).flatMap(([name, entry]) =>
    valuesOf(entry).map((v): [string, string] => [name.toLowerCase(), v]),
  );
}

/** Disallowed headers must not appear; read-only headers must keep the values the function was given. */
function headerRuleProblem(
  eventType: FunctionEventType | undefined,
  given: EventValueMap,
  returned: EventValueMap | undefined,
): string | undefined {
  const after = new Map<string, string[]>();
  for (const [name, entry] of Object.entries(returned ?? {})) after.set(name.toLowerCase(), valuesOf(entry));
  for (const name of after.keys()) {
    if (isDisallowedHeader(name)) return `The function added the disallowed header ${name}`;
  }
  const names = new Set([...after.keys(), ...Object.keys(given)]);
  for (const name of names) {
    if (eventType === undefined || !isReadOnlyHeader(eventType, name)) continue;
    const before = given[name] === undefined ? undefined : valuesOf(given[name]!).join('\n');
    const now = after.get(name)?.join('\n');
    if (before !== now) return `The function changed the read-only header ${name}`;
  }
  return undefined;
}

/** Percent-encodes what cannot travel in a query string, leaving existing escapes alone. */
function queryComponent(text: string): string {
  return text.replace(/[^A-Za-z0-9\-._~!$'()*+,;:@/?%=]/g, (ch) => encodeURIComponent(ch));
}

function rawQueryOf(querystring: EventValueMap | undefined): string {
  return Object.entries(querystring ?? {})
    .flatMap(([name, entry]) =>
      valuesOf(entry).map((v) =>
        v === '' ? queryComponent(name) : `${queryComponent(name)}=${queryComponent(v)}`,
      ),
    )
    .join('&');
}

function cookieHeader(cookies: EventValueMap | undefined): string | undefined {
  const pairs = Object.entries(cookies ?? {}).flatMap(([name, entry]) =>
    valuesOf(entry).map((v) => `${name}=${v}`),
  );
  return pairs.length === 0 ? undefined : pairs.join('; ');
}

function setCookieHeaders(cookies: EventResponseCookieMap | undefined): [string, string][] {
  return Object.entries(cookies ?? {}).flatMap(([name, entry]) => {
    const items = entry.multiValue && entry.multiValue.length > 0 ? entry.multiValue : [entry];
    return items.map((item): [string, string] => [
      'set-cookie',
      `${name}=${item.value}${item.attributes ? `; ${item.attributes}` : ''}`,
    ]);
  });
}

/** `generated`: a viewer-request function's own response, where read-only rules have nothing to compare. */
function responseDecision(
  value: Record<string, unknown>,
  eventType: FunctionEventType,
  given: EventValueMap,
  generated: boolean,
): ResponseFromFunction | OutputError {
  const { statusCode, statusDescription } = value;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return fail('FunctionExecutionError', 'statusCode must be an integer from 100 to 599');
  }
  if (statusDescription !== undefined && typeof statusDescription !== 'string') {
    return fail('FunctionExecutionError', 'statusDescription must be a string');
  }
  const problem =
    valueMapProblem(value.headers, 'headers') ?? valueMapProblem(value.cookies, 'cookies', true);
  if (problem !== undefined) return fail('FunctionExecutionError', problem);
  const headers = value.headers as EventValueMap | undefined;
  const rule = headerRuleProblem(generated ? undefined : eventType, given, headers);
  if (rule !== undefined) return fail('FunctionValidationError', rule);
  let body: Buffer | undefined;
  if (generated && value.body !== undefined) {
    const raw = value.body;
    if (typeof raw === 'string') body = Buffer.from(raw, 'utf8');
    else if (
      isObject(raw) &&
      typeof raw.data === 'string' &&
      (raw.encoding === 'text' || raw.encoding === 'base64')
    ) {
      body = Buffer.from(raw.data, raw.encoding === 'base64' ? 'base64' : 'utf8');
    } else
      return fail('FunctionExecutionError', 'body must be a string or {data, encoding: "text" | "base64"}');
  }
  const cookies = value.cookies as EventResponseCookieMap | undefined;
  return {
    kind: 'response',
    statusCode,
    ...(statusDescription === undefined ? {} : { statusDescription }),
    headers: [...headerPairs(headers), ...setCookieHeaders(cookies)],
    ...(body === undefined ? {} : { body }),
    event: {
      statusCode,
      ...(statusDescription === undefined ? {} : { statusDescription }),
      headers: headers ?? {},
      cookies: cookies ?? {},
    },
  };
}

/** The decision for a viewer-request function's return value, given the request it received. */
export function decideViewerRequestOutput(output: unknown, given: EventRequest): FunctionOutputDecision {
  if (!isObject(output))
    return fail('FunctionExecutionError', 'The function must return the request or a response object');
  if ('statusCode' in output) return responseDecision(output, 'viewer-request', {}, true);
  if (output.method !== undefined && output.method !== given.method) {
    return fail('FunctionExecutionError', 'The function cannot change request.method');
  }
  if (typeof output.uri !== 'string' || !output.uri.startsWith('/')) {
    return fail('FunctionExecutionError', 'request.uri must be a string that starts with /');
  }
  const problem =
    valueMapProblem(output.querystring, 'querystring') ??
    valueMapProblem(output.headers, 'headers') ??
    valueMapProblem(output.cookies, 'cookies');
  if (problem !== undefined) return fail('FunctionExecutionError', problem);
  const headers = output.headers as EventValueMap | undefined;
  const rule = headerRuleProblem('viewer-request', given.headers, headers);
  if (rule !== undefined) return fail('FunctionValidationError', rule);
  const cookies = output.cookies as EventValueMap | undefined;
  const cookie = cookieHeader(cookies);
  return {
    kind: 'request',
    method: given.method,
    uri: output.uri,
    rawQuery: rawQueryOf(output.querystring as EventValueMap | undefined),
    headers: [
      ...headerPairs(headers),
      ...(cookie === undefined ? [] : [['cookie', cookie] as [string, string]]),
    ],
    event: {
      method: given.method,
      uri: output.uri,
      querystring: (output.querystring as EventValueMap | undefined) ?? {},
      headers: headers ?? {},
      cookies: cookies ?? {},
    },
  };
}

/** The decision for a viewer-response function's return value, given the response it received. */
export function decideViewerResponseOutput(
  output: unknown,
  given: EventResponse,
): ResponseFromFunction | OutputError {
  if (!isObject(output))
    return fail('FunctionExecutionError', 'The function must return the response object');
  return responseDecision(output, 'viewer-response', given.headers, false);
}
