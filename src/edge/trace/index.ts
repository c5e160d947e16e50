// Public surface of the edge trace model, for the doctor and the admin listener.
export type { EdgeTrace, TraceEntry, TraceRecorder } from './trace-types.ts';
export { createTraceRecorder } from './trace-types.ts';
export type { TraceRing } from './trace-ring.ts';
export { createTraceRing } from './trace-ring.ts';
