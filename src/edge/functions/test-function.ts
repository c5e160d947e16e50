// TestFunction as the CloudFront API answers it: the function runs against the event object the caller
// supplies, and the result is ComputeUtilization, FunctionExecutionLogs, FunctionErrorMessage and
// FunctionOutput (a JSON string {"request": …} or {"response": …}). Sources: the TestFunction API reference
// and "Test functions" (the context fields distributionDomainName, distributionId and requestId may be
// omitted; origin modifications are not tested).

import type { CompiledFunction } from './compile-function.ts';
import type { FunctionEngine } from './function-engine.ts';
import type { FunctionEvent } from './function-event.ts';
import { FUNCTION_BLOB_MAX_BYTES } from './function-limits.ts';
import type { KeyValueStore } from './key-value-store.ts';
import { runFunction } from './run-function.ts';

export interface TestResult {
  readonly ComputeUtilization: string;
  readonly FunctionExecutionLogs: readonly string[];
  readonly FunctionErrorMessage: string;
  readonly FunctionOutput: string;
}

export type TestFunctionAnswer =
  | { readonly ok: true; readonly result: TestResult }
  | { readonly ok: false; readonly code: 'InvalidArgument'; readonly message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The caller's event object, completed the way CloudFront completes a test event. */
export function parseTestEvent(eventObject: string | Uint8Array): FunctionEvent | string {
  const text = typeof eventObject === 'string' ? eventObject : Buffer.from(eventObject).toString('utf8');
  if (Buffer.byteLength(text) > FUNCTION_BLOB_MAX_BYTES)
    return `EventObject exceeds ${FUNCTION_BLOB_MAX_BYTES} bytes`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'EventObject is not valid JSON';
  }
  if (!isObject(parsed)) return 'EventObject must be a JSON object';
  const context = isObject(parsed.context) ? parsed.context : {};
  const eventType = context.eventType ?? 'viewer-request';
  if (eventType !== 'viewer-request' && eventType !== 'viewer-response') {
    return 'context.eventType must be viewer-request or viewer-response';
  }
  if (!isObject(parsed.request)) return 'EventObject needs a request object';
  if (eventType === 'viewer-response' && !isObject(parsed.response))
    return 'A viewer-response EventObject needs a response object';
  const request = parsed.request;
  const event = {
    ...parsed,
    version: '1.0',
    context: { ...context, eventType },
    viewer: isObject(parsed.viewer) ? parsed.viewer : { ip: '' },
    request: {
      ...request,
      method: typeof request.method === 'string' ? request.method : 'GET',
      uri: typeof request.uri === 'string' ? request.uri : '/',
      querystring: isObject(request.querystring) ? request.querystring : {},
      headers: isObject(request.headers) ? request.headers : {},
      cookies: isObject(request.cookies) ? request.cookies : {},
    },
    ...(isObject(parsed.response) ? { response: { headers: {}, cookies: {}, ...parsed.response } } : {}),
  };
  return event as unknown as FunctionEvent;
}

function rawQueryFromEvent(event: FunctionEvent): string {
  return Object.entries(event.request.querystring)
    .flatMap(([name, entry]) => (entry.multiValue ?? [entry]).map((item) => `${name}=${item.value}`))
    .join('&');
}

export async function testFunction(
  engine: FunctionEngine,
  fn: CompiledFunction,
  eventObject: string | Uint8Array,
  keyValueStore?: KeyValueStore,
): Promise<TestFunctionAnswer> {
  const event = parseTestEvent(eventObject);
  if (typeof event === 'string') return { ok: false, code: 'InvalidArgument', message: event };
  const run = await runFunction(engine, fn, event, {
    rawQueryString: rawQueryFromEvent(event),
    ...(keyValueStore === undefined ? {} : { keyValueStore }),
  });
  const common = {
    ComputeUtilization: String(run.record.computeUtilization),
    FunctionExecutionLogs: run.record.logs,
  };
  if (run.kind === 'error') {
    return { ok: true, result: { ...common, FunctionErrorMessage: run.message, FunctionOutput: '' } };
  }
  // The handler's own return value, under the key for what it is (cfft's expect.json files show this shape).
  const output = run.kind === 'request' ? { request: run.record.output } : { response: run.record.output };
  return {
    ok: true,
    result: { ...common, FunctionErrorMessage: '', FunctionOutput: JSON.stringify(output) },
  };
}
