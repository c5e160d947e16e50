// Compiles a parsed DistributionConfig plus the account-level tables (policies, key groups, public keys, OACs)
// and the local origin map into the immutable `CompiledDistribution` every edge stage reads
// (AWS: "Specify signers that can create signed URLs and signed cookies", "Cache behavior settings", "Understand cache policies", "Generate custom error responses", AWS: "Restrict access to an Amazon S3 origin"; choices in docs/decisions/edge-config-*.md).

import { createHash } from 'node:crypto';
import { compileLegacyForwardedValues } from '../policies/compile-legacy-forwarded-values.ts';
import { type CustomPolicies, compilePolicySet, type PolicySet } from '../policies/compile-policy-set.ts';
import type {
  CompiledBehavior,
  CompiledDistribution,
  CompiledOrigin,
  CustomErrorResponse,
  OriginEndpoint,
  TrustedPublicKey,
} from './compiled-distribution.ts';
import type { CompiledKeyGroup } from './compile-key-groups.ts';
import { DistributionConfigError, type DistributionConfigErrorCode } from './distribution-config-error.ts';
import { generatedDomainName } from './generated-domain-name.ts';
import type {
  ParsedCacheBehavior,
  ParsedDistributionConfig,
  ParsedOrigin,
} from './parsed-distribution-config.ts';
import { compilePathPattern } from './path-pattern.ts';
import { parseS3OriginDomain } from './s3-origin-domain.ts';

/** `{ Id, OriginAccessControlConfig }` as `aws cloudfront get-origin-access-control` prints it (AWS: "Restrict access to an Amazon S3 origin"). */
export type OriginAccessControlEntry = {
  readonly Id: string;
  readonly OriginAccessControlConfig: {
    readonly Name: string;
    readonly Description?: string;
    readonly SigningProtocol: 'sigv4';
    readonly SigningBehavior: 'always' | 'never' | 'no-override';
    readonly OriginAccessControlOriginType: 's3' | 'mediastore' | 'mediapackagev2' | 'lambda';
  };
};

/** Legacy trusted signer: an AWS account number (or `self`) and the ids of its CloudFront key pairs. */
export type TrustedSignerEntry = {
  readonly AwsAccountNumber: string;
  readonly KeyPairIds: readonly string[];
};

export type CompileDistributionInput = {
  readonly id: string;
  readonly config: ParsedDistributionConfig;
  /** Overrides the document's ETag; without either, one is derived from the config's content. */
  readonly etag?: string;
  /** Key groups by id (from `compileKeyGroups`). */
  readonly keyGroups?: ReadonlyMap<string, CompiledKeyGroup>;
  /** All public keys by id (key-group keys and legacy key pairs). */
  readonly publicKeys?: ReadonlyMap<string, TrustedPublicKey>;
  readonly trustedSigners?: readonly TrustedSignerEntry[];
  /** Managed + custom policies (from `compilePolicySet`); when absent, built from `customPolicies`. */
  readonly policies?: PolicySet;
  /** Custom policies in API shape, used only when `policies` is absent. */
  readonly customPolicies?: CustomPolicies;
  /** Local endpoints keyed by origin domain name or origin id (config `edge.origins`). */
  readonly originEndpoints?: ReadonlyMap<string, OriginEndpoint>;
  readonly originAccessControls?: readonly OriginAccessControlEntry[];
};

/** The assumption for an OAC id the config does not define (docs/decisions/edge-config-origins.md). */
export const ASSUMED_ORIGIN_ACCESS_CONTROL = Object.freeze({
  SigningProtocol: 'sigv4',
  SigningBehavior: 'always',
  OriginAccessControlOriginType: 's3',
} as const);

export function compileDistribution(input: CompileDistributionInput): CompiledDistribution {
  const { config } = input;
  const policies = input.policies ?? compilePolicySet(input.customPolicies ?? {});
  const origins = new Map<string, CompiledOrigin>();
  for (const origin of config.origins) origins.set(origin.id, compileOrigin(origin, input));
  // Origin groups: requests go to the primary member; failover is not emulated (docs/decisions/edge-config-origins.md).
  for (const group of config.originGroups) origins.set(group.id, origins.get(group.memberOriginIds[0])!);
  const behaviors = [...config.cacheBehaviors, config.defaultCacheBehavior].map((behavior) =>
    compileBehavior(behavior, origins, policies, input),
  );
  const customErrorResponses = new Map<number, CustomErrorResponse>(
    config.customErrorResponses.map((response) => [response.errorCode, response]),
  );
  return Object.freeze({
    id: input.id,
    domainName: generatedDomainName(input.id),
    aliases: config.aliases,
    enabled: config.enabled,
    defaultRootObject: config.defaultRootObject,
    httpVersion: config.httpVersion,
    etag: input.etag ?? config.etag ?? deriveETag(config.source),
    origins,
    behaviors: Object.freeze(behaviors),
    customErrorResponses,
    source: config.source,
  });
}

