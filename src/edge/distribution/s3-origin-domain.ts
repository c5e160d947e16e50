// Recognises S3 REST endpoints among origin domain names (AWS: "Restrict access to an Amazon S3 origin"): such origins are S3
// origins (bucket + region, SigV4 via OAC); website endpoints (`s3-website`) are custom HTTP origins.

export type S3OriginDomain = { readonly bucket: string; readonly region: string };

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const BUCKET = '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]';
const patterns: readonly { readonly regex: RegExp; readonly region?: string }[] = [
  // bucket.s3.region.amazonaws.com (recommended) and bucket.s3.dualstack.region.amazonaws.com
  { regex: new RegExp(`^(${BUCKET})\\.s3\\.(?:dualstack\\.)?(${REGION})\\.amazonaws\\.com(?:\\.cn)?$`) },
  // legacy dash-region form bucket.s3-region.amazonaws.com
  { regex: new RegExp(`^(${BUCKET})\\.s3-(${REGION})\\.amazonaws\\.com$`) },
  // global endpoint bucket.s3.amazonaws.com lives in us-east-1
  { regex: new RegExp(`^(${BUCKET})\\.s3\\.amazonaws\\.com$`), region: 'us-east-1' },
];

/** Bucket and region of an S3 REST origin domain; undefined for website endpoints and everything else. */
export function parseS3OriginDomain(domainName: string): S3OriginDomain | undefined {
  const domain = domainName.toLowerCase().replace(/\.$/, '');
  if (domain.includes('.s3-website')) return undefined;
  for (const { regex, region } of patterns) {
    const match = regex.exec(domain);
    if (match !== null) return { bucket: match[1], region: region ?? match[2] };
  }
  return undefined;
}
