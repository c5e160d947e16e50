// The configuration as the console lists it: each distribution with its behaviors (policies by name and
// ID), origins, function associations and trusted key groups. Pure: reads the live snapshot, never a secret
// (public keys are shown by ID only).

import type { EdgeSnapshot } from '../edge/config/index.ts';
import type { CompiledBehavior, CompiledDistribution } from '../edge/distribution/index.ts';

export type PolicyRef = { readonly id: string; readonly name: string } | null;

export type BehaviorView = {
  readonly pathPattern: string;
  readonly targetOriginId: string;
  readonly viewerProtocolPolicy: string;
  readonly allowedMethods: readonly string[];
  readonly cachedMethods: readonly string[];
  readonly compress: boolean;
  readonly cachePolicy: PolicyRef;
  readonly originRequestPolicy: PolicyRef;
  readonly responseHeadersPolicy: PolicyRef;
  /** Trusted key group IDs with their names; empty when the behavior is public. */
  readonly trustedKeyGroups: readonly {
    readonly id: string;
    readonly name: string;
    readonly keyIds: readonly string[];
  }[];
  readonly requiresSignature: boolean;
  /** CloudFront Functions / Lambda@Edge associations as configured (`EventType` → ARN). */
  readonly functions: readonly { readonly eventType: string; readonly arn: string; readonly kind: string }[];
  readonly legacy: boolean;
};

export type DistributionView = {
  readonly id: string;
  readonly domainName: string;
  readonly aliases: readonly string[];
  readonly enabled: boolean;
  readonly etag: string;
  readonly origins: readonly {
    readonly id: string;
    readonly domainName: string;
    readonly kind: string;
    readonly originAccessControlId?: string;
  }[];
  readonly behaviors: readonly BehaviorView[];
};

type Json = Readonly<Record<string, unknown>>;

function items(list: unknown): readonly Json[] {
  const found = (list as { Items?: unknown } | undefined)?.Items;
  return Array.isArray(found) ? (found as Json[]) : [];
}

/** The raw behavior JSON of a compiled behavior (the default one is `DefaultCacheBehavior`). */
function sourceBehavior(distribution: CompiledDistribution, behavior: CompiledBehavior): Json {
  const source = distribution.source;
  if (behavior.isDefault) return (source.DefaultCacheBehavior as Json | undefined) ?? {};
  return items(source.CacheBehaviors).find((b) => b.PathPattern === behavior.pathPattern) ?? {};
}

function functionAssociations(raw: Json): BehaviorView['functions'] {
  const cloudFront = items(raw.FunctionAssociations).map((f) => ({
    eventType: String(f.EventType ?? ''),
    arn: String(f.FunctionARN ?? ''),
    kind: 'CloudFront Function',
  }));
  const lambda = items(raw.LambdaFunctionAssociations).map((f) => ({
    eventType: String(f.EventType ?? ''),
    arn: String(f.LambdaFunctionARN ?? ''),
    kind: 'Lambda@Edge',
  }));
  return [...cloudFront, ...lambda];
}

function ref(policy: { readonly id: string; readonly name: string } | undefined): PolicyRef {
  return policy === undefined ? null : { id: policy.id, name: policy.name };
}

function describeBehavior(
  snapshot: EdgeSnapshot,
  distribution: CompiledDistribution,
  behavior: CompiledBehavior,
): BehaviorView {
  const raw = sourceBehavior(distribution, behavior);
  const groupIds =
    (raw.TrustedKeyGroups as { Enabled?: boolean } | undefined)?.Enabled === true
      ? items(raw.TrustedKeyGroups).map(String)
      : [];
  return {
    pathPattern: behavior.pathPattern,
    targetOriginId: behavior.targetOriginId,
    viewerProtocolPolicy: behavior.viewerProtocolPolicy,
    allowedMethods: [...behavior.allowedMethods],
    cachedMethods: [...behavior.cachedMethods],
    compress: behavior.compress,
    // A legacy behavior's cache policy is synthesized from ForwardedValues: it has no ID to show.
    cachePolicy: behavior.legacy ? null : ref(behavior.cachePolicy),
    originRequestPolicy: ref(behavior.originRequestPolicy),
    responseHeadersPolicy: ref(behavior.responseHeadersPolicy),
    trustedKeyGroups: groupIds.map((id) => {
      const group = snapshot.keyGroups.get(id);
      return { id, name: group?.name ?? '(unknown key group)', keyIds: group?.keys.map((k) => k.id) ?? [] };
    }),
    requiresSignature: behavior.requiresSignature,
    functions: functionAssociations(raw),
    legacy: behavior.legacy,
  };
}

export function describeDistributions(snapshot: EdgeSnapshot): DistributionView[] {
  return snapshot.distributions.map((distribution) => ({
    id: distribution.id,
    domainName: distribution.domainName,
    aliases: distribution.aliases,
    enabled: distribution.enabled,
    etag: distribution.etag,
    origins: [...distribution.origins.values()].map((origin) => {
      const oac = origin.config.kind === 's3' ? origin.config.originAccessControl?.id : undefined;
      return {
        id: origin.id,
        domainName: origin.domainName,
        kind: origin.config.kind,
        ...(oac === undefined ? {} : { originAccessControlId: oac }),
      };
    }),
    behaviors: distribution.behaviors.map((behavior) => describeBehavior(snapshot, distribution, behavior)),
  }));
}

/** Every policy name by ID (managed and custom), for labelling trace entries. */
export function policyNames(snapshot: EdgeSnapshot): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const map of [
    snapshot.policies.cachePolicies,
    snapshot.policies.originRequestPolicies,
    snapshot.policies.responseHeadersPolicies,
  ])
    for (const [id, policy] of map) names.set(id, policy.name);
  return names;
}

/** The key groups of the config with their public key IDs (never the key material). */
export function describeKeyGroups(snapshot: EdgeSnapshot): { id: string; name: string; keyIds: string[] }[] {
  return [...snapshot.keyGroups.values()].map((g) => ({
    id: g.id,
    name: g.name,
    keyIds: g.keys.map((k) => k.id),
  }));
}
