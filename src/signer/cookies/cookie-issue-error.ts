// The one error family of cookie issuing: a cookie the browser would drop or that could never work,
// refused at the backend with a message that names the hosts involved and the fix.

export type CookieIssueErrorCode =
  | 'DomainMismatch'
  | 'PublicSuffixDomain'
  | 'InsecureTransport'
  | 'SameSiteNoneWithoutSecure'
  | 'WildcardInCannedPolicy'
  | 'AlreadyExpired'
  | 'HeadersAlreadySent';

export class CookieIssueError extends Error {
  override readonly name = 'CookieIssueError';
  readonly code: CookieIssueErrorCode;
  constructor(code: CookieIssueErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
