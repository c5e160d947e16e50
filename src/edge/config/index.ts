// Public surface of the edge configuration: the `edge` config section and the compiled snapshot the
// runtime serves from.

export type { EdgeConfig, EdgeDistributionSource, EdgePublicKeySource } from './edge-config.ts';
export { DEFAULT_EDGE_LISTEN, DEFAULT_POP, parseEdgeConfig } from './edge-config.ts';
export type { EdgeCacheBudgets, EdgeErrorResponseOptions } from './edge-runtime-settings.ts';
export { DEFAULT_EDGE_ADMIN_LISTEN } from './edge-runtime-settings.ts';
export type { ListenAddress } from './parse-listen.ts';
export { parseListen } from './parse-listen.ts';
export type { EdgeSnapshot } from './load-edge-snapshot.ts';
export { loadEdgeSnapshot, normalizeHost } from './load-edge-snapshot.ts';
export type { EdgeApiResources } from './edge-api-resources.ts';