/** A CloudFront-looking ETag (`E` + 13 upper-case alphanumerics) that changes with the config's content. */
function deriveETag(source: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(source)).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let etag = 'E';
  for (let index = 0; index < 13; index++) etag += alphabet[digest[index] % alphabet.length];
  return etag;
}

function compileOrigin(origin: ParsedOrigin, input: CompileDistributionInput): CompiledOrigin {
  const s3 = parseS3OriginDomain(origin.domainName);
  const mapped = input.originEndpoints?.get(origin.domainName) ?? input.originEndpoints?.get(origin.id);
  const readTimeoutSeconds =
    origin.s3OriginConfig?.originReadTimeoutSeconds ??
    origin.customOriginConfig?.originReadTimeoutSeconds ??
    30;
  const common = {
    id: origin.id,
    domainName: origin.domainName,
    originPath: origin.originPath,
    customHeaders: origin.customHeaders,
    connectionAttempts: origin.connectionAttempts,
    connectionTimeoutMs: origin.connectionTimeoutSeconds * 1000,
    readTimeoutMs: readTimeoutSeconds * 1000,
  };
  const oac = resolveOriginAccessControl(origin, input.originAccessControls ?? [], s3 !== undefined);
  if (s3 !== undefined) {
    return Object.freeze({
      ...common,
      // Unmapped S3 origins are served by the embedded store (docs/decisions/edge-config-origins.md).
      endpoint: mapped ?? Object.freeze({ kind: 'embedded' }),
      config: Object.freeze({
        kind: 's3',
        bucket: s3.bucket,
        region: s3.region,
        ...(oac === undefined ? {} : { originAccessControl: oac }),
      }),
    });
  }
  const custom = origin.customOriginConfig ?? {
    httpPort: 80,
    httpsPort: 443,
    originProtocolPolicy: 'https-only' as const,
    originReadTimeoutSeconds: 30,
    originKeepaliveTimeoutSeconds: 5,
  };
  return Object.freeze({
    ...common,
    // Unmapped custom origins are reached at their real domain.
    endpoint: mapped ?? Object.freeze({ kind: 'url', url: realOriginUrl(origin.domainName, custom) }),
    config: Object.freeze({
      kind: 'custom',
      httpPort: custom.httpPort,
      httpsPort: custom.httpsPort,
      protocolPolicy: custom.originProtocolPolicy,
      keepaliveTimeoutMs: custom.originKeepaliveTimeoutSeconds * 1000,
    }),
  });
}

function realOriginUrl(
  domainName: string,
  custom: { readonly httpPort: number; readonly httpsPort: number; readonly originProtocolPolicy: string },
): string {
  if (custom.originProtocolPolicy === 'http-only')
    return custom.httpPort === 80 ? `http://${domainName}` : `http://${domainName}:${custom.httpPort}`;
  return custom.httpsPort === 443 ? `https://${domainName}` : `https://${domainName}:${custom.httpsPort}`;
}

function resolveOriginAccessControl(
  origin: ParsedOrigin,
  controls: readonly OriginAccessControlEntry[],
  isS3: boolean,
): { readonly id: string; readonly signingBehavior: 'always' | 'never' | 'no-override' } | undefined {
  if (origin.originAccessControlId === '') return undefined;
  const entry = controls.find((control) => control.Id === origin.originAccessControlId);
  const config = entry?.OriginAccessControlConfig ?? ASSUMED_ORIGIN_ACCESS_CONTROL;
  if (config.OriginAccessControlOriginType === 's3' && !isS3)
    throw new DistributionConfigError(
      `${origin.jsonPath}.OriginAccessControlId`,
      'IllegalOriginAccessConfiguration',
      `origin access control "${origin.originAccessControlId}" is for S3 but "${origin.domainName}" is not an S3 REST endpoint`,
    );
  if (!isS3) return undefined;
  if (config.OriginAccessControlOriginType !== 's3')
    throw new DistributionConfigError(
      `${origin.jsonPath}.OriginAccessControlId`,
      'IllegalOriginAccessConfiguration',
      `origin access control "${origin.originAccessControlId}" is for ${config.OriginAccessControlOriginType} origins, not S3`,
    );
  return Object.freeze({ id: origin.originAccessControlId, signingBehavior: config.SigningBehavior });
}

/** A behavior's policy id must name a managed or configured policy of that kind (AWS: "Understand cache policies"). */
function findPolicy<P>(
  table: ReadonlyMap<string, P>,
  id: string,
  path: string,
  missing: { readonly code: DistributionConfigErrorCode; readonly kind: string },
): P {
  const policy = table.get(id);
  if (policy === undefined)
    throw new DistributionConfigError(
      path,
      missing.code,
      `no managed or configured ${missing.kind} has the id "${id}"`,
    );
  return policy;
}

