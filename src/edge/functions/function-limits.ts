// The numbers CloudFront Functions are held to. Sources: "Quotas on CloudFront Functions" and "Restrictions on
// CloudFront Functions" (Amazon CloudFront Developer Guide); the engine-specific numbers are measured choices,
// docs/decisions/functions-engine.md.

export type FunctionRuntime = 'cloudfront-js-1.0' | 'cloudfront-js-2.0';
export const FUNCTION_RUNTIMES: readonly FunctionRuntime[] = ['cloudfront-js-1.0', 'cloudfront-js-2.0'];

export type FunctionEventType = 'viewer-request' | 'viewer-response';

/** "Maximum function size": 10 KB of code (the API's FunctionBlob itself allows 40,960 bytes). */
export const FUNCTION_SIZE_QUOTA_BYTES = 10 * 1024;
/** The API model's FunctionBlob / FunctionEventObject maximum. */
export const FUNCTION_BLOB_MAX_BYTES = 40_960;
/** "Maximum function memory": 2 MB. */
export const FUNCTION_MEMORY_QUOTA_BYTES = 2 * 1024 * 1024;
/** "Function logs in CloudFront Functions are truncated at 10 KB." */
export const FUNCTION_LOG_LIMIT_BYTES = 10 * 1024;

export interface FunctionEngineLimits {
  /** Wall-clock time a function may run before it is stopped (ComputeUtilization 100). */
  readonly computeBudgetMs: number;
  /** Heap the function may use on top of what an empty engine context holds. */
  readonly memoryLimitBytes: number;
  /** Engine stack; 64 KiB keeps QuickJS's own overflow check ahead of the host's wasm stack. */
  readonly maxStackBytes: number;
}

export const DEFAULT_ENGINE_LIMITS: FunctionEngineLimits = {
  computeBudgetMs: 20,
  memoryLimitBytes: FUNCTION_MEMORY_QUOTA_BYTES,
  maxStackBytes: 64 * 1024,
};

/** KeyValueStore quotas ("Quotas on CloudFront KeyValueStore"); the data API model caps a key at 1,024. */
export const KVS_KEY_MAX_BYTES = 512;
export const KVS_VALUE_MAX_BYTES = 1024;
export const KVS_TOTAL_MAX_BYTES = 5 * 1024 * 1024;
