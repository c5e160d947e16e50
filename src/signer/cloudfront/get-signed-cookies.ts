// Signs the CloudFront-* cookie values with the same call shape and output as @aws-sdk/cloudfront-signer's
// getSignedCookies (AWS: "Set signed cookies using a canned policy", "aws-sdk-js-v3 @aws-sdk/cloudfront-signer"). The URL is used as given (no re-encoding), like the SDK.

import type { CloudFrontSignInput } from './sign-policy.ts';
import { choosePolicy, signPolicyAttributes } from './sign-policy.ts';

export type CloudFrontSignedCookies = {
  'CloudFront-Key-Pair-Id': string;
  'CloudFront-Signature': string;
  'CloudFront-Expires'?: number;
  'CloudFront-Policy'?: string;
  'CloudFront-Hash-Algorithm'?: string;
};

export function getSignedCookies(input: CloudFrontSignInput): CloudFrontSignedCookies {
  const choice = input.policy
    ? choosePolicy({ policy: input.policy })
    : choosePolicy({
        url: input.url,
        dateLessThan: input.dateLessThan,
        dateGreaterThan: input.dateGreaterThan,
        ipAddress: input.ipAddress,
      });
  const attributes = signPolicyAttributes(choice, input);
  const cookies: CloudFrontSignedCookies = {
    'CloudFront-Key-Pair-Id': attributes['Key-Pair-Id'],
    'CloudFront-Signature': attributes.Signature,
  };
  if (attributes.Expires) cookies['CloudFront-Expires'] = attributes.Expires;
  if (attributes.Policy) cookies['CloudFront-Policy'] = attributes.Policy;
  if (input.algorithm === 'SHA256') cookies['CloudFront-Hash-Algorithm'] = 'SHA256';
  return cookies;
}
