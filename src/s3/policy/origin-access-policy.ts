// The bucket policy statements that let a CloudFront distribution's origin access control (OAC) use a
// bucket: the statement the CloudFront console writes ("Restrict access to an Amazon S3 origin", Amazon
// CloudFront Developer Guide), and the one `allowedDistributions` in frontgate.json stands for.

/** Frontgate's account id in ARNs unless `s3.accountId` says otherwise (docs/decisions/s3-bucket-policy.md). */
export const DEFAULT_ACCOUNT_ID = '123456789012';

export function distributionArn(accountId: string, distributionId: string): string {
  return `arn:aws:cloudfront::${accountId}:distribution/${distributionId}`;
}

export type OriginAccessGrant = {
  readonly bucket: string;
  readonly accountId: string;
  readonly distributionIds: readonly string[];
  /** Also s3:ListBucket, so a missing key answers 404 instead of 403 (config `originAccessListBucket`). */
  readonly listBucket: boolean;
};

/**
 * The statements granting the distributions' OAC what `allowedDistributions` has always meant: read and
 * write objects (s3:GetObject, s3:PutObject, s3:DeleteObject; multipart uploads are s3:PutObject and
 * s3:AbortMultipartUpload), plus s3:ListBucket with `listBucket`.
 */
export function originAccessStatements(grant: OriginAccessGrant): Record<string, unknown>[] {
  if (grant.distributionIds.length === 0) return [];
  const arns = grant.distributionIds.map((id) => distributionArn(grant.accountId, id));
  const condition = { StringEquals: { 'AWS:SourceArn': arns.length === 1 ? arns[0] : arns } };
  const principal = { Service: 'cloudfront.amazonaws.com' };
  const statements: Record<string, unknown>[] = [
    {
      Sid: 'AllowCloudFrontServicePrincipal',
      Effect: 'Allow',
      Principal: principal,
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      Resource: `arn:aws:s3:::${grant.bucket}/*`,
      Condition: condition,
    },
  ];
  if (grant.listBucket)
    statements.push({
      Sid: 'AllowCloudFrontServicePrincipalListBucket',
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:ListBucket',
      Resource: `arn:aws:s3:::${grant.bucket}`,
      Condition: condition,
    });
  return statements;
}

/** The read-only statement the CloudFront console proposes for one distribution (what a doctor fix adds). */
export function readOnlyOriginAccessStatement(
  bucket: string,
  accountId: string,
  distributionId: string,
): Record<string, unknown> {
  return {
    Sid: 'AllowCloudFrontServicePrincipalReadOnly',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${bucket}/*`,
    Condition: { StringEquals: { 'AWS:SourceArn': distributionArn(accountId, distributionId) } },
  };
}

/** A whole policy document from statements, as PutBucketPolicy takes it. */
export function policyDocument(statements: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
