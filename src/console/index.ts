// Public surface of the console: the web console on the admin listener (pages + JSON API) and the queries
// behind it, which the demo also uses to draw each request of a step.

export type { AccessDecision, ConsoleAccess } from './console-access.ts';
export {
  adminRequestAccess,
  chooseAdminToken,
  decideConsoleAccess,
  isLoopbackAddress,
} from './console-access.ts';
export { readConsoleAsset } from './console-assets.ts';
export type { CacheEntryView, ConsoleQueries, RequestFilter, RequestSummary } from './console-queries.ts';
export { createConsoleQueries } from './console-queries.ts';
export type { ConsoleBucket, ConsoleFleet, ConsoleSources } from './console-sources.ts';
export type { ConsoleHandler } from './create-console-handler.ts';
export { createConsoleHandler } from './create-console-handler.ts';
export type { BackendCookies, TraceDiagnosis } from './diagnose-trace.ts';
export { diagnoseTrace } from './diagnose-trace.ts';
export type { PipelineNode, PipelineNodeId, PipelineView } from './pipeline-view.ts';
export { buildPipelineView } from './pipeline-view.ts';
export { REDACTED, redactSecrets } from './redact-secrets.ts';
