// The `s3` section of the Frontgate config: listener, region, credentials, buckets created at start-up.
// Parsed from untrusted JSON; every error names its JSON path (ConfigError).

import type { ConfigContext } from '../config/config-context.ts';
import { ConfigError } from '../config/config-error.ts';
import { CorsConfigurationError, type CorsRule, parseCorsConfigurationJson } from '../cors/index.ts';
import type { CannedAcl } from '../store/index.ts';
import { configuredBucketPolicy } from './configured-bucket-policy.ts';
import { DEFAULT_ACCOUNT_ID } from './policy/index.ts';
import { isValidBucketName } from './route-s3-request.ts';

export type S3Credential = { readonly accessKeyId: string; readonly secretAccessKey: string };

export type S3BucketConfig = {
  readonly name: string;
  readonly acl: CannedAcl;
  /** Validated CORS rules (loaded from a file if one was named); null = no configuration. */
  readonly cors: readonly CorsRule[] | null;
  readonly allowedDistributionIds: readonly string[];
  /**
   * Whether the bucket policy also grants `s3:ListBucket` to the allowed distributions' origin access
   * control (config `originAccessListBucket`, default false). Without it a missing key answers OAC requests
   * with 403 AccessDenied, as S3 does for callers that may not list (spec cloudfront.md §7.1, s3.md §B.4).
   */
  readonly originAccessListBucket?: boolean;
  /**
   * The bucket policy the entry states (its `policy` plus the statements `allowedDistributions` and
   * `originAccessListBucket` stand for), compact JSON; null when it states none (the stored one is kept).
   */
  readonly policy?: string | null;
};

export type S3Config = {
  readonly listen: { readonly host: string; readonly port: number };
  readonly region: string;
  readonly credentials: readonly S3Credential[];
  readonly buckets: readonly S3BucketConfig[];
  /** Extra Host suffixes for virtual-hosted addressing, e.g. `s3.frontgate.test`. */
  readonly virtualHostSuffixes: readonly string[];
  /**
   * The AWS account id in ARNs: the bucket owner's, and the one in the distribution ARN an origin access
   * control request carries as `aws:SourceArn` (`arn:aws:cloudfront::<accountId>:distribution/<id>`).
   */
  readonly accountId: string;
};

/** Documented example credentials used when no config file is given (README, docs/decisions/s3-api-choices.md). */
export const DEFAULT_S3_CREDENTIAL: S3Credential = {
  accessKeyId: 'FRONTGATEEXAMPLEKEY',
  secretAccessKey: 'frontgate/EXAMPLE/secret/key/do-not-use',
};

export const DEFAULT_S3_LISTEN = '127.0.0.1:9000';
export const DEFAULT_S3_REGION = 'us-east-1';

const ACLS: readonly CannedAcl[] = ['private', 'public-read', 'public-read-write', 'authenticated-read'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(path, 'must be a non-empty string');
  return value;
}

/** `host:port`, `[v6]:port` or `:port` (all interfaces) → host and port; port 0 picks a free port. */
export function parseListen(value: unknown, path: string): { host: string; port: number } {
  const text = parseString(value, path);
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535)
    throw new ConfigError(path, `must look like "127.0.0.1:9000", got ${JSON.stringify(text)}`);
  return { host: m[1] ?? (m[2] === '' ? '0.0.0.0' : m[2]), port };
}

