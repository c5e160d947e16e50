// The `edge` section of the Frontgate config file: listeners, distributions (AWS JSON files or inline),
// local origin endpoints, and the account-level tables CloudFront keeps outside a distribution (public keys,
// key groups, custom policies, OACs). Parsed once; files it names are read by `loadEdgeSnapshot`.

import { parseSignatureCacheEntries } from './parse-signature-cache-entries.ts';
import type { ConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import {
  isJsonObject,
  type JsonObject,
  optionalString,
  readObject,
  requiredString,
} from '../distribution/aws-json-reader.ts';
import type { OriginEndpoint } from '../distribution/compiled-distribution.ts';
import type { OriginAccessControlEntry, TrustedSignerEntry } from '../distribution/compile-distribution.ts';
import { compilePolicySet, type PolicySet } from '../policies/compile-policy-set.ts';
import {
  type EdgeAdminSettings,
  type EdgeCacheBudgets,
  type EdgeErrorResponseOptions,
  optionalFlag,
  parseAdmin,
  parseCacheBudgets,
  parseErrorResponses,
} from './edge-runtime-settings.ts';
import { type ListenAddress, parseListen } from '../../config/parse-listen.ts';
import {
  type EdgeFunctionSource,
  type EdgeKeyValueStoreSource,
  parseEdgeFunctions,
  parseEdgeKeyValueStores,
} from './parse-edge-functions.ts';
import { parseOriginAccessControls } from './parse-origin-access-controls.ts';
import { parseOrigins } from './parse-origins.ts';
import { type EdgePublicKeySource, parsePublicKeys, parseTrustedSigners } from './parse-signing-keys.ts';
import { readConfigArray } from './read-config-array.ts';

export type EdgeDistributionSource = {
  readonly id: string;
  /** JSON path of this entry, e.g. `edge.distributions[0]`. */
  readonly jsonPath: string;
  /** Absolute path of the distribution file (watched by the runtime), or undefined for inline JSON. */
  readonly configPath?: string;
  /** The inline document when `config` was JSON rather than a file name. */
  readonly inline?: unknown;
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
  /** The custom policies as written (`{ Id, CachePolicyConfig }` …), for the control API's read-only listing. */
  readonly policySources: {
    readonly cachePolicies: readonly unknown[];
    readonly originRequestPolicies: readonly unknown[];
    readonly responseHeadersPolicies: readonly unknown[];
  };
  readonly originAccessControls: readonly OriginAccessControlEntry[];
  /** Edge location reported in `X-Amz-Cf-Pop` / Server-Timing. */
  readonly pop: string;
  readonly errorResponses: EdgeErrorResponseOptions;
  /** `edge.admin.listen`: the admin listener (invalidations, traces, distribution status). */
  readonly admin: EdgeAdminSettings;
  /** `edge.traceLog`: append every recorded trace to `<dataDir>/edge-trace.jsonl`. */
  readonly traceLog: boolean;
  /** `edge.traceAll`: record a trace for every request, not only those with `x-frontgate-trace: 1`. */
  readonly traceAll: boolean;
  /** `edge.cache`: cache tier budgets in bytes; members left out take the runtime's defaults. */
  readonly cache: EdgeCacheBudgets;
  /**
   * `edge.signatureCacheEntries`: how many verified signed-URL/cookie signatures to remember, so a repeated
   * identical signature skips the RSA/ECDSA work (expiry, start time, IP and Resource are still checked on every
   * request). 0 turns it off. Default 10,000.
   */
  readonly signatureCacheEntries: number;
  /** `edge.functions`: CloudFront Functions, code in files (docs/functions.md). */
  readonly functions: readonly EdgeFunctionSource[];
  /** `edge.keyValueStores`: KeyValueStores the functions read. */
  readonly keyValueStores: readonly EdgeKeyValueStoreSource[];
  /** JSON path of the section, for errors raised later (`edge`). */
  readonly jsonPath: string;
  /** Members this parser does not know, kept for other components (not validated here). */
  readonly extra: Readonly<Record<string, unknown>>;
};

export const DEFAULT_EDGE_LISTEN = '127.0.0.1:8080';
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
  'signatureCacheEntries',
  'cache',
  'functions',
  'keyValueStores',
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
  const policySources = Object.freeze({
    cachePolicies: readConfigArray(section.cachePolicies, `${jsonPath}.cachePolicies`),
    originRequestPolicies: readConfigArray(
      section.originRequestPolicies,
      `${jsonPath}.originRequestPolicies`,
    ),
    responseHeadersPolicies: readConfigArray(
      section.responseHeadersPolicies,
      `${jsonPath}.responseHeadersPolicies`,
    ),
  });
  if (!/^[A-Z]{3}\d{1,3}-[A-Z0-9]{2,3}$/.test(pop))
    throw new ConfigError(
      `${jsonPath}.pop`,
      `"${pop}" does not look like a CloudFront edge location (IAD89-C1)`,
    );
  return Object.freeze({
    listen,
    ...(tls === undefined ? {} : { tls }),
    distributions: parseDistributions(section.distributions, ctx, `${jsonPath}.distributions`),
    origins: parseOrigins(section.origins, ctx, `${jsonPath}.origins`),
    publicKeys: parsePublicKeys(section.publicKeys, ctx, `${jsonPath}.publicKeys`),
    keyGroups: Object.freeze([...readConfigArray(section.keyGroups, `${jsonPath}.keyGroups`)]),
    trustedSigners: parseTrustedSigners(section.trustedSigners, `${jsonPath}.trustedSigners`),
    policies: compilePolicySet({ ...policySources, jsonPath }),
    policySources,
    originAccessControls: parseOriginAccessControls(
      section.originAccessControls,
      `${jsonPath}.originAccessControls`,
    ),
    pop,
    errorResponses: parseErrorResponses(section.errorResponses, `${jsonPath}.errorResponses`),
    admin: parseAdmin(section.admin, `${jsonPath}.admin`),
    traceLog: optionalFlag(section.traceLog, `${jsonPath}.traceLog`),
    traceAll: optionalFlag(section.traceAll, `${jsonPath}.traceAll`),
    signatureCacheEntries: parseSignatureCacheEntries(
      section.signatureCacheEntries,
      `${jsonPath}.signatureCacheEntries`,
    ),
    cache: parseCacheBudgets(section.cache, `${jsonPath}.cache`),
    functions: parseEdgeFunctions(section.functions, ctx, `${jsonPath}.functions`),
    keyValueStores: parseEdgeKeyValueStores(section.keyValueStores, ctx, `${jsonPath}.keyValueStores`),
    jsonPath,
    extra: Object.freeze(extra),
  });
}

function parseDistributions(
  value: unknown,
  ctx: ConfigContext,
  path: string,
): readonly EdgeDistributionSource[] {
  const ids = new Set<string>();
  return Object.freeze(
    readConfigArray(value, path).map((entryRaw, index) => {
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
