// The `edge` section of the Frontgate config file: listeners, distributions (AWS JSON files or inline),
// local origin endpoints, and the account-level tables CloudFront keeps outside a distribution (public keys,
// key groups, custom policies, OACs). Parsed once; files it names are read by `loadEdgeSnapshot`.

import type { ConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import {
  isJsonObject,
  type JsonObject,
  optionalString,
  readObject,
  requiredObject,
  requiredString,
} from '../distribution/aws-json-reader.ts';
import type { OriginEndpoint } from '../distribution/compiled-distribution.ts';
import type { OriginAccessControlEntry, TrustedSignerEntry } from '../distribution/compile-distribution.ts';
import { compilePolicySet, type PolicySet } from '../policies/compile-policy-set.ts';

export type ListenAddress = { readonly host: string; readonly port: number };

export type EdgeDistributionSource = {
  readonly id: string;
  /** JSON path of this entry, e.g. `edge.distributions[0]`. */
  readonly jsonPath: string;
  /** Absolute path of the distribution file (watched by the runtime), or undefined for inline JSON. */
  readonly configPath?: string;
  /** The inline document when `config` was JSON rather than a file name. */
  readonly inline?: unknown;
};

export type EdgePublicKeySource = {
  readonly id: string;
  readonly name: string;
  readonly jsonPath: string;
  /** Inline PEM, or an absolute file path to read at load time. */
  readonly encodedKey:
    | { readonly kind: 'pem'; readonly pem: string }
    | { readonly kind: 'file'; readonly path: string };
};

/** Behaviour switches where CloudFront's behaviour is unconfirmed (spec §6.5, §12 #1, #2, #16). */
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

export type EdgeConfig = {
  readonly listen: ListenAddress;
  readonly tls?: { readonly listen: ListenAddress; readonly certPath: string; readonly keyPath: string };
  readonly distributions: readonly EdgeDistributionSource[];
  /** By origin domain name or origin id. */
  readonly origins: ReadonlyMap<string, OriginEndpoint>;
  readonly publicKeys: readonly EdgePublicKeySource[];
  /** `{ Id, KeyGroupConfig }` entries; resolved against the public keys at load time. */
  readonly keyGroups: readonly unknown[];
  readonly trustedSigners: readonly TrustedSignerEntry[];
  /** Managed policies plus the custom ones of this section, compiled. */
  readonly policies: PolicySet;
  readonly originAccessControls: readonly OriginAccessControlEntry[];
  /** Edge location reported in `X-Amz-Cf-Pop` / Server-Timing. */
  readonly pop: string;
  readonly errorResponses: EdgeErrorResponseOptions;
  /** `edge.admin.listen`: the admin listener (invalidations, traces, distribution status). */
  readonly admin: { readonly listen: ListenAddress };
  /** `edge.traceLog`: append every recorded trace to `<dataDir>/edge-trace.jsonl`. */
  readonly traceLog: boolean;
  /** `edge.traceAll`: record a trace for every request, not only those with `x-frontgate-trace: 1`. */
  readonly traceAll: boolean;
  /** `edge.cache`: cache tier budgets in bytes; members left out take the runtime's defaults. */
  readonly cache: EdgeCacheBudgets;
  /** JSON path of the section, for errors raised later (`edge`). */
  readonly jsonPath: string;
  /** Members this parser does not know, kept for other components (not validated here). */
  readonly extra: Readonly<Record<string, unknown>>;
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

export const DEFAULT_EDGE_LISTEN = '127.0.0.1:8080';
/** Default of `edge.admin.listen` (docs/decisions/edge-runtime-admin-listener.md). */
export const DEFAULT_EDGE_ADMIN_LISTEN = '127.0.0.1:9090';
export const DEFAULT_POP = 'IAD89-C1';

const KNOWN_KEYS = new Set([
  'listen',
  'tls',
  'distributions',
  'origins',
  'publicKeys',
  'keyGroups',
  'trustedSigners',
  'cachePolicies',
  'originRequestPolicies',
  'responseHeadersPolicies',
  'originAccessControls',
  'pop',
  'errorResponses',
  'admin',
  'traceLog',
  'traceAll',
  'cache',
]);

export function parseEdgeConfig(raw: unknown, ctx: ConfigContext, jsonPath = 'edge'): EdgeConfig {
  const section: JsonObject = raw === undefined ? {} : readObject(raw, jsonPath);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) if (!KNOWN_KEYS.has(key)) extra[key] = value;
  const listen = parseListen(section.listen ?? DEFAULT_EDGE_LISTEN, `${jsonPath}.listen`);
  let tls: EdgeConfig['tls'];
  if (section.tls !== undefined) {
    const tlsPath = `${jsonPath}.tls`;
    const tlsRaw = readObject(section.tls, tlsPath);
    tls = Object.freeze({
      listen: parseListen(tlsRaw.listen, `${tlsPath}.listen`),
      certPath: ctx.resolvePath(requiredString(tlsRaw, 'cert', tlsPath)),
      keyPath: ctx.resolvePath(requiredString(tlsRaw, 'key', tlsPath)),
    });
  }
  const pop = optionalString(section, 'pop', jsonPath) ?? DEFAULT_POP;
  if (!/^[A-Z]{3}\d{1,3}-[A-Z0-9]{2,3}$/.test(pop))
    throw new ConfigError(
      `${jsonPath}.pop`,
      `"${pop}" does not look like a CloudFront edge location (IAD89-C1)`,
    );
  return Object.freeze({
    listen,
    ...(tls === undefined ? {} : { tls }),
    distributions: parseDistributions(section.distributions, ctx, `${jsonPath}.distributions`),
    origins: parseOrigins(section.origins, `${jsonPath}.origins`),
    publicKeys: parsePublicKeys(section.publicKeys, ctx, `${jsonPath}.publicKeys`),
    keyGroups: Object.freeze([...readArray(section.keyGroups, `${jsonPath}.keyGroups`)]),
    trustedSigners: parseTrustedSigners(section.trustedSigners, `${jsonPath}.trustedSigners`),
    policies: compilePolicySet({
      cachePolicies: readArray(section.cachePolicies, `${jsonPath}.cachePolicies`),
      originRequestPolicies: readArray(section.originRequestPolicies, `${jsonPath}.originRequestPolicies`),
      responseHeadersPolicies: readArray(
        section.responseHeadersPolicies,
        `${jsonPath}.responseHeadersPolicies`,
      ),
      jsonPath,
    }),
    originAccessControls: parseOriginAccessControls(
      section.originAccessControls,
      `${jsonPath}.originAccessControls`,
    ),
    pop,
    errorResponses: parseErrorResponses(section.errorResponses, `${jsonPath}.errorResponses`),
    admin: parseAdmin(section.admin, `${jsonPath}.admin`),
    traceLog: optionalFlag(section.traceLog, `${jsonPath}.traceLog`),
    traceAll: optionalFlag(section.traceAll, `${jsonPath}.traceAll`),
    cache: parseCacheBudgets(section.cache, `${jsonPath}.cache`),
    jsonPath,
    extra: Object.freeze(extra),
  });
}

function readArray(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError(path, 'must be an array');
  return value;
}

/** `host:port`, `[v6]:port` or a bare port number. */
export function parseListen(value: unknown, path: string): ListenAddress {
  if (typeof value === 'number') value = `127.0.0.1:${value}`;
  if (typeof value !== 'string') throw new ConfigError(path, 'must be "host:port"');
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = match === null ? Number.NaN : Number(match[3]);
  if (match === null || port > 65535)
    throw new ConfigError(path, `"${value}" is not "host:port" (port 0-65535)`);
  return Object.freeze({ host: match[1] ?? (match[2] === '' ? '0.0.0.0' : match[2]), port });
}

function parseDistributions(
  value: unknown,
  ctx: ConfigContext,
  path: string,
): readonly EdgeDistributionSource[] {
  const ids = new Set<string>();
  return Object.freeze(
    readArray(value, path).map((entryRaw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(entryRaw, entryPath);
      const id = requiredString(entry, 'id', entryPath);
      if (!/^[A-Z0-9][A-Za-z0-9_-]{0,63}$/.test(id))
        throw new ConfigError(
          `${entryPath}.id`,
          `"${id}" is not a distribution id (upper-case letters and digits, e.g. E1JUNLOGDEV)`,
        );
      if (ids.has(id)) throw new ConfigError(`${entryPath}.id`, `"${id}" is used twice`);
      ids.add(id);
      const config = entry.config;
      if (typeof config === 'string') {
        if (config.length === 0) throw new ConfigError(`${entryPath}.config`, 'must name a file');
        return Object.freeze({ id, jsonPath: entryPath, configPath: ctx.resolvePath(config) });
      }
      if (isJsonObject(config)) return Object.freeze({ id, jsonPath: entryPath, inline: config });
      throw new ConfigError(
        `${entryPath}.config`,
        'must be a file name or an inline distribution config object',
      );
    }),
  );
}

function parseOrigins(value: unknown, path: string): ReadonlyMap<string, OriginEndpoint> {
  const origins = new Map<string, OriginEndpoint>();
  if (value === undefined || value === null) return origins;
  const map = readObject(value, path);
  for (const [key, target] of Object.entries(map)) {
    const entryPath = `${path}["${key}"]`;
    if (target === 'embedded') {
      origins.set(key, Object.freeze({ kind: 'embedded' }));
      continue;
    }
    if (typeof target !== 'string') throw new ConfigError(entryPath, 'must be "embedded" or an http(s) URL');
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new ConfigError(entryPath, `"${target}" is neither "embedded" nor a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ConfigError(entryPath, `"${target}" must be an http:// or https:// URL`);
    if (url.search !== '' || url.hash !== '')
      throw new ConfigError(entryPath, 'must not carry a query or fragment');
    // Keep the URL as written minus a trailing slash: the origin path is appended by the origin stage.
    origins.set(key, Object.freeze({ kind: 'url', url: target.replace(/\/+$/, '') }));
  }
  return origins;
}

function parsePublicKeys(value: unknown, ctx: ConfigContext, path: string): readonly EdgePublicKeySource[] {
  const ids = new Set<string>();
  return Object.freeze(
    readArray(value, path).map((entryRaw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(entryRaw, entryPath);
      const id = requiredString(entry, 'Id', entryPath);
      if (!/^[A-Z0-9]{1,64}$/.test(id))
        throw new ConfigError(
          `${entryPath}.Id`,
          `"${id}" is not a public key id (upper-case letters and digits, e.g. K2JCJMDEHXQW5F)`,
        );
      if (ids.has(id)) throw new ConfigError(`${entryPath}.Id`, `"${id}" is used twice`);
      ids.add(id);
      const configPath = `${entryPath}.PublicKeyConfig`;
      const config = requiredObject(entry, 'PublicKeyConfig', entryPath);
      requiredString(config, 'CallerReference', configPath);
      const name = requiredString(config, 'Name', configPath);
      const encoded = requiredString(config, 'EncodedKey', configPath);
      const jsonPath = `${configPath}.EncodedKey`;
      return Object.freeze({
        id,
        name,
        jsonPath,
        encodedKey: encoded.includes('-----BEGIN')
          ? Object.freeze({ kind: 'pem' as const, pem: encoded })
          : Object.freeze({ kind: 'file' as const, path: ctx.resolvePath(encoded) }),
      });
    }),
  );
}

function parseTrustedSigners(value: unknown, path: string): readonly TrustedSignerEntry[] {
  return Object.freeze(
    readArray(value, path).map((entryRaw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(entryRaw, entryPath);
      const account = requiredString(entry, 'AwsAccountNumber', entryPath);
      if (account !== 'self' && !/^\d{12}$/.test(account))
        throw new ConfigError(
          `${entryPath}.AwsAccountNumber`,
          `"${account}" is not "self" or a 12-digit account number`,
        );
      const keyPairIds = readArray(entry.KeyPairIds, `${entryPath}.KeyPairIds`).map((keyPairId, keyIndex) => {
        if (typeof keyPairId !== 'string' || keyPairId === '')
          throw new ConfigError(`${entryPath}.KeyPairIds[${keyIndex}]`, 'must be a key pair id');
        return keyPairId;
      });
      return Object.freeze({ AwsAccountNumber: account, KeyPairIds: Object.freeze(keyPairIds) });
    }),
  );
}

function parseOriginAccessControls(value: unknown, path: string): readonly OriginAccessControlEntry[] {
  const ids = new Set<string>();
  return Object.freeze(
    readArray(value, path).map((entryRaw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(entryRaw, entryPath);
      const id = requiredString(entry, 'Id', entryPath);
      if (ids.has(id)) throw new ConfigError(`${entryPath}.Id`, `"${id}" is used twice`);
      ids.add(id);
      const configPath = `${entryPath}.OriginAccessControlConfig`;
      const config = requiredObject(entry, 'OriginAccessControlConfig', entryPath);
      const name = requiredString(config, 'Name', configPath);
      if (name.length === 0 || name.length > 64)
        throw new ConfigError(`${configPath}.Name`, 'must be 1-64 characters');
      const description = optionalString(config, 'Description', configPath);
      const protocol = optionalString(config, 'SigningProtocol', configPath) ?? 'sigv4';
      if (protocol !== 'sigv4') throw new ConfigError(`${configPath}.SigningProtocol`, 'must be sigv4');
      const behavior = optionalString(config, 'SigningBehavior', configPath) ?? 'always';
      if (behavior !== 'always' && behavior !== 'never' && behavior !== 'no-override')
        throw new ConfigError(`${configPath}.SigningBehavior`, 'must be always, never or no-override');
      const originType = optionalString(config, 'OriginAccessControlOriginType', configPath) ?? 's3';
      if (
        originType !== 's3' &&
        originType !== 'mediastore' &&
        originType !== 'mediapackagev2' &&
        originType !== 'lambda'
      )
        throw new ConfigError(
          `${configPath}.OriginAccessControlOriginType`,
          'must be s3, mediastore, mediapackagev2 or lambda',
        );
      return Object.freeze({
        Id: id,
        OriginAccessControlConfig: Object.freeze({
          Name: name,
          ...(description === undefined ? {} : { Description: description }),
          SigningProtocol: protocol,
          SigningBehavior: behavior,
          OriginAccessControlOriginType: originType,
        }),
      });
    }),
  );
}

function parseErrorResponses(value: unknown, path: string): EdgeErrorResponseOptions {
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

function optionalFlag(value: unknown, path: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new ConfigError(path, 'must be true or false');
  return value;
}

function parseAdmin(value: unknown, path: string): EdgeConfig['admin'] {
  if (value === undefined || value === null)
    return Object.freeze({ listen: parseListen(DEFAULT_EDGE_ADMIN_LISTEN, `${path}.listen`) });
  const raw = readObject(value, path);
  for (const key of Object.keys(raw))
    if (key !== 'listen') throw new ConfigError(`${path}.${key}`, 'unknown option; known: listen');
  return Object.freeze({ listen: parseListen(raw.listen ?? DEFAULT_EDGE_ADMIN_LISTEN, `${path}.listen`) });
}

function parseCacheBudgets(value: unknown, path: string): EdgeCacheBudgets {
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
