// A bucket policy as S3 accepts it on PutBucketPolicy: the JSON document checked the way S3 checks one,
// each fault a MalformedPolicyError carrying S3's message (docs/errors-s3.md, MalformedPolicy), and the
// parsed form the evaluator reads. IAM JSON policy element reference (AWS IAM User Guide); the messages
// are the ones S3 answers (docs/decisions/s3-bucket-policy.md).

import { type ActionScope, actionScope } from './s3-actions.ts';
import { matchesWildcard } from './policy-wildcard.ts';

export class MalformedPolicyError extends Error {
  override readonly name = 'MalformedPolicyError';
}

/** Principals by kind; `everyone` is `"*"` or `{"AWS": "*"}`. */
export type PolicyPrincipal =
  | { readonly kind: 'everyone' }
  | {
      readonly kind: 'named';
      readonly aws: readonly string[];
      readonly service: readonly string[];
      readonly canonicalUser: readonly string[];
      readonly federated: readonly string[];
    };

export type PolicyCondition = {
  /** The operator as written, e.g. `StringEqualsIfExists` or `ForAnyValue:StringLike`. */
  readonly operator: string;
  /** The operator without qualifier and `IfExists`, e.g. `StringEquals`. */
  readonly test: ConditionTest;
  readonly ifExists: boolean;
  readonly qualifier?: 'ForAnyValue' | 'ForAllValues';
  /** Condition keys are case-insensitive: kept lower-cased. */
  readonly key: string;
  readonly values: readonly string[];
};

export type PolicyStatement = {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: PolicyPrincipal;
  readonly notPrincipal?: PolicyPrincipal;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly PolicyCondition[];
};

export type BucketPolicy = {
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
};

export const CONDITION_TESTS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'IpAddress',
  'NotIpAddress',
  'Null',
] as const;
export type ConditionTest = (typeof CONDITION_TESTS)[number];

/** S3's limit on a bucket policy document (Amazon S3 User Guide, "Bucket policies": 20 KB). */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

const fail = (message: string): never => {
  throw new MalformedPolicyError(message);
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string or an array of strings (IAM allows either wherever a list goes). */
function stringList(value: unknown, onInvalid: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v) => typeof v === 'string')) fail(onInvalid);
  return list as string[];
}

const AWS_PRINCIPAL =
  /^(?:\*|\d{12}|arn:aws:iam::\d{12}:(?:root|(?:user|role|assumed-role)\/[\w+=,.@/-]+)|arn:aws:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+)$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?$/;
const CANONICAL_USER = /^[0-9a-f]{64}$/;

function parsePrincipal(value: unknown): PolicyPrincipal {
  const invalid = 'Invalid principal in policy';
  if (value === '*') return { kind: 'everyone' };
  if (!isRecord(value) || Object.keys(value).length === 0) return fail(invalid);
  const named = {
    aws: [] as string[],
    service: [] as string[],
    canonicalUser: [] as string[],
    federated: [] as string[],
  };
  for (const [type, raw] of Object.entries(value)) {
    const ids = stringList(raw, invalid);
    if (type === 'AWS') {
      if (!ids.every((id) => AWS_PRINCIPAL.test(id))) fail(invalid);
      if (ids.includes('*')) return { kind: 'everyone' };
      named.aws.push(...ids);
    } else if (type === 'Service') {
      if (!ids.every((id) => SERVICE_PRINCIPAL.test(id))) fail(invalid);
      named.service.push(...ids);
    } else if (type === 'CanonicalUser') {
      if (!ids.every((id) => CANONICAL_USER.test(id))) fail(invalid);
      named.canonicalUser.push(...ids);
    } else if (type === 'Federated') {
      named.federated.push(...ids);
    } else {
      fail(invalid);
    }
  }
  return { kind: 'named', ...named };
}

function parseActions(value: unknown): string[] {
  const invalid = 'Policy has invalid action';
  const actions = stringList(value, invalid);
  for (const action of actions) {
    if (action !== '*' && !/^s3:[A-Za-z*?]+$/i.test(action)) fail(invalid);
  }
  return actions;
}

const S3_ARN_PREFIX = 'arn:aws:s3:::';

/** Resources must be S3 ARNs whose bucket part can name the policy's own bucket. */
function parseResources(value: unknown, bucket: string): string[] {
  const invalid = 'Policy has invalid resource';
  const resources = stringList(value, invalid);
  for (const resource of resources) {
    if (!resource.startsWith(S3_ARN_PREFIX)) fail(invalid);
    const path = resource.slice(S3_ARN_PREFIX.length);
    const slash = path.indexOf('/');
    if (!matchesWildcard(slash < 0 ? path : path.slice(0, slash), bucket)) fail(invalid);
  }
  return resources;
}

/** Which kinds of resource an S3 ARN pattern can name: the bucket itself, objects in it, or both. */
function resourceScopes(resource: string): ActionScope[] {
  const path = resource.slice(S3_ARN_PREFIX.length);
  if (path.includes('/')) return ['object'];
  return path.includes('*') ? ['bucket', 'object'] : ['bucket'];
}

