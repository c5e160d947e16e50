// The bucket CORS rule model, in the JSON shape `aws s3api get-bucket-cors` prints; shared by the S3 API,
// the config loader, the edge and the doctor. An empty array means "element not set" (AWS: "PutBucketCors (Amazon S3 API Reference)").

/** One `CORSRule`. `ID` and `MaxAgeSeconds` are absent when not set; empty arrays mean no such element. */
export type CorsRule = {
  ID?: string;
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders: string[];
  ExposeHeaders: string[];
  MaxAgeSeconds?: number;
};

/** The only values `AllowedMethod` may take, exact and upper-case (AWS: "PutBucketCors (Amazon S3 API Reference)"). */
export const CORS_ALLOWED_METHODS: readonly string[] = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

/** At most 100 rules per configuration (AWS: "PutBucketCors (Amazon S3 API Reference)"). */
export const CORS_RULES_MAX = 100;

/** PutBucketCors bodies are limited to 64 KB (AWS: "PutBucketCors (Amazon S3 API Reference)"). */
export const CORS_CONFIGURATION_MAX_BYTES = 64 * 1024;

/** `ID` is a free label of at most 255 characters (AWS: "PutBucketCors (Amazon S3 API Reference)"). */
export const CORS_RULE_ID_MAX_LENGTH = 255;

/** The S3 XML namespace SDKs put on `CORSConfiguration`. */
export const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A rule with members in the model's order and unset optional members left out (deepEqual-friendly). */
export function canonicalCorsRule(rule: CorsRule): CorsRule {
  return {
    ...(rule.ID !== undefined ? { ID: rule.ID } : {}),
    AllowedOrigins: [...rule.AllowedOrigins],
    AllowedMethods: [...rule.AllowedMethods],
    AllowedHeaders: [...rule.AllowedHeaders],
    ExposeHeaders: [...rule.ExposeHeaders],
    ...(rule.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: rule.MaxAgeSeconds } : {}),
  };
}
