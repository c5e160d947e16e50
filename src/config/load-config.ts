// Reads the Frontgate config file once and hands each section to its component's parser.
// Paths inside the file are relative to the file; without a file, embedded defaults apply.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseEdgeConfig } from '../edge/config/index.ts';
import type { EdgeConfig } from '../edge/config/index.ts';
import { parseS3Config } from '../s3/index.ts';
import type { S3Config } from '../s3/index.ts';
import { createConfigContext } from './config-context.ts';
import type { ConfigContext } from './config-context.ts';
import { ConfigError } from './config-error.ts';

export type FrontgateConfig = {
  /** Absolute path of the file it came from; undefined for embedded defaults. */
  readonly configPath?: string;
  readonly context: ConfigContext;
  /** Absolute; the store keeps its objects and metadata here, the edge its disk cache. */
  readonly dataDir: string;
  readonly s3: S3Config;
  /** Absent when the config has no `edge` section: only the store runs. */
  readonly edge?: EdgeConfig;
  /** `serve`'s process count (edge + store request handling); absent: one per available core (docs/edge.md#workers). */
  readonly workers?: number;
  /** Where the control-plane state lives when shared by a fleet of edges; absent: the embedded database. */
  readonly state?: StateConfig;
  /** The whole JSON as read, for sections owned by tools (the doctor reads `doctor`). */
  readonly raw: Readonly<Record<string, unknown>>;
};

const TOP_LEVEL_KEYS = new Set([
  '$schema',
  'comment',
  'dataDir',
  'workers',
  's3',
  'edge',
  'state',
  'doctor',
  'demo',
]);

/** The most processes `workers` may ask for: far above any core count, low enough to catch a typo. */
export const MAX_WORKERS = 256;

/** `workers` (config) or `--workers` (flag): a whole number from 1 to MAX_WORKERS. */
export function parseWorkerCount(value: unknown, jsonPath: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WORKERS)
    throw new ConfigError(jsonPath, `expected a whole number from 1 to ${MAX_WORKERS}`);
  return value;
}

export type StateConfig = {
  /** A PostgreSQL connection URL (`postgres://user:password@host:port/database`); never logged. */
  readonly postgres: string;
  /** This edge's name in the fleet's heartbeats; stable across restarts so missed invalidations are applied. */
  readonly edgeName?: string;
  /** An edge whose last heartbeat is older than this leaves the set that must acknowledge (default 10). */
  readonly liveTimeoutSeconds?: number;
};

function parseStateConfig(raw: unknown): StateConfig | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError('state', 'expected an object like { "postgres": "postgres://…" }');
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (key !== 'postgres' && key !== 'edgeName' && key !== 'liveTimeoutSeconds')
      throw new ConfigError(
        `state.${key}`,
        'unknown setting (expected postgres, edgeName, liveTimeoutSeconds)',
      );
  const url = record.postgres;
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url))
    throw new ConfigError('state.postgres', 'expected a postgres:// connection URL');
  const edgeName = record.edgeName;
  if (edgeName !== undefined && (typeof edgeName !== 'string' || edgeName === ''))
    throw new ConfigError('state.edgeName', 'expected a non-empty string');
  const live = record.liveTimeoutSeconds;
  if (live !== undefined && (typeof live !== 'number' || !(live >= 2 && live <= 3600)))
    throw new ConfigError('state.liveTimeoutSeconds', 'expected a number of seconds from 2 to 3600');
  return {
    postgres: url,
    ...(edgeName === undefined ? {} : { edgeName }),
    ...(live === undefined ? {} : { liveTimeoutSeconds: live }),
  };
}

export function parseFrontgateConfig(
  raw: unknown,
  context: ConfigContext,
  configPath?: string,
): FrontgateConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('$', 'expected a JSON object');
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!TOP_LEVEL_KEYS.has(key))
      throw new ConfigError(key, `unknown setting (expected one of ${[...TOP_LEVEL_KEYS].join(', ')})`);
  }
  const dataDir = record.dataDir ?? '.frontgate';
  if (typeof dataDir !== 'string' || dataDir === '')
    throw new ConfigError('dataDir', 'expected a non-empty path');
  return {
    configPath,
    context,
    dataDir: context.resolvePath(dataDir),
    ...(record.workers === undefined ? {} : { workers: parseWorkerCount(record.workers, 'workers') }),
    s3: parseS3Config(record.s3 ?? {}, context, 's3'),
    edge: record.edge === undefined ? undefined : parseEdgeConfig(record.edge, context, 'edge'),
    state: parseStateConfig(record.state),
    raw: record,
  };
}

/**
 * Reads and parses a config file; every problem is a ConfigError naming the file and JSON path. `env` is the
 * process environment from the entry point, for settings that name an environment variable.
 */
export function loadConfigFile(
  path: string,
  env: Readonly<Record<string, string | undefined>> = {},
): FrontgateConfig {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError('$', `cannot read config file "${absolute}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('$', `"${absolute}" is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseFrontgateConfig(raw, createConfigContext(dirname(absolute), env), absolute);
}

/**
 * The embedded defaults `frontgate serve` uses without `--config`: the store and the CloudFront API on
 * 127.0.0.1:9000, the edge on its default listeners, data under `./.frontgate`.
 */
export function defaultFrontgateConfig(cwd: string): FrontgateConfig {
  return parseFrontgateConfig({ edge: {} }, createConfigContext(cwd));
}
