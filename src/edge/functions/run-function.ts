// One function stage: build the event, invoke, and decide what the return value means. The result carries
// what the trace shows (event in, output, duration, logs) and, on failure, the error CloudFront answers with.

import type { CompiledFunction } from './compile-function.ts';
import type { FunctionEngine, InvocationOutcome } from './function-engine.ts';
import type { EventRequest, EventResponse, FunctionEvent } from './function-event.ts';
import type { FunctionEventType } from './function-limits.ts';
import {
  decideViewerRequestOutput,
  decideViewerResponseOutput,
  type RequestAfterFunction,
  type ResponseFromFunction,
} from './function-output.ts';
import type { KeyValueStore } from './key-value-store.ts';
import type { OriginModification } from './origin-modification.ts';

/** The error types of the access log's x-edge-detailed-result-type for a function that failed. */
export type FunctionErrorType =
  | 'FunctionExecutionError'
  | 'FunctionThrottledError'
  | 'FunctionValidationError';

export interface FunctionRunRecord {
  readonly functionName: string;
  readonly eventType: FunctionEventType;
  readonly event: FunctionEvent;
  /** The handler's return value as JSON data, when it returned. */
  readonly output: unknown;
  readonly durationMs: number;
  readonly computeUtilization: number;
  readonly logs: readonly string[];
  readonly errorMessage?: string;
}

export type FunctionRunResult =
  | {
      readonly kind: 'request';
      readonly request: RequestAfterFunction;
      readonly originModifications: readonly OriginModification[];
      readonly record: FunctionRunRecord;
    }
  | { readonly kind: 'response'; readonly response: ResponseFromFunction; readonly record: FunctionRunRecord }
  | {
      readonly kind: 'error';
      readonly error: FunctionErrorType;
      readonly message: string;
      readonly record: FunctionRunRecord;
    };

export interface FunctionRunOptions {
  readonly rawQueryString?: string;
  readonly keyValueStore?: KeyValueStore;
}

function recordOf(
  fn: CompiledFunction,
  event: FunctionEvent,
  outcome: InvocationOutcome | undefined,
  message?: string,
): FunctionRunRecord {
  return {
    functionName: fn.name,
    eventType: event.context.eventType,
    event,
    output: outcome?.output,
    durationMs: outcome?.durationMs ?? 0,
    computeUtilization: outcome?.computeUtilization ?? 0,
    logs: outcome?.logs ?? [],
    ...(message === undefined ? {} : { errorMessage: message }),
  };
}

export async function runFunction(
  engine: FunctionEngine,
  fn: CompiledFunction,
  event: FunctionEvent,
  options: FunctionRunOptions = {},
): Promise<FunctionRunResult> {
  const problem = fn.problems[0];
  if (problem !== undefined) {
    return {
      kind: 'error',
      error: 'FunctionExecutionError',
      message: problem.message,
      record: recordOf(fn, event, undefined, problem.message),
    };
  }
  const eventType = event.context.eventType;
  const outcome = await engine.invoke({
    program: fn.program,
    runtime: fn.runtime,
    eventType,
    event,
    ...(options.rawQueryString === undefined ? {} : { rawQueryString: options.rawQueryString }),
    ...(options.keyValueStore === undefined ? {} : { keyValueStore: options.keyValueStore }),
  });
  if (outcome.status !== 'succeeded') {
    const message = outcome.errorMessage ?? outcome.status;
    return { kind: 'error', error: outcome.status, message, record: recordOf(fn, event, outcome, message) };
  }
  const decision =
    eventType === 'viewer-request'
      ? decideViewerRequestOutput(outcome.output, event.request as EventRequest)
      : decideViewerResponseOutput(outcome.output, event.response as EventResponse);
  if (decision.kind === 'error') {
    return {
      kind: 'error',
      error: decision.error,
      message: decision.message,
      record: recordOf(fn, event, outcome, decision.message),
    };
  }
  const record = recordOf(fn, event, outcome);
  if (decision.kind === 'request') {
    return { kind: 'request', request: decision, originModifications: outcome.originModifications, record };
  }
  return { kind: 'response', response: decision, record };
}
