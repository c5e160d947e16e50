// The two function stages of the edge pipeline. viewer-request runs after the behavior is matched and
// signed access is checked, before the cache lookup (on hits too): it continues with a changed request or
// answers with a generated response. viewer-response runs on the response just before it is sent, except
// when the origin answered 400 or higher ("Restrictions on all edge functions", HTTP status codes).
// A failing function answers with CloudFront's function error page; the record goes to the trace.

import type { KeyValueStore } from './key-value-store.ts';
import type { EdgeResponse } from '../edge-response.ts';
import type { ViewerHeaders } from '../viewer-request.ts';
import type { CompiledFunction } from './compile-function.ts';
import type { FunctionEngine } from './function-engine.ts';
import {
  type EventDistribution,
  eventRequest,
  eventResponse,
  viewerRequestEvent,
  viewerResponseEvent,
} from './function-event.ts';
import { functionErrorResponse } from './function-error-response.ts';
import type { OriginModification } from './origin-modification.ts';
import { type FunctionRunRecord, runFunction } from './run-function.ts';
import {
  generatedResponse,
  responseAfterViewerFunction,
  targetAfterFunction,
  viewerHeadersAfterFunction,
  viewerRequestFacts,
  viewerResponseFacts,
  withCloudFrontBlockOf,
} from './viewer-function-io.ts';

/** How the stages find a function's code and its store at request time. */
export type FunctionStageDeps = {
  readonly engine: FunctionEngine;
  readonly findFunction: (
    functionArn: string,
  ) => { readonly compiled: CompiledFunction; readonly keyValueStoreArn?: string } | undefined;
  readonly keyValueStore: (arn: string) => KeyValueStore | undefined;
};

export type ViewerRequestFunctionInput = {
  readonly functionArn: string;
  readonly distribution: EventDistribution;
  readonly method: string;
  readonly rawPath: string;
  /** Without `?`; undefined when the target had no `?`. */
  readonly rawQuery: string | undefined;
  readonly headers: ViewerHeaders;
};

export type ViewerRequestFunctionResult =
  | {
      readonly kind: 'continue';
      readonly rawPath: string;
      /** '' when the function left no query. */
      readonly rawQuery: string;
      /** `rawPath` plus `?rawQuery` when there is one. */
      readonly rawTarget: string;
      readonly headers: ViewerHeaders;
      readonly originModifications: readonly OriginModification[];
      readonly record: FunctionRunRecord;
    }
  | {
      readonly kind: 'respond';
      readonly response: EdgeResponse;
      readonly record: FunctionRunRecord | undefined;
    };

function missingFunction(arn: string, requestId: string) {
  return {
    kind: 'respond' as const,
    response: functionErrorResponse('FunctionExecutionError', requestId),
    record: undefined,
    missing: arn,
  };
}

export async function runViewerRequestFunction(
  input: ViewerRequestFunctionInput,
  deps: FunctionStageDeps,
): Promise<ViewerRequestFunctionResult> {
  const fn = deps.findFunction(input.functionArn);
  if (fn === undefined) return missingFunction(input.functionArn, input.distribution.requestId);
  const request = eventRequest(
    viewerRequestFacts(input.method, input.rawPath, input.rawQuery, input.headers),
  );
  const store = fn.keyValueStoreArn === undefined ? undefined : deps.keyValueStore(fn.keyValueStoreArn);
  const run = await runFunction(deps.engine, fn.compiled, viewerRequestEvent(input.distribution, request), {
    ...(input.rawQuery === undefined ? {} : { rawQueryString: input.rawQuery }),
    ...(store === undefined ? {} : { keyValueStore: store }),
  });
  if (run.kind === 'error') {
    return {
      kind: 'respond',
      response: functionErrorResponse(run.error, input.distribution.requestId),
      record: run.record,
    };
  }
  if (run.kind === 'response')
    return { kind: 'respond', response: generatedResponse(run.response), record: run.record };
  return {
    kind: 'continue',
    rawPath: run.request.uri,
    rawQuery: run.request.rawQuery,
    rawTarget: targetAfterFunction(run.request),
    headers: viewerHeadersAfterFunction(run.request),
    originModifications: run.originModifications,
    record: run.record,
  };
}