/** S3 refuses a statement where an action cannot apply to any of its resources (e.g. s3:PutObject on the bucket ARN). */
function checkActionsApply(actions: readonly string[], resources: readonly string[]): void {
  const scopes = new Set(resources.flatMap(resourceScopes));
  for (const action of actions) {
    const scope = actionScope(action);
    if (scope !== undefined && !scopes.has(scope))
      fail('Action does not apply to any resource(s) in statement');
  }
}

function parseConditions(value: unknown): PolicyCondition[] {
  if (value === undefined) return [];
  if (!isRecord(value)) return fail('Syntax errors in policy.');
  const conditions: PolicyCondition[] = [];
  for (const [operator, block] of Object.entries(value)) {
    const m = /^(?:(ForAnyValue|ForAllValues):)?([A-Za-z]+?)(IfExists)?$/.exec(operator);
    const test = m?.[2] as ConditionTest | undefined;
    if (!m || test === undefined || !(CONDITION_TESTS as readonly string[]).includes(test))
      return fail(`Invalid Condition type : ${operator}`);
    if (!isRecord(block) || Object.keys(block).length === 0) return fail('Syntax errors in policy.');
    for (const [key, raw] of Object.entries(block)) {
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0 || !list.every((v) => ['string', 'number', 'boolean'].includes(typeof v)))
        fail('Syntax errors in policy.');
      conditions.push({
        operator,
        test,
        ifExists: m[3] !== undefined,
        qualifier: m[1] as PolicyCondition['qualifier'],
        key: key.toLowerCase(),
        values: list.map(String),
      });
    }
  }
  return conditions;
}

function parseStatement(raw: unknown, bucket: string): PolicyStatement {
  if (!isRecord(raw)) return fail('Syntax errors in policy.');
  for (const field of Object.keys(raw)) if (!STATEMENT_FIELDS.has(field)) fail(`Unknown field ${field}`);
  if (raw.Effect === undefined) fail('Missing required field Effect');
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') fail(`Invalid effect: ${String(raw.Effect)}`);
  if (raw.Principal === undefined && raw.NotPrincipal === undefined) fail('Missing required field Principal');
  if (raw.Action === undefined && raw.NotAction === undefined) fail('Missing required field Action');
  if (raw.Resource === undefined && raw.NotResource === undefined) fail('Missing required field Resource');
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') fail('Syntax errors in policy.');
  const action = raw.Action === undefined ? undefined : parseActions(raw.Action);
  const notAction = raw.NotAction === undefined ? undefined : parseActions(raw.NotAction);
  const resource = raw.Resource === undefined ? undefined : parseResources(raw.Resource, bucket);
  const notResource = raw.NotResource === undefined ? undefined : parseResources(raw.NotResource, bucket);
  if (action !== undefined && resource !== undefined) checkActionsApply(action, resource);
  return {
    ...(raw.Sid !== undefined ? { sid: raw.Sid as string } : {}),
    effect: raw.Effect as 'Allow' | 'Deny',
    ...(raw.Principal !== undefined ? { principal: parsePrincipal(raw.Principal) } : {}),
    ...(raw.NotPrincipal !== undefined ? { notPrincipal: parsePrincipal(raw.NotPrincipal) } : {}),
    ...(action !== undefined ? { action } : {}),
    ...(notAction !== undefined ? { notAction } : {}),
    ...(resource !== undefined ? { resource } : {}),
    ...(notResource !== undefined ? { notResource } : {}),
    conditions: parseConditions(raw.Condition),
  };
}

/**
 * Parses and checks a bucket policy for `bucket`. Throws MalformedPolicyError with S3's message for the
 * first fault found.
 */
export function parseBucketPolicy(text: string, bucket: string): BucketPolicy {
  if (!text.startsWith('{')) fail("Policies must be valid JSON and the first byte must be '{'");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('This policy contains invalid Json');
  }
  if (!isRecord(json)) return fail("Policies must be valid JSON and the first byte must be '{'");
  for (const field of Object.keys(json))
    if (!['Version', 'Id', 'Statement'].includes(field)) fail(`Unknown field ${field}`);
  const version = json.Version ?? '2008-10-17';
  if (version !== '2012-10-17' && version !== '2008-10-17')
    fail('The policy must contain a valid version string');
  if (json.Id !== undefined && typeof json.Id !== 'string') fail('Syntax errors in policy.');
  if (json.Statement === undefined) fail('Missing required field Statement');
  const raw = Array.isArray(json.Statement) ? json.Statement : [json.Statement];
  if (raw.length === 0) fail('Could not parse the policy: Statement is empty!');
  return {
    version: version as BucketPolicy['version'],
    ...(json.Id !== undefined ? { id: json.Id as string } : {}),
    statements: raw.map((s) => parseStatement(s, bucket)),
  };
}
