// Public surface of the configuration component.
export { createConfigContext } from './config-context.ts';
export type { ConfigContext } from './config-context.ts';
export { ConfigError } from './config-error.ts';
export type { ListenAddress } from './parse-listen.ts';
export { parseListen } from './parse-listen.ts';
export {
  defaultFrontgateConfig,
  loadConfigFile,
  MAX_WORKERS,
  parseFrontgateConfig,
  parseWorkerCount,
} from './load-config.ts';
export type { FrontgateConfig } from './load-config.ts';
