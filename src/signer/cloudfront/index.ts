// Public surface of CloudFront signed URLs and cookies: SDK-compatible signing, the edge's verifier,
// key parsing and generation.

export { getSignedCookies } from './get-signed-cookies.ts';
export type { CloudFrontSignedCookies } from './get-signed-cookies.ts';
export { getSignedUrl } from './get-signed-url.ts';
export { createPublicKeyId, generateKeyPair } from './generate-key-pair.ts';
export type { CloudFrontKeyType, GeneratedKeyPair } from './generate-key-pair.ts';
export { matchPolicyResource } from './match-policy-resource.ts';
export { parseCustomPolicy, PolicyFormatError } from './parse-custom-policy.ts';
export type { CustomPolicy } from './parse-custom-policy.ts';
export { parsePublicKeyPem, PublicKeyFormatError } from './parse-public-key-pem.ts';
export { encodeUrlForSigning } from './encode-url-for-signing.ts';
export { choosePolicy, renderCustomPolicy, signPolicy, toEpochSeconds } from './sign-policy.ts';
export type {
  CloudFrontHashAlgorithm,
  CloudFrontSignerCredentials,
  CloudFrontSignInput,
  CloudFrontSignInputWithParameters,
  CloudFrontSignInputWithPolicy,
  DateInput,
} from './sign-policy.ts';
export { SIGNED_COOKIE_NAMES, SIGNED_URL_PARAM_NAMES, stripSigningParams } from './signing-params.ts';
export { decodeUrlSafeBase64, encodeUrlSafeBase64 } from './url-safe-base64.ts';
export { createVerifiedSignatureCache } from './verified-signature-cache.ts';
export type { VerifiedSignatureCache, VerifiedSignatureEntry } from './verified-signature-cache.ts';
export { SIGNED_ACCESS_MESSAGES, verifySignedRequest } from './verify-signed-request.ts';
export type {
  SignedAccessDecision,
  SignedAccessDenialCode,
  SignedRequestInput,
  TrustedKey,
} from './verify-signed-request.ts';
