// Lint: will S3 let the distribution's origin access control (OAC) read? For every S3 origin signed with
// OAC whose bucket's policy is known, evaluates the bucket policy as S3 does for CloudFront's request
// (service principal cloudfront.amazonaws.com, aws:SourceArn = the distribution's ARN, s3:GetObject on a
// key each behavior serves) and explains the 403 AccessDenied the viewer would get, with the statement to
// add. The bucket policies come in as data, from the config today and from a running instance's S3 API
// alike ("Restrict access to an Amazon S3 origin", Amazon CloudFront Developer Guide).

import type { CompiledDistribution } from '../../edge/distribution/index.ts';
import {
  distributionArn,
  evaluateBucketPolicy,
  MalformedPolicyError,
  parseBucketPolicy,
  readOnlyOriginAccessStatement,
} from '../../s3/index.ts';
import type { LintFinding } from './lint-distribution.ts';

/** One bucket's policy as some source knows it. */
export type BucketPolicyState = {
  readonly bucket: string;
  /** The bucket policy document (JSON text), or null when the source knows of none. */
  readonly policy: string | null;
  /** Where it was read, for messages: `s3.buckets[0] of the config`, an S3 endpoint URL… */
  readonly source: string;
  /**
   * True when `policy: null` means the bucket has no policy (read from the store itself); false when the
   * source only states none (a config entry without `policy`/`allowedDistributions`: one may have been
   * set through the S3 API since).
   */
  readonly authoritative: boolean;
};

export type OriginAccessLintInput = {
  readonly distribution: CompiledDistribution;
  /** Where the distribution sits in the config, e.g. `edge.distributions[0]`. */
  readonly jsonPath: string;
  /** The account in the distribution's ARN (`s3.accountId`). */
  readonly accountId: string;
  /** The embedded store's buckets by name; buckets not listed are not judged. */
  readonly bucketPolicies: ReadonlyMap<string, BucketPolicyState>;
};

/** A key the behavior serves, to name in the resource ARN: its path pattern with wildcards filled in. */
function sampleKey(pathPattern: string, originPath: string): string {
  const key = pathPattern === '*' ? 'index.html' : pathPattern.replace(/^\//, '').replace(/[*?]/g, 'x');
  const prefix = originPath.replace(/^\//, '');
  return prefix === '' ? key : `${prefix}/${key}`;
}

function statementFix(bucket: string, accountId: string, distributionId: string): string {
  const statement = JSON.stringify(readOnlyOriginAccessStatement(bucket, accountId, distributionId), null, 2);
  return (
    `Add this statement to the bucket policy of ${bucket} (aws s3api put-bucket-policy --bucket ${bucket} ` +
    `--policy file://policy.json, or "allowedDistributions": ["${distributionId}"] on the bucket in frontgate.json):\n${statement}`
  );
}

export function lintOriginAccess(input: OriginAccessLintInput): LintFinding[] {
  const { distribution, accountId } = input;
  const findings: LintFinding[] = [];
  const arn = distributionArn(accountId, distribution.id);
  [...distribution.origins.values()].forEach((origin, index) => {
    const config = origin.config;
    // Only the embedded store's buckets are known here; another S3 endpoint's policies live there.
    if (origin.endpoint.kind !== 'embedded') return;
    if (config.kind !== 's3' || config.originAccessControl === undefined) return;
    if (config.originAccessControl.signingBehavior === 'never') return;
    const state = input.bucketPolicies.get(config.bucket);
    if (state === undefined) return;
    const jsonPath = `${input.jsonPath}.DistributionConfig.Origins.Items[${index}]`;
    const bucket = config.bucket;
    const fix = statementFix(bucket, accountId, distribution.id);
    const consequence =
      'S3 answers its OAC-signed requests with 403 AccessDenied, which CloudFront passes to the viewer (no CORS headers, so a page sees a network error).';
    if (state.policy === null) {
      findings.push(
        state.authoritative
          ? {
              code: 'origin-access-denied',
              severity: 'error',
              jsonPath,
              message: `Bucket ${bucket} (${state.source}) has no bucket policy, so nothing grants distribution ${distribution.id} (${arn}): ${consequence}`,
              fix,
            }
          : {
              code: 'origin-access-not-granted',
              severity: 'warning',
              jsonPath,
              message: `The config states no bucket policy for ${bucket} (${state.source}: no "policy" or "allowedDistributions"). Unless one granting distribution ${distribution.id} (${arn}) was set through the S3 API, ${consequence}`,
              fix,
            },
      );
      return;
    }
    let policy: ReturnType<typeof parseBucketPolicy>;
    try {
      policy = parseBucketPolicy(state.policy, bucket);
    } catch (error) {
      if (!(error instanceof MalformedPolicyError)) throw error;
      findings.push({
        code: 'bucket-policy-malformed',
        severity: 'error',
        jsonPath,
        message: `The bucket policy of ${bucket} (${state.source}) is not one S3 accepts: MalformedPolicy "${error.message}".`,
        fix: 'Correct the policy document; aws s3api put-bucket-policy reports the same message.',
      });
      return;
    }
    for (const behavior of distribution.behaviors) {
      if (behavior.targetOriginId !== origin.id) continue;
      const resource = `arn:aws:s3:::${bucket}/${sampleKey(behavior.pathPattern, origin.originPath)}`;
      const decision = evaluateBucketPolicy(policy, {
        requester: { kind: 'service', service: 'cloudfront.amazonaws.com' },
        action: 's3:GetObject',
        resource,
        context: new Map([
          ['aws:sourcearn', [arn]],
          ['aws:sourceaccount', [accountId]],
          ['aws:securetransport', ['true']],
        ]),
      });
      if (decision.effect === 'Allow') continue;
      const where = `behavior ${behavior.pathPattern} (s3:GetObject on ${resource})`;
      if (decision.effect === 'Deny') {
        const name = decision.sid ?? `#${decision.statementIndex + 1}`;
        findings.push({
          code: 'origin-access-denied',
          severity: 'error',
          jsonPath,
          message: `Statement ${name} of the bucket policy of ${bucket} (${state.source}) denies distribution ${distribution.id} (${arn}) for ${where}; an explicit Deny wins over any Allow, so ${consequence}`,
          fix: `Narrow statement ${name} (its Principal, Resource or Condition) so it does not match CloudFront's requests for this distribution, or remove it.`,
        });
      } else {
        findings.push({
          code: 'origin-access-denied',
          severity: 'error',
          jsonPath,
          message: `No statement of the bucket policy of ${bucket} (${state.source}) allows distribution ${distribution.id} (${arn}) for ${where}: ${consequence}`,
          fix,
        });
      }
      break;
    }
  });
  return findings;
}

/** What `allowedDistributions` of a bucket entry stands for, shown so the user sees the policy it applies. */
export function describeAllowedDistributionsPolicy(
  bucket: string,
  jsonPath: string,
  policy: string,
): LintFinding {
  return {
    code: 'allowed-distributions-policy',
    severity: 'info',
    jsonPath,
    message: `"allowedDistributions" of bucket ${bucket} stands for this bucket policy, applied at start-up:\n${JSON.stringify(JSON.parse(policy), null, 2)}`,
    fix: `Nothing to fix. To manage the policy with the S3 API instead, remove "allowedDistributions" and run aws s3api put-bucket-policy --bucket ${bucket} with that document.`,
  };
}
