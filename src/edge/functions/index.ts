// CloudFront Functions: the runtime (QuickJS in WebAssembly), the event and output contracts, the built-in
// modules, TestFunction, and the KeyValueStore model. docs/functions.md describes the behavior.

export {
  type CodeProblem,
  type CompiledFunction,
  compileFunction,
  type FunctionDefinition,
  isFunctionRuntime,
  prepareFunction,
} from './compile-function.ts';
export {
  createFunctionEngine,
  type FunctionEngine,
  type FunctionInvocation,
  type InvocationOutcome,
} from './function-engine.ts';
export {
  type EventDistribution,
  type EventRequest,
  type EventResponse,
  eventRequest,
  eventResponse,
  type FunctionEvent,
  viewerRequestEvent,
  viewerResponseEvent,
} from './function-event.ts';
export {
  DEFAULT_ENGINE_LIMITS,
  FUNCTION_RUNTIMES,
  FUNCTION_SIZE_QUOTA_BYTES,
  type FunctionEngineLimits,
  type FunctionEventType,
  type FunctionRuntime,
} from './function-limits.ts';
export type { RequestAfterFunction, ResponseFromFunction } from './function-output.ts';
export {
  createKeyValueStore,
  deleteKey,
  getKey,
  type KeyValueStore,
  type KeyValueStoreError,
  type KeyValueStoreResult,
  keyValueStoreMeta,
  listKeys,
  parseKeyValueStoreImport,
  putKey,
  updateKeys,
} from './key-value-store.ts';
export type { OriginModification } from './origin-modification.ts';
export { isDisallowedHeader, isReadOnlyHeader } from './restricted-headers.ts';
export {
  type FunctionErrorType,
  type FunctionRunRecord,
  type FunctionRunResult,
  runFunction,
} from './run-function.ts';
export { prepareSource } from './runtime-subset.ts';
export { tokenize } from './source-tokens.ts';
export { parseTestEvent, type TestFunctionAnswer, type TestResult, testFunction } from './test-function.ts';
export {
  FUNCTION_ERROR_REASONS,
  functionErrorResponse,
  functionErrorStatus,
} from './function-error-response.ts';
export {
  generatedResponse,
  headerListOf,
  responseAfterViewerFunction,
  targetAfterFunction,
  viewerHeadersAfterFunction,
  viewerRequestFacts,
  viewerResponseFacts,
} from './viewer-function-io.ts';
export {
  type FunctionStageDeps,
  type FunctionTraceEntry,
  functionTraceEntry,
  runsViewerResponseFunction,
  runViewerRequestFunction,
  runViewerResponseFunction,
} from './function-stages.ts';
