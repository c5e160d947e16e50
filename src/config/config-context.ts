// What a section parser gets besides its raw JSON: where the config file lives, so that paths in it
// (CORS files, distribution configs, PEM keys) resolve relative to the file, as the issue asks.

import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config-error.ts';

export type ConfigContext = {
  /** Directory of the config file; the working directory for embedded defaults. */
  readonly baseDir: string;
  readonly resolvePath: (path: string) => string;
  /** Reads a UTF-8 file relative to `baseDir`; a failure is a ConfigError naming `jsonPath`. */
  readonly readText: (path: string, jsonPath: string) => string;
  /** The process environment as the entry point hands it over (`src/main.ts`), for `…Env` references. */
  readonly env: (name: string) => string | undefined;
};

export function createConfigContext(
  baseDir: string,
  env: Readonly<Record<string, string | undefined>> = {},
): ConfigContext {
  const resolvePath = (path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));
  return {
    baseDir,
    resolvePath,
    env: (name) => (Object.hasOwn(env, name) ? env[name] : undefined),
    readText: (path, jsonPath) => {
      try {
        return readFileSync(resolvePath(path), 'utf8');
      } catch (error) {
        throw new ConfigError(jsonPath, `cannot read "${path}": ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
  };
}
