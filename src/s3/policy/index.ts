// Bucket policies: parse and check (PutBucketPolicy), evaluate (IAM's logic), judge "public", and the
// statements CloudFront origin access control needs. Pure functions; src/s3 and the doctor apply them.

export {
  BUCKET_POLICY_MAX_BYTES,
  type BucketPolicy,
  MalformedPolicyError,
  type PolicyStatement,
  parseBucketPolicy,
} from './bucket-policy-document.ts';
export {
  evaluateBucketPolicy,
  type PolicyDecision,
  type PolicyRequest,
  type PolicyRequester,
} from './evaluate-bucket-policy.ts';
export {
  DEFAULT_ACCOUNT_ID,
  distributionArn,
  type OriginAccessGrant,
  originAccessStatements,
  policyDocument,
  readOnlyOriginAccessStatement,
} from './origin-access-policy.ts';
export type { PolicyContext } from './policy-conditions.ts';
export { isPublicPolicy } from './policy-is-public.ts';
export { S3_OPERATION_ACTIONS } from './s3-actions.ts';
