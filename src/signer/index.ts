// The `frontgate/signer` package export: a standalone library for backends — CloudFront signed URLs and
// cookies (SDK-compatible signing, verification, key handling) and safe signed-cookie issuing.

export {
  createPublicKeyId,
  createVerifiedSignatureCache,
  generateKeyPair,
  getSignedCookies,
  getSignedUrl,
  parsePublicKeyPem,
  renderCustomPolicy,
  PublicKeyFormatError,
  SIGNED_ACCESS_MESSAGES,
  SIGNED_COOKIE_NAMES,
  SIGNED_URL_PARAM_NAMES,
  stripSigningParams,
  verifySignedRequest,
} from './cloudfront/index.ts';
export type {
  CloudFrontHashAlgorithm,
  CloudFrontKeyType,
  CloudFrontSignedCookies,
  CloudFrontSignInput,
  GeneratedKeyPair,
  SignedAccessDecision,
  SignedAccessDenialCode,
  SignedRequestInput,
  TrustedKey,
  VerifiedSignatureCache,
} from './cloudfront/index.ts';
export { CookieIssueError, issueSignedCookies } from './cookies/index.ts';
export type {
  CookieIssueErrorCode,
  CookieResponse,
  IssuedSignedCookies,
  IssueSignedCookiesOptions,
  SameSite,
} from './cookies/index.ts';
