// Public surface of the edge configuration: the `edge` config section and the compiled snapshot the
// runtime serves from.

export type { EdgeConfig, EdgeDistributionSource } from './edge-config.ts';
export type { EdgePublicKeySource } from './parse-signing-keys.ts';
export { DEFAULT_EDGE_LISTEN, DEFAULT_POP, parseEdgeConfig } from './edge-config.ts';
export type { EdgeCacheBudgets, EdgeErrorResponseOptions } from './edge-runtime-settings.ts';
export { DEFAULT_EDGE_ADMIN_LISTEN } from './edge-runtime-settings.ts';
export type { ListenAddress } from '../../config/parse-listen.ts';
export { parseListen } from '../../config/parse-listen.ts';
export type { EdgeSnapshot, EdgeSnapshotView } from './load-edge-snapshot.ts';
export { loadEdgeSnapshot, normalizeHost } from './load-edge-snapshot.ts';
