// Public surface of signed-cookie issuing for backends (Node http, Express, NestJS, Fastify).

export { CookieIssueError } from './cookie-issue-error.ts';
export type { CookieIssueErrorCode } from './cookie-issue-error.ts';
export { issueSignedCookies } from './issue-signed-cookies.ts';
export type {
  CookieResponse,
  IssuedSignedCookies,
  IssueSignedCookiesOptions,
  SameSite,
} from './issue-signed-cookies.ts';
export { readRequestOrigin } from './request-origin.ts';
export type { RequestLike, RequestOrigin } from './request-origin.ts';