export type ViewerResponseFunctionInput = {
  readonly functionArn: string;
  readonly distribution: EventDistribution;
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string | undefined;
  readonly requestHeaders: ViewerHeaders;
  readonly response: EdgeResponse;
};

/** Whether CloudFront runs the viewer-response function for this response. */
export function runsViewerResponseFunction(response: EdgeResponse): boolean {
  return response.status < 400 && response.generated !== 'function';
}

export async function runViewerResponseFunction(
  input: ViewerResponseFunctionInput,
  deps: FunctionStageDeps,
): Promise<{ readonly response: EdgeResponse; readonly record: FunctionRunRecord | undefined }> {
  const fn = deps.findFunction(input.functionArn);
  if (fn === undefined) return missingFunction(input.functionArn, input.distribution.requestId);
  const request = eventRequest(
    viewerRequestFacts(input.method, input.rawPath, input.rawQuery, input.requestHeaders),
  );
  const response = eventResponse(viewerResponseFacts(input.response));
  const store = fn.keyValueStoreArn === undefined ? undefined : deps.keyValueStore(fn.keyValueStoreArn);
  const run = await runFunction(
    deps.engine,
    fn.compiled,
    viewerResponseEvent(input.distribution, request, response),
    {
      ...(input.rawQuery === undefined ? {} : { rawQueryString: input.rawQuery }),
      ...(store === undefined ? {} : { keyValueStore: store }),
    },
  );
  if (run.kind !== 'response') {
    if (input.response.body.kind === 'stream') await input.response.body.discard();
    const error = run.kind === 'error' ? run.error : 'FunctionExecutionError';
    const page = functionErrorResponse(error, input.distribution.requestId);
    return { response: withCloudFrontBlockOf(page, input.response), record: run.record };
  }
  return { response: responseAfterViewerFunction(input.response, run.response), record: run.record };
}

export type FunctionStageName = 'viewer-request-function' | 'viewer-response-function';

/** How a function stage ended: the request went on, a response was returned, or the function failed. */
export type FunctionOutcome = 'request' | 'response' | 'generated-response' | 'error';

/** What the trace keeps of a function stage: the event in, the value out, time, logs and the outcome. */
export type FunctionTraceEntry = {
  readonly stage: FunctionStageName;
  readonly eventType: 'viewer-request' | 'viewer-response';
  readonly functionArn: string;
  readonly functionName: string;
  readonly outcome: FunctionOutcome;
  /** The error CloudFront answered with, when the outcome is `error`. */
  readonly error?: string;
  readonly event: unknown;
  readonly output: unknown;
  readonly errorMessage?: string;
  readonly durationMs: number;
  readonly computeUtilization: number;
  readonly logs: readonly string[];
};

export function functionTraceEntry(
  stage: FunctionStageName,
  functionArn: string,
  outcome: FunctionOutcome | { readonly error: string },
  record: FunctionRunRecord | undefined,
): FunctionTraceEntry {
  return {
    stage,
    eventType: stage === 'viewer-request-function' ? 'viewer-request' : 'viewer-response',
    functionArn,
    functionName: record?.functionName ?? functionArn.slice(functionArn.lastIndexOf('/') + 1),
    ...(typeof outcome === 'string' ? { outcome } : { outcome: 'error' as const, error: outcome.error }),
    event: record?.event,
    output: record?.output,
    ...(record?.errorMessage === undefined ? {} : { errorMessage: record.errorMessage }),
    durationMs: record?.durationMs ?? 0,
    computeUtilization: record?.computeUtilization ?? 0,
    logs: record?.logs ?? [],
  };
}
