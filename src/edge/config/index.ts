// Public surface of the edge configuration: the `edge` config section and the compiled snapshot the
// runtime serves from.

export type {
  EdgeCacheBudgets,
  EdgeConfig,
  EdgeDistributionSource,
  EdgeErrorResponseOptions,
  EdgePublicKeySource,
  ListenAddress,
} from './edge-config.ts';
export {
  DEFAULT_EDGE_ADMIN_LISTEN,
  DEFAULT_EDGE_LISTEN,
  DEFAULT_POP,
  parseEdgeConfig,
  parseListen,
} from './edge-config.ts';
export type { EdgeSnapshot } from './load-edge-snapshot.ts';
export { loadEdgeSnapshot, normalizeHost } from './load-edge-snapshot.ts';
