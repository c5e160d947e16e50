// Public surface of src/s3/: the S3 REST API handler, its config section and its error vocabulary.

export type { OriginAccessCredential, OriginAccessLookup } from './authenticate-s3-request.ts';
export { createS3Handler, type S3Handler, type S3HandlerDeps } from './create-s3-handler.ts';
export { S3_ERROR_CODES, type S3ErrorCode } from './error-codes.ts';
export { renderS3ErrorBody } from './render-s3-error.ts';
export { isValidBucketName, routeS3Request, type S3Operation, type S3Route } from './route-s3-request.ts';
export {
  DEFAULT_S3_CREDENTIAL,
  DEFAULT_S3_LISTEN,
  DEFAULT_S3_REGION,
  parseS3Config,
  type S3BucketConfig,
  type S3Config,
  type S3Credential,
} from './s3-config.ts';
export { S3Error } from './s3-error.ts';
export { renderS3ClientErrorResponse, s3ErrorForClientError } from './client-error-response.ts';
export {
  type BucketPolicy,
  DEFAULT_ACCOUNT_ID,
  distributionArn,
  evaluateBucketPolicy,
  isPublicPolicy,
  MalformedPolicyError,
  originAccessStatements,
  type PolicyDecision,
  policyDocument,
  parseBucketPolicy,
  readOnlyOriginAccessStatement,
} from './policy/index.ts';
