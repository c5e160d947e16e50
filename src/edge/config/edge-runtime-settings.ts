// The `edge` section's runtime switches: error-response options where CloudFront is unconfirmed, the admin
// listener, trace flags and cache byte budgets. Unknown members are refused with the known ones listed.

import { ConfigError } from '../../config/config-error.ts';
import { readObject } from '../distribution/aws-json-reader.ts';
import { type ListenAddress, parseListen } from '../../config/parse-listen.ts';

/** Behaviour switches where CloudFront's behaviour is unconfirmed (AWS: "Add or remove HTTP headers in CloudFront responses with a policy", docs/decisions/). */
export type EdgeErrorResponseOptions = {
  /** Add the behavior's response headers policy to signature 403s (`MissingKey` …). Default false. */
  readonly policyHeadersOnSignatureErrors: boolean;
  /** Add it to other CloudFront-generated errors (method-not-allowed 403, 413, 502/503/504). Default false. */
  readonly policyHeadersOnGeneratedErrors: boolean;
  /** Add it to viewer-protocol redirects (observed on a real 301). Default true. */
  readonly policyHeadersOnRedirects: boolean;
  /** Let custom error responses replace CloudFront-generated errors too. Default true. */
  readonly customErrorPagesForGeneratedErrors: boolean;
};

/** Byte budgets of the edge cache (docs/edge.md "Settings"). */
export type EdgeCacheBudgets = {
  readonly memoryMaxBytes?: number;
  readonly memoryObjectMaxBytes?: number;
  readonly diskMaxBytes?: number;
  readonly maxCacheableObjectBytes?: number;
};

const CACHE_BUDGET_NAMES: readonly (keyof EdgeCacheBudgets)[] = [
  'memoryMaxBytes',
  'memoryObjectMaxBytes',
  'diskMaxBytes',
  'maxCacheableObjectBytes',
];

/** Default of `edge.admin.listen` (docs/decisions/edge-runtime-admin-listener.md). */
export const DEFAULT_EDGE_ADMIN_LISTEN = '127.0.0.1:9090';

export function parseErrorResponses(value: unknown, path: string): EdgeErrorResponseOptions {
  const defaults: EdgeErrorResponseOptions = {
    policyHeadersOnSignatureErrors: false,
    policyHeadersOnGeneratedErrors: false,
    policyHeadersOnRedirects: true,
    customErrorPagesForGeneratedErrors: true,
  };
  if (value === undefined || value === null) return Object.freeze(defaults);
  const raw = readObject(value, path);
  const result: Record<string, boolean> = { ...defaults };
  for (const [key, flag] of Object.entries(raw)) {
    if (!(key in defaults))
      throw new ConfigError(`${path}.${key}`, `unknown option; known: ${Object.keys(defaults).join(', ')}`);
    if (typeof flag !== 'boolean') throw new ConfigError(`${path}.${key}`, 'must be true or false');
    result[key] = flag;
  }
  return Object.freeze(result as EdgeErrorResponseOptions);
}

export function optionalFlag(value: unknown, path: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new ConfigError(path, 'must be true or false');
  return value;
}

export type EdgeAdminSettings = {
  readonly listen: ListenAddress;
  /** The bearer token the admin listener requires (console and JSON API); absent: docs/edge.md#admin-access. */
  readonly token?: string;
};

/** Short tokens are guessable; 16 characters of a random alphabet is the least we accept. */
const ADMIN_TOKEN = /^[\x21-\x7e]{16,256}$/;

export function parseAdmin(value: unknown, path: string): EdgeAdminSettings {
  if (value === undefined || value === null)
    return Object.freeze({ listen: parseListen(DEFAULT_EDGE_ADMIN_LISTEN, `${path}.listen`) });
  const raw = readObject(value, path);
  for (const key of Object.keys(raw))
    if (key !== 'listen' && key !== 'token')
      throw new ConfigError(`${path}.${key}`, 'unknown option; known: listen, token');
  if (raw.token !== undefined && (typeof raw.token !== 'string' || !ADMIN_TOKEN.test(raw.token)))
    throw new ConfigError(`${path}.token`, 'must be 16 to 256 printable characters without spaces');
  return Object.freeze({
    listen: parseListen(raw.listen ?? DEFAULT_EDGE_ADMIN_LISTEN, `${path}.listen`),
    ...(raw.token === undefined ? {} : { token: raw.token as string }),
  });
}

export function parseCacheBudgets(value: unknown, path: string): EdgeCacheBudgets {
  if (value === undefined || value === null) return Object.freeze({});
  const raw = readObject(value, path);
  const out: Record<string, number> = {};
  for (const [key, bytes] of Object.entries(raw)) {
    if (!(CACHE_BUDGET_NAMES as readonly string[]).includes(key))
      throw new ConfigError(`${path}.${key}`, `unknown option; known: ${CACHE_BUDGET_NAMES.join(', ')}`);
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes <= 0)
      throw new ConfigError(`${path}.${key}`, 'must be a positive whole number of bytes');
    out[key] = bytes;
  }
  const budgets = out as EdgeCacheBudgets;
  if (
    budgets.memoryObjectMaxBytes !== undefined &&
    budgets.memoryMaxBytes !== undefined &&
    budgets.memoryObjectMaxBytes > budgets.memoryMaxBytes
  )
    throw new ConfigError(`${path}.memoryObjectMaxBytes`, 'must not exceed memoryMaxBytes');
  return Object.freeze(budgets);
}
