// The bucket policy a `s3.buckets[]` entry of frontgate.json states: its own `policy` document (inline or
// a file) plus the statements `allowedDistributions` stands for (origin-access-policy.ts), checked as
// PutBucketPolicy checks a policy. `null` when the entry states neither, so an API-set policy stays.

import type { ConfigContext } from '../config/config-context.ts';
import { ConfigError } from '../config/config-error.ts';
import { MalformedPolicyError, originAccessStatements, parseBucketPolicy } from './policy/index.ts';

export type ConfiguredPolicyInput = {
  readonly bucket: string;
  readonly accountId: string;
  /** The entry's `policy`: a document object, its JSON text, or a file path relative to the config. */
  readonly policy: unknown;
  readonly allowedDistributionIds: readonly string[];
  readonly originAccessListBucket: boolean;
};

function readPolicyDocument(value: unknown, ctx: ConfigContext, path: string): Record<string, unknown> {
  let json = value;
  if (typeof value === 'string') {
    const text = value.trimStart().startsWith('{') ? value : ctx.readText(value, path);
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(path, `is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError(
      path,
      'must be a bucket policy document ({"Version": …, "Statement": […]}) or a file path',
    );
  return json as Record<string, unknown>;
}

export function configuredBucketPolicy(
  input: ConfiguredPolicyInput,
  ctx: ConfigContext,
  path: string,
): string | null {
  const sugar = originAccessStatements({
    bucket: input.bucket,
    accountId: input.accountId,
    distributionIds: input.allowedDistributionIds,
    listBucket: input.originAccessListBucket,
  });
  if (input.policy === undefined && sugar.length === 0) return null;
  const own =
    input.policy === undefined ? undefined : readPolicyDocument(input.policy, ctx, `${path}.policy`);
  const ownStatements =
    own?.Statement === undefined ? [] : Array.isArray(own.Statement) ? own.Statement : [own.Statement];
  const document = { ...(own ?? { Version: '2012-10-17' }), Statement: [...ownStatements, ...sugar] };
  const text = JSON.stringify(document);
  try {
    parseBucketPolicy(text, input.bucket);
  } catch (error) {
    if (error instanceof MalformedPolicyError)
      throw new ConfigError(`${path}.policy`, `MalformedPolicy: ${error.message}`, { cause: error });
    throw error;
  }
  return text;
}
