// Shared by the functions tests: compile code and run it against an event in one call.

import { type CompiledFunction, compileFunction } from './compile-function.ts';
import type { FunctionEngine } from './function-engine.ts';
import {
  type EventDistribution,
  eventRequest,
  eventResponse,
  type FunctionEvent,
  type ViewerRequestFacts,
  type ViewerResponseFacts,
  viewerRequestEvent,
  viewerResponseEvent,
} from './function-event.ts';
import type { FunctionRuntime } from './function-limits.ts';

export const DISTRIBUTION: EventDistribution = {
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
  requestId: 'req-1',
  viewerIp: '198.51.100.7',
};

export async function compiled(
  engine: FunctionEngine,
  code: string,
  runtime: FunctionRuntime = 'cloudfront-js-2.0',
): Promise<CompiledFunction> {
  return compileFunction(engine, { name: 'test-function', runtime, code });
}

export function requestEvent(facts: Partial<ViewerRequestFacts> = {}): FunctionEvent {
  return viewerRequestEvent(
    DISTRIBUTION,
    eventRequest({ method: 'GET', uri: '/', headers: [['host', 'www.example.com']], ...facts }),
  );
}

export function responseEvent(
  response: Partial<ViewerResponseFacts> = {},
  request: Partial<ViewerRequestFacts> = {},
): FunctionEvent {
  return viewerResponseEvent(
    DISTRIBUTION,
    eventRequest({ method: 'GET', uri: '/', headers: [['host', 'www.example.com']], ...request }),
    eventResponse({
      statusCode: 200,
      statusDescription: 'OK',
      headers: [['content-type', 'text/html']],
      ...response,
    }),
  );
}
