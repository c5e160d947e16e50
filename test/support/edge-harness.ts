// Builds a running edge for tests: distributions compiled from AWS-shaped JSON with their origins pointed
// at local servers, a real HTTP listener on port 0, an injectable clock, memory or disk cache.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { silentLogger, type Logger } from '../../src/log/logger.ts';
import { compileDistribution } from '../../src/edge/distribution/compile-distribution.ts';
import type {
  CompiledDistribution,
  OriginEndpoint,
  TrustedPublicKey,
} from '../../src/edge/distribution/compiled-distribution.ts';
import type { CompiledKeyGroup } from '../../src/edge/distribution/compile-key-groups.ts';
import type { TrustedSignerEntry } from '../../src/edge/distribution/compile-distribution.ts';
import { parseDistributionConfig } from '../../src/edge/distribution/parse-distribution-config.ts';
import { createEdge, type CreateEdgeOptions, type Edge } from '../../src/edge/create-edge.ts';
import { startHttpListener } from '../../src/edge/edge-server.ts';
import type { EdgeSnapshotView } from '../../src/edge/config/load-edge-snapshot.ts';
import type { CustomPolicies } from '../../src/edge/policies/index.ts';

export type TestDistribution = {
  readonly id: string;
  /** `aws cloudfront get-distribution-config` output, a `DistributionConfig`, or a bare config. */
  readonly config: unknown;
  /** Origin domain name or id → local URL. */
  readonly originUrls: Readonly<Record<string, string>>;
  readonly customPolicies?: CustomPolicies;
  readonly keyGroups?: ReadonlyMap<string, CompiledKeyGroup>;
  readonly publicKeys?: ReadonlyMap<string, TrustedPublicKey>;
  /** Legacy `TrustedSigners` account numbers → key pair ids (config `edge.trustedSigners`). */
  readonly trustedSigners?: readonly TrustedSignerEntry[];
};

export function compileTestDistribution(d: TestDistribution): CompiledDistribution {
  const endpoints = new Map<string, OriginEndpoint>();
  for (const [name, url] of Object.entries(d.originUrls)) endpoints.set(name, { kind: 'url', url });
  return compileDistribution({
    id: d.id,
    config: parseDistributionConfig(d.config, 'test'),
    customPolicies: d.customPolicies,
    keyGroups: d.keyGroups,
    publicKeys: d.publicKeys,
    trustedSigners: d.trustedSigners,
    originEndpoints: endpoints,
  });
}

export type EdgeHarness = {
  readonly url: string;
  readonly edge: Edge;
  /** Replaces the served distributions (a config reload), keeping the cache. */
  readonly setDistributions: (distributions: readonly CompiledDistribution[]) => void;
  readonly clock: { nowMs: number; advance: (seconds: number) => void };
  readonly dataDir: string;
};

export function snapshotOf(distributions: readonly CompiledDistribution[]): EdgeSnapshotView {
  const byHost = new Map<string, CompiledDistribution>();
  for (const d of distributions) {
    byHost.set(d.domainName, d);
    for (const alias of d.aliases) byHost.set(alias, d);
  }
  return { distributions, findByHost: (host: string) => byHost.get(host) };
}

export async function startEdgeHarness(
  t: TestContext,
  distributions: readonly CompiledDistribution[],
  options: Partial<CreateEdgeOptions> & { readonly disk?: boolean; readonly logger?: Logger } = {},
): Promise<EdgeHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-edge-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const clock = {
    nowMs: Date.UTC(2026, 0, 15, 12, 0, 0),
    advance(seconds: number) {
      clock.nowMs += seconds * 1000;
    },
  };
  let snapshot = snapshotOf(distributions);
  const edge = createEdge({
    logger: options.logger ?? silentLogger,
    nowMs: () => clock.nowMs,
    dataDir: options.disk ? dataDir : undefined,
    ...options,
    snapshot: () => snapshot,
  });
  const listener = await startHttpListener(
    { host: '127.0.0.1', port: 0 },
    (v, s) => edge.runtime.handle(v, s),
    () => clock.nowMs,
    () => {},
    { requestTooLarge: () => edge.runtime.renderRequestTooLarge() },
  );
  t.after(async () => {
    await listener.close();
    await edge.close();
  });
  return {
    url: listener.url,
    edge,
    setDistributions: (next) => {
      snapshot = snapshotOf(next);
    },
    clock,
    dataDir,
  };
}

/** A minimal DistributionConfig with one origin and a default behavior; override parts as needed. */
export function distributionConfig(overrides: {
  aliases?: string[];
  originDomain?: string;
  s3?: boolean;
  defaultBehavior?: Record<string, unknown>;
  cacheBehaviors?: Record<string, unknown>[];
  defaultRootObject?: string;
  customErrorResponses?: Record<string, unknown>[];
  originExtra?: Record<string, unknown>;
}): Record<string, unknown> {
  const domain =
    overrides.originDomain ?? (overrides.s3 ? 'media.s3.us-east-1.amazonaws.com' : 'origin.example.com');
  const origin: Record<string, unknown> = {
    Id: 'origin-1',
    DomainName: domain,
    OriginPath: '',
    CustomHeaders: { Quantity: 0 },
    ConnectionAttempts: 1,
    ConnectionTimeout: 2,
    ...(overrides.s3
      ? { S3OriginConfig: { OriginAccessIdentity: '' } }
      : {
          CustomOriginConfig: {
            HTTPPort: 80,
            HTTPSPort: 443,
            OriginProtocolPolicy: 'http-only',
            OriginReadTimeout: 2,
            OriginKeepaliveTimeout: 5,
          },
        }),
    ...overrides.originExtra,
  };
  const behavior = (extra: Record<string, unknown>) => ({
    TargetOriginId: 'origin-1',
    ViewerProtocolPolicy: 'allow-all',
    AllowedMethods: {
      Quantity: 2,
      Items: ['GET', 'HEAD'],
      CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
    },
    Compress: false,
    CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    ...extra,
  });
  return {
    DistributionConfig: {
      CallerReference: 'test',
      Aliases: { Quantity: overrides.aliases?.length ?? 0, Items: overrides.aliases ?? [] },
      DefaultRootObject: overrides.defaultRootObject ?? '',
      Origins: { Quantity: 1, Items: [origin] },
      DefaultCacheBehavior: behavior(overrides.defaultBehavior ?? {}),
      CacheBehaviors: {
        Quantity: overrides.cacheBehaviors?.length ?? 0,
        Items: (overrides.cacheBehaviors ?? []).map((b) => behavior(b)),
      },
      CustomErrorResponses: {
        Quantity: overrides.customErrorResponses?.length ?? 0,
        Items: overrides.customErrorResponses ?? [],
      },
      Comment: '',
      Enabled: true,
    },
  };
}
