// Signs a URL for CloudFront with the same call shape and output as @aws-sdk/cloudfront-signer's
// getSignedUrl (AWS: "aws-sdk-js-v3 @aws-sdk/cloudfront-signer"): re-encoded URL + `Expires|Policy`, `Key-Pair-Id`, `Signature`
// and `Hash-Algorithm=SHA256` when asked.

import { encodeUrlForSigning } from './encode-url-for-signing.ts';
import type { CloudFrontSignInput } from './sign-policy.ts';
import { choosePolicy, resourceForScheme, signPolicyAttributes } from './sign-policy.ts';

export function getSignedUrl(input: CloudFrontSignInput): string {
  const { url, policy } = input;
  if (!url && !policy) throw new Error("@aws-sdk/cloudfront-signer: Please provide 'url' or 'policy'.");
  let baseUrl: string;
  if (url) {
    baseUrl = encodeUrlForSigning(url);
  } else {
    const first = firstPolicyResource(policy as string);
    if (!first) {
      throw new Error(
        '@aws-sdk/cloudfront-signer: No URL provided and unable to determine URL from first policy statement resource.',
      );
    }
    baseUrl = first.replace('*://', 'https://');
  }
  const choice = policy
    ? choosePolicy({ policy })
    : choosePolicy({
        url: baseUrl,
        dateLessThan: input.dateLessThan,
        dateGreaterThan: input.dateGreaterThan,
        ipAddress: input.ipAddress,
      });
  const attributes = signPolicyAttributes(choice, input);
  const params: [string, string | number][] = [];
  if (attributes.Expires !== undefined) params.push(['Expires', attributes.Expires]);
  if (attributes.Policy !== undefined) params.push(['Policy', attributes.Policy]);
  if (attributes['Key-Pair-Id'] !== undefined) params.push(['Key-Pair-Id', attributes['Key-Pair-Id']]);
  params.push(['Signature', attributes.Signature]);
  if (input.algorithm === 'SHA256') params.push(['Hash-Algorithm', 'SHA256']);
  const query = params
    .map(([name, value]) => `${encodeParam(String(name))}=${encodeParam(String(value))}`)
    .join('&');
  return resourceForScheme(`${baseUrl}${baseUrl.includes('?') ? '&' : '?'}${query}`);
}

function firstPolicyResource(policy: string): string | undefined {
  const parsed = JSON.parse(policy) as { Statement?: { Resource?: string }[] } | null;
  return (parsed?.Statement ?? []).map((statement) => statement.Resource)[0];
}

/** RFC 3986 strict encoding (the SDK's "extended" encodeURIComponent): `!'()*` are escaped too. */
function encodeParam(text: string): string {
  if (/^[\w.~-]+$/.test(text)) return text;
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
