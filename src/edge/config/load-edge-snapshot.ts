// Reads every file the edge config names (distribution JSON, PEM keys), compiles all distributions and
// returns one immutable snapshot with host lookup. Reloading = calling it again and swapping the result;
// the runtime watches `watchedFiles` and handles SIGHUP.

import type { ConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import type { CompiledKeyGroup } from '../distribution/compile-key-groups.ts';
import { compileKeyGroups } from '../distribution/compile-key-groups.ts';
import { compileDistribution } from '../distribution/compile-distribution.ts';
import { compilePublicKey } from '../distribution/compile-public-key.ts';
import type { CompiledDistribution, TrustedPublicKey } from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { parseDistributionConfig } from '../distribution/parse-distribution-config.ts';
import { compilePolicySet, type PolicySet } from '../policies/compile-policy-set.ts';
import type { EdgeApiResources } from './edge-api-resources.ts';
import type { EdgeConfig } from './edge-config.ts';
import { type EdgeFunctions, findEdgeFunction, loadEdgeFunctions } from './load-edge-functions.ts';

export type EdgeSnapshot = {
  readonly distributions: readonly CompiledDistribution[];
  /** By alias or generated domain name; case-insensitive, port and trailing dot ignored. */
  readonly findByHost: (host: string) => CompiledDistribution | undefined;
  /** Absolute paths of every file this snapshot was built from (distribution files, PEM keys). */
  readonly watchedFiles: readonly string[];
  /** Managed + custom policies, for the doctor and the control API. */
  readonly policies: PolicySet;
  readonly publicKeys: ReadonlyMap<string, TrustedPublicKey>;
  readonly keyGroups: ReadonlyMap<string, CompiledKeyGroup>;
  /** CloudFront Functions and KeyValueStores of `edge.functions` / `edge.keyValueStores`. */
  readonly functions: EdgeFunctions;
};

/** What the request pipeline and the edge's status pages read of a snapshot (tests build just this). */
export type EdgeSnapshotView = Pick<EdgeSnapshot, 'distributions' | 'findByHost'>;

/** `api`: the resources created through the CloudFront API, served next to the file-defined ones. */
export function loadEdgeSnapshot(
  edgeConfig: EdgeConfig,
  ctx: ConfigContext,
  api?: EdgeApiResources,
  now = new Date(),
): EdgeSnapshot {
  const watchedFiles: string[] = [];
  const functions = loadEdgeFunctions(edgeConfig.functions, edgeConfig.keyValueStores, ctx, now);
  watchedFiles.push(...functions.watchedFiles);
  const publicKeys = new Map<string, TrustedPublicKey>();
  for (const source of edgeConfig.publicKeys) {
    let pem: string;
    if (source.encodedKey.kind === 'pem') pem = source.encodedKey.pem;
    else {
      watchedFiles.push(source.encodedKey.path);
      pem = ctx.readText(source.encodedKey.path, source.jsonPath);
    }
    publicKeys.set(source.id, compilePublicKey(source.id, pem, source.jsonPath));
  }
  for (const key of api?.publicKeys ?? [])
    publicKeys.set(key.id, compilePublicKey(key.id, key.encodedKey, `PublicKey(${key.id}).EncodedKey`));
  const keyGroups = compileKeyGroups(
    [...edgeConfig.keyGroups, ...(api?.keyGroups ?? [])],
    publicKeys,
    `${edgeConfig.jsonPath}.keyGroups`,
  );
  const policies = api === undefined ? edgeConfig.policies : mergePolicies(edgeConfig.policies, api);
  const originAccessControls = [...edgeConfig.originAccessControls, ...(api?.originAccessControls ?? [])];
  const fromFiles = edgeConfig.distributions.map((source) => {
    let document: unknown = source.inline;
    let sourceName = `${source.jsonPath}.config`;
    if (source.configPath !== undefined) {
      watchedFiles.push(source.configPath);
      sourceName = source.configPath;
      const text = ctx.readText(source.configPath, `${source.jsonPath}.config`);
      try {
        document = JSON.parse(text);
      } catch (error) {
        throw new ConfigError(
          `${source.jsonPath}.config`,
          `"${source.configPath}" is not valid JSON: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    const config = parseDistributionConfig(document, sourceName);
    checkFunctionAssociations(config, functions, sourceName);
    let compiled: CompiledDistribution;
    try {
      compiled = compileDistribution({
        id: source.id,
        config,
        keyGroups,
        publicKeys,
        trustedSigners: edgeConfig.trustedSigners,
        policies,
        originEndpoints: edgeConfig.origins,
        originAccessControls,
      });
    } catch (error) {
      if (error instanceof DistributionConfigError && error.source === undefined)
        throw error.withSource(sourceName);
      throw error;
    }
    refuseS3EndpointsOnCustomOrigins(compiled);
    return compiled;
  });
  const fromApi = (api?.distributions ?? []).map((entry) => {
    const source = `Distribution(${entry.id})`;
    return compileDistribution({
      id: entry.id,
      etag: entry.etag,
      config: parseDistributionConfig(entry.config, source),
      keyGroups,
      publicKeys,
      trustedSigners: edgeConfig.trustedSigners,
      policies,
      originEndpoints: edgeConfig.origins,
      originAccessControls,
    });
  });
  const distributions = [...fromFiles, ...fromApi];
  const byHost = indexHosts(distributions, edgeConfig);
  return Object.freeze({
    distributions: Object.freeze(distributions),
    findByHost: (host: string) => lookupHost(byHost, host),
    watchedFiles: Object.freeze([...new Set(watchedFiles)]),
    policies,
    publicKeys,
    keyGroups,
    functions,
  });
}

/** The config file's policies (managed + custom) plus the API's custom ones. */
function mergePolicies(fromFile: PolicySet, api: EdgeApiResources): PolicySet {
  const compiled = compilePolicySet({
    cachePolicies: api.cachePolicies,
    originRequestPolicies: api.originRequestPolicies,
    responseHeadersPolicies: api.responseHeadersPolicies,
    jsonPath: 'api',
  });
  return Object.freeze({
    cachePolicies: new Map([...fromFile.cachePolicies, ...compiled.cachePolicies]),
    originRequestPolicies: new Map([...fromFile.originRequestPolicies, ...compiled.originRequestPolicies]),
    responseHeadersPolicies: new Map([
      ...fromFile.responseHeadersPolicies,
      ...compiled.responseHeadersPolicies,
    ]),
  });
}

/** An `s3` endpoint signs for a bucket: the origin it serves must be an S3 REST origin (docs/decisions/edge-config-origins.md). */
function refuseS3EndpointsOnCustomOrigins(distribution: CompiledDistribution): void {
  for (const origin of distribution.origins.values())
    if (origin.endpoint.kind === 's3' && origin.config.kind !== 's3')
      throw new ConfigError(
        origin.endpoint.jsonPath,
        `origin "${origin.id}" of distribution ${distribution.id} is a custom origin ("${origin.domainName}"); an "s3" endpoint serves S3 REST origins (bucket.s3.region.amazonaws.com)`,
      );
}

/** Every associated function must exist in `edge.functions` (the API answers NoSuchFunctionExists). */
function checkFunctionAssociations(
  config: ReturnType<typeof parseDistributionConfig>,
  functions: EdgeFunctions,
  sourceName: string,
): void {
  for (const behavior of [config.defaultCacheBehavior, ...config.cacheBehaviors]) {
    for (const [eventType, arn] of Object.entries(behavior.functionAssociations)) {
      if (arn !== undefined && findEdgeFunction(functions, arn) === undefined)
        throw new DistributionConfigError(
          `${behavior.jsonPath}.FunctionAssociations`,
          'NoSuchFunctionExists',
          `the ${eventType} function "${arn}" is not defined in edge.functions`,
        ).withSource(sourceName);
    }
  }
}

type HostIndex = {
  readonly exact: ReadonlyMap<string, CompiledDistribution>;
  /** `*.example.com` aliases keyed by `example.com`. */
  readonly wildcard: ReadonlyMap<string, CompiledDistribution>;
};

function indexHosts(distributions: readonly CompiledDistribution[], edgeConfig: EdgeConfig): HostIndex {
  const exact = new Map<string, CompiledDistribution>();
  const wildcard = new Map<string, CompiledDistribution>();
  distributions.forEach((distribution, index) => {
    const names = [distribution.domainName, ...distribution.aliases];
    for (const name of names) {
      const [map, key] = name.startsWith('*.') ? [wildcard, name.slice(2)] : [exact, name];
      const owner = map.get(key);
      // An alternate domain name belongs to one distribution only (CNAMEAlreadyExists, AWS: "Amazon CloudFront API Reference").
      if (owner !== undefined)
        throw new DistributionConfigError(
          `${edgeConfig.jsonPath}.distributions[${index}]`,
          'CNAMEAlreadyExists',
          `"${name}" is already used by distribution ${owner.id}`,
        );
      map.set(key, distribution);
    }
  });
  return { exact, wildcard };
}

/** Normalises a Host header value: lower case, no port, no trailing dot; IPv6 literals keep their brackets. */
export function normalizeHost(host: string): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    return end < 0 ? name : name.slice(0, end + 1);
  }
  const colon = name.lastIndexOf(':');
  if (colon >= 0) name = name.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function lookupHost(index: HostIndex, host: string): CompiledDistribution | undefined {
  const name = normalizeHost(host);
  const found = index.exact.get(name);
  if (found !== undefined) return found;
  // A wildcard alias covers exactly one extra label (`*.example.com` ⇒ `a.example.com`), exact names win.
  const dot = name.indexOf('.');
  return dot > 0 ? index.wildcard.get(name.slice(dot + 1)) : undefined;
}