function compileBehavior(
  behavior: ParsedCacheBehavior,
  origins: ReadonlyMap<string, CompiledOrigin>,
  policies: PolicySet,
  input: CompileDistributionInput,
): CompiledBehavior {
  const path = behavior.jsonPath;
  let cachePolicy: CompiledBehavior['cachePolicy'];
  let originRequestPolicy: CompiledBehavior['originRequestPolicy'];
  const legacy = behavior.cachePolicyId === undefined;
  if (behavior.cachePolicyId !== undefined) {
    cachePolicy = findPolicy(policies.cachePolicies, behavior.cachePolicyId, `${path}.CachePolicyId`, {
      code: 'NoSuchCachePolicy',
      kind: 'cache policy',
    });
    if (behavior.originRequestPolicyId !== undefined)
      originRequestPolicy = findPolicy(
        policies.originRequestPolicies,
        behavior.originRequestPolicyId,
        `${path}.OriginRequestPolicyId`,
        { code: 'NoSuchOriginRequestPolicy', kind: 'origin request policy' },
      );
  } else {
    const compiled = compileLegacyForwardedValues(`legacy:${path}`, behavior.source, path, behavior.compress);
    cachePolicy = compiled.cachePolicy;
    originRequestPolicy = compiled.originRequestPolicy;
    // S3 cannot receive the viewer's Host (AWS: "Use managed origin request policies" notes: InvalidHeadersForS3Origin).
    const target = origins.get(behavior.targetOriginId);
    if (target?.config.kind === 's3' && cachePolicy.headers.names.includes('host'))
      throw new DistributionConfigError(
        `${path}.ForwardedValues.Headers`,
        'InvalidHeadersForS3Origin',
        'an S3 origin cannot receive the viewer Host header',
      );
  }
  const responseHeadersPolicy =
    behavior.responseHeadersPolicyId === undefined
      ? undefined
      : findPolicy(
          policies.responseHeadersPolicies,
          behavior.responseHeadersPolicyId,
          `${path}.ResponseHeadersPolicyId`,
          { code: 'NoSuchResponseHeadersPolicy', kind: 'response headers policy' },
        );
  const { requiresSignature, trustedKeys } = compileTrustedKeys(behavior, input);
  return Object.freeze({
    pathPattern: behavior.pathPattern,
    isDefault: behavior.isDefault,
    matches: behavior.isDefault ? () => true : compilePathPattern(behavior.pathPattern),
    targetOriginId: behavior.targetOriginId,
    viewerProtocolPolicy: behavior.viewerProtocolPolicy,
    allowedMethods: new Set(behavior.allowedMethods),
    cachedMethods: new Set(behavior.cachedMethods),
    compress: behavior.compress,
    requiresSignature,
    trustedKeys,
    cachePolicy,
    ...(originRequestPolicy === undefined ? {} : { originRequestPolicy }),
    ...(responseHeadersPolicy === undefined ? {} : { responseHeadersPolicy }),
    functionAssociations: behavior.functionAssociations,
    legacy,
  });
}

/**
 * Signatures are required iff the signer list is enabled and non-empty (AWS: "Specify signers that can create signed URLs and signed cookies"). Key groups resolve to
 * their public keys; legacy trusted signers (account numbers) resolve through config `edge.trustedSigners`.
 */
function compileTrustedKeys(
  behavior: ParsedCacheBehavior,
  input: CompileDistributionInput,
): { requiresSignature: boolean; trustedKeys: ReadonlyMap<string, TrustedPublicKey> } {
  const path = behavior.jsonPath;
  const trustedKeys = new Map<string, TrustedPublicKey>();
  // Unknown ids are refused even when the list is disabled, as the API refuses them on update.
  behavior.trustedKeyGroups.items.forEach((groupId, index) => {
    const group = input.keyGroups?.get(groupId);
    if (group === undefined)
      throw new DistributionConfigError(
        `${path}.TrustedKeyGroups.Items[${index}]`,
        'TrustedKeyGroupDoesNotExist',
        `no key group has the id "${groupId}"`,
      );
    if (behavior.trustedKeyGroups.enabled) for (const key of group.keys) trustedKeys.set(key.id, key);
  });
  behavior.trustedSigners.items.forEach((account, index) => {
    const signer = input.trustedSigners?.find((entry) => entry.AwsAccountNumber === account);
    if (signer === undefined)
      throw new DistributionConfigError(
        `${path}.TrustedSigners.Items[${index}]`,
        'TrustedSignerDoesNotExist',
        `no entry in edge.trustedSigners has AwsAccountNumber "${account}"`,
      );
    for (const keyPairId of signer.KeyPairIds) {
      const key = input.publicKeys?.get(keyPairId);
      if (key === undefined)
        throw new DistributionConfigError(
          `${path}.TrustedSigners.Items[${index}]`,
          'NoSuchPublicKey',
          `key pair "${keyPairId}" of trusted signer "${account}" is not among the configured public keys`,
        );
      if (behavior.trustedSigners.enabled) trustedKeys.set(key.id, key);
    }
  });
  const requiresSignature =
    (behavior.trustedKeyGroups.enabled && behavior.trustedKeyGroups.items.length > 0) ||
    (behavior.trustedSigners.enabled && behavior.trustedSigners.items.length > 0);
  return { requiresSignature, trustedKeys: requiresSignature ? trustedKeys : new Map() };
}
