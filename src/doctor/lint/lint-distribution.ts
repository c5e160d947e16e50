// Static lint: before any request, predicts from a compiled distribution, its bucket's CORS rules and the
// doctor settings what a browser page will see, and warns with a code, severity, JSON path and fix
// (AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings", "Control origin requests with a policy", "Use managed cache policies"; AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)"). The rules live in lint-behavior-cors.ts,
// lint-behavior-preflights.ts and lint-cookie-settings.ts.

import type { CorsRule } from '../../cors/index.ts';
import type { CompiledBehavior, CompiledDistribution } from '../../edge/distribution/index.ts';
import { findUnemulatedFeatures } from '../../edge/distribution/index.ts';
import type { DoctorSettings } from './doctor-settings.ts';
import { lintBehaviorCors } from './lint-behavior-cors.ts';
import { lintBehaviorPreflights } from './lint-behavior-preflights.ts';
import { createLintContext } from './lint-context.ts';
import { lintCookieSettings } from './lint-cookie-settings.ts';
import type { LintFinding } from './lint-finding.ts';

export type { LintFinding, LintSeverity } from './lint-finding.ts';

export type LintDistributionInput = {
  readonly distribution: CompiledDistribution;
  /** Where the distribution sits in the config, e.g. `edge.distributions[0]` (file: its DistributionConfig). */
  readonly jsonPath: string;
  /** CORS rules by bucket name (`null` = bucket without CORS configuration); buckets not listed are unknown. */
  readonly bucketCors: ReadonlyMap<string, readonly CorsRule[] | null>;
  /** Where a bucket's rules were read when not from the config file (e.g. `GetBucketCors(media) on http://…`). */
  readonly bucketCorsSources?: ReadonlyMap<string, string>;
  readonly settings: DoctorSettings;
  /** The running edge's admin listener, named by the invalidate commands in fixes. */
  readonly adminUrl?: string;
};

function behaviorPath(input: LintDistributionInput, behavior: CompiledBehavior, index: number): string {
  return behavior.isDefault
    ? `${input.jsonPath}.DistributionConfig.DefaultCacheBehavior`
    : `${input.jsonPath}.DistributionConfig.CacheBehaviors.Items[${index}]`;
}

export function lintDistribution(input: LintDistributionInput): LintFinding[] {
  const findings: LintFinding[] = [];
  const { distribution } = input;
  const context = createLintContext(distribution, input.settings, findings, input.adminUrl);
  distribution.behaviors.forEach((behavior, index) => {
    const path = behaviorPath(input, behavior, index);
    const origin = distribution.origins.get(behavior.targetOriginId);
    const bucket = origin?.config.kind === 's3' ? origin.config.bucket : undefined;
    const rules = bucket === undefined ? undefined : input.bucketCors.get(bucket);
    const source = bucket === undefined ? undefined : input.bucketCorsSources?.get(bucket);
    lintBehaviorCors(context, behavior, path, { bucket, rules, ...(source === undefined ? {} : { source }) });
    lintBehaviorPreflights(context, behavior, path);
  });
  lintCookieSettings(context);
  for (const unemulated of findUnemulatedFeatures(distribution.source)) {
    context.add(
      'feature-not-emulated',
      'warning',
      `${input.jsonPath}.DistributionConfig.${unemulated.jsonPath}`,
      `Frontgate does not emulate ${unemulated.feature}: ${unemulated.consequence}. On CloudFront the answers may differ.`,
      'Test this part of the setup on AWS, or remove it from the local copy of the config to make the difference explicit.',
    );
  }
  return findings;
}
