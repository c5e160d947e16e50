// Lints a whole Frontgate config: every distribution of the `edge` section with the bucket CORS of the `s3`
// section and the `doctor` settings (optionally overridden from the command line).

import type { FrontgateConfig } from '../../config/index.ts';
import type { CorsRule } from '../../cors/index.ts';
import { type EdgeApiResources, loadEdgeSnapshot, parseEdgeConfig } from '../../edge/config/index.ts';
import type { DoctorSettings } from './doctor-settings.ts';
import { parseDoctorSettings } from './doctor-settings.ts';
import type { DistributionStatus } from '../../edge/index.ts';
import type { LintFinding } from './lint-distribution.ts';
import { lintRunningEdge } from './lint-running-edge.ts';
import { lintDistribution } from './lint-distribution.ts';
import { adminUrlFromConfigJson } from '../../edge/index.ts';
import { lintEdgeFunctions } from './lint-function-code.ts';
import {
  type BucketPolicyState,
  describeAllowedDistributionsPolicy,
  lintOriginAccess,
} from './lint-origin-access.ts';

export type BucketCorsState = {
  readonly bucket: string;
  /** `null`: the bucket has no CORS configuration (NoSuchCORSConfiguration). */
  readonly rules: readonly CorsRule[] | null;
  /** Where it was read, named by findings, e.g. `GetBucketCors(media) on http://127.0.0.1:9000`. */
  readonly source: string;
};

export type LintOverrides = {
  readonly pageOrigins?: readonly string[];
  readonly backendOrigin?: string;
  readonly cookie?: DoctorSettings['cookie'];
  /** What the running edge's admin listener reports (`GET /distributions`), for the stale-cache check. */
  readonly runningEdge?: readonly DistributionStatus[];
  /**
   * Bucket policies read elsewhere (e.g. from a running instance's S3 API), by bucket; they replace what
   * the config states for the same bucket.
   */
  readonly bucketPolicies?: readonly BucketPolicyState[];
  /** Bucket CORS read elsewhere (a running instance's GetBucketCors), by bucket; replaces the config's. */
  readonly bucketCors?: readonly BucketCorsState[];
  /**
   * Resources created through a running instance's CloudFront API (distributions, key groups, public keys,
   * OACs, custom policies), linted next to the file-defined ones as the edge serves them together.
   */
  readonly apiResources?: EdgeApiResources;
  /** Where `apiResources` were read, for messages (e.g. `http://127.0.0.1:9000`). */
  readonly apiEndpoint?: string;
  /** The admin listener `runningEdge` was read from: the fix's invalidate command targets it. */
  readonly runningEdgeAdminUrl?: string;
};

/** The bucket policies the config states, then those given from elsewhere (which win). */
function knownBucketPolicies(
  config: FrontgateConfig,
  overrides: LintOverrides,
): Map<string, BucketPolicyState> {
  const known = new Map<string, BucketPolicyState>();
  config.s3.buckets.forEach((b, i) => {
    known.set(b.name, {
      bucket: b.name,
      policy: b.policy ?? null,
      source: `s3.buckets[${i}] of the config`,
      authoritative: false,
    });
  });
  for (const state of overrides.bucketPolicies ?? []) known.set(state.bucket, state);
  return known;
}

export function mergeDoctorSettings(base: DoctorSettings, overrides: LintOverrides): DoctorSettings {
  return {
    ...base,
    pageOrigins:
      overrides.pageOrigins !== undefined && overrides.pageOrigins.length > 0
        ? overrides.pageOrigins
        : base.pageOrigins,
    backendOrigin: overrides.backendOrigin ?? base.backendOrigin,
    cookie: overrides.cookie ?? base.cookie,
  };
}

export function lintConfig(config: FrontgateConfig, overrides: LintOverrides = {}): LintFinding[] {
  const settings = mergeDoctorSettings(parseDoctorSettings(config.raw.doctor), overrides);
  const bucketCors = new Map<string, readonly CorsRule[] | null>(
    config.s3.buckets.map((b) => [b.name, b.cors]),
  );
  for (const state of overrides.bucketCors ?? []) bucketCors.set(state.bucket, state.rules);
  const bucketCorsSources = new Map((overrides.bucketCors ?? []).map((s) => [s.bucket, s.source]));
  const apiDistributions = overrides.apiResources?.distributions.length ?? 0;
  if (config.edge === undefined && apiDistributions === 0) {
    return [
      {
        code: 'no-distributions',
        severity: 'info',
        jsonPath: 'edge',
        message:
          overrides.apiResources === undefined
            ? 'The config has no edge section: nothing to lint.'
            : `The config has no edge section and ${overrides.apiEndpoint ?? 'the running instance'} has no distribution created through the CloudFront API: nothing to lint.`,
        fix: 'Add edge.distributions, or create a distribution (aws cloudfront create-distribution).',
      },
    ];
  }
  // The running instance serves its API-created distributions with an edge on defaults when the config has none.
  const edgeConfig = config.edge ?? parseEdgeConfig({}, config.context);
  const snapshot = loadEdgeSnapshot(edgeConfig, config.context, overrides.apiResources);
  const fileCount = edgeConfig.distributions.length;
  const api =
    overrides.apiEndpoint === undefined
      ? 'the CloudFront API'
      : `the CloudFront API at ${overrides.apiEndpoint}`;
  // File-defined distributions come first in a snapshot, then the API-created ones.
  const jsonPathOf = (index: number) =>
    index < fileCount
      ? (edgeConfig.distributions[index]?.jsonPath ?? `edge.distributions[${index}]`)
      : `Distribution(${snapshot.distributions[index]?.id}) of ${api}`;
  // The edge this config runs: the invalidate commands in fixes target its admin listener.
  const adminUrl = overrides.runningEdgeAdminUrl ?? adminUrlFromConfigJson(config.raw);
  const bucketPolicies = knownBucketPolicies(config, overrides);
  const findings = snapshot.distributions.flatMap((distribution, index) => [
    ...lintDistribution({
      distribution,
      jsonPath: jsonPathOf(index),
      bucketCors,
      bucketCorsSources,
      settings,
      adminUrl,
    }),
    ...lintOriginAccess({
      distribution,
      jsonPath: jsonPathOf(index),
      accountId: config.s3.accountId,
      bucketPolicies,
    }),
  ]);
  config.s3.buckets.forEach((b, i) => {
    if (b.allowedDistributionIds.length > 0 && b.policy != null)
      findings.push(
        describeAllowedDistributionsPolicy(b.name, `s3.buckets[${i}].allowedDistributions`, b.policy),
      );
  });
  findings.push(...lintEdgeFunctions(snapshot, edgeConfig.functions));
  if (overrides.runningEdge !== undefined)
    findings.push(
      ...lintRunningEdge(
        snapshot.distributions.map((d, index) => ({ id: d.id, etag: d.etag, jsonPath: jsonPathOf(index) })),
        overrides.runningEdge,
        adminUrl,
      ),
    );
  return findings;
}

export function renderLintFindings(findings: readonly LintFinding[]): string {
  if (findings.length === 0) return 'No problems found.\n';
  const order = { error: 0, warning: 1, info: 2 } as const;
  return `${[...findings]
    .sort((a, b) => order[a.severity] - order[b.severity])
    .map((f) => `${f.severity.toUpperCase()} ${f.code} at ${f.jsonPath}\n  ${f.message}\n  Fix: ${f.fix}`)
    .join('\n\n')}\n`;
}