function parseCorsRules(value: unknown, ctx: ConfigContext, path: string): readonly CorsRule[] | null {
  if (value === undefined || value === null) return null;
  let json = value;
  if (typeof value === 'string') {
    const text = ctx.readText(value, path);
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(path, `"${value}" is not valid JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  try {
    return parseCorsConfigurationJson(json);
  } catch (error) {
    if (error instanceof CorsConfigurationError) {
      throw new ConfigError(path, `invalid CORS rules (${error.code}): ${error.detail}`, { cause: error });
    }
    throw error;
  }
}

const BUCKET_SETTINGS = ['name', 'acl', 'cors', 'policy', 'allowedDistributions', 'originAccessListBucket'];

function parseBucket(raw: unknown, ctx: ConfigContext, path: string, accountId: string): S3BucketConfig {
  if (!isRecord(raw)) throw new ConfigError(path, 'must be an object');
  for (const key of Object.keys(raw)) {
    if (!BUCKET_SETTINGS.includes(key)) {
      throw new ConfigError(
        `${path}.${key}`,
        `is not a known bucket setting (${BUCKET_SETTINGS.join(', ')})`,
      );
    }
  }
  const name = parseString(raw.name, `${path}.name`);
  if (!isValidBucketName(name))
    throw new ConfigError(`${path}.name`, `"${name}" is not a valid S3 bucket name`);
  const acl = raw.acl === undefined ? 'private' : raw.acl;
  if (!ACLS.includes(acl as CannedAcl))
    throw new ConfigError(`${path}.acl`, `must be one of ${ACLS.join(', ')}`);
  const dists = raw.allowedDistributions ?? [];
  if (!Array.isArray(dists))
    throw new ConfigError(`${path}.allowedDistributions`, 'must be an array of distribution ids');
  const listBucket = raw.originAccessListBucket ?? false;
  if (typeof listBucket !== 'boolean')
    throw new ConfigError(`${path}.originAccessListBucket`, 'must be true or false');
  const allowedDistributionIds = dists.map((d, i) => parseString(d, `${path}.allowedDistributions[${i}]`));
  return {
    name,
    acl: acl as CannedAcl,
    cors: parseCorsRules(raw.cors, ctx, `${path}.cors`),
    allowedDistributionIds,
    originAccessListBucket: listBucket,
    policy: configuredBucketPolicy(
      {
        bucket: name,
        accountId,
        policy: raw.policy,
        allowedDistributionIds,
        originAccessListBucket: listBucket,
      },
      ctx,
      path,
    ),
  };
}

export function parseS3Config(raw: unknown, ctx: ConfigContext, jsonPath = 's3'): S3Config {
  const section = raw ?? {};
  if (!isRecord(section)) throw new ConfigError(jsonPath, 'must be an object');
  const known = ['listen', 'region', 'credentials', 'buckets', 'virtualHostSuffixes', 'accountId'];
  for (const key of Object.keys(section)) {
    if (!known.includes(key))
      throw new ConfigError(`${jsonPath}.${key}`, `is not a known setting (${known.join(', ')})`);
  }
  const listen = parseListen(section.listen ?? DEFAULT_S3_LISTEN, `${jsonPath}.listen`);
  const region = parseString(section.region ?? DEFAULT_S3_REGION, `${jsonPath}.region`);
  if (!/^[a-z0-9-]+$/.test(region))
    throw new ConfigError(`${jsonPath}.region`, `"${region}" is not a region name`);
  const rawCredentials = section.credentials ?? [DEFAULT_S3_CREDENTIAL];
  if (!Array.isArray(rawCredentials)) throw new ConfigError(`${jsonPath}.credentials`, 'must be an array');
  const credentials = rawCredentials.map((c, i) => {
    const p = `${jsonPath}.credentials[${i}]`;
    if (!isRecord(c)) throw new ConfigError(p, 'must be an object with accessKeyId and secretAccessKey');
    return {
      accessKeyId: parseString(c.accessKeyId, `${p}.accessKeyId`),
      secretAccessKey: parseString(c.secretAccessKey, `${p}.secretAccessKey`),
    };
  });
  const accountId = section.accountId ?? DEFAULT_ACCOUNT_ID;
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId))
    throw new ConfigError(`${jsonPath}.accountId`, 'must be a 12-digit AWS account id, e.g. "123456789012"');
  const rawBuckets = section.buckets ?? [];
  if (!Array.isArray(rawBuckets)) throw new ConfigError(`${jsonPath}.buckets`, 'must be an array');
  const buckets = rawBuckets.map((b, i) => parseBucket(b, ctx, `${jsonPath}.buckets[${i}]`, accountId));
  const seen = new Set<string>();
  buckets.forEach((b, i) => {
    if (seen.has(b.name))
      throw new ConfigError(`${jsonPath}.buckets[${i}].name`, `bucket "${b.name}" is listed twice`);
    seen.add(b.name);
  });
  const suffixes = section.virtualHostSuffixes ?? [];
  if (!Array.isArray(suffixes))
    throw new ConfigError(`${jsonPath}.virtualHostSuffixes`, 'must be an array of host names');
  return {
    listen,
    region,
    credentials,
    buckets,
    virtualHostSuffixes: suffixes.map((s, i) =>
      parseString(s, `${jsonPath}.virtualHostSuffixes[${i}]`).toLowerCase(),
    ),
    accountId,
  };
}
