// Sets the CloudFront-* signed cookies on a backend response (Node ServerResponse, Express `res`, Fastify
// `reply`) with attributes a browser will keep and send to the CDN. Refuses the combinations that make a browser
// drop them — the founding junlog bug: a backend on localhost setting `Domain=.junlog.dev` — and warns about
// cookies that will be stored but never reach the CDN (other domain, cross-site with Lax/Strict).

import type { KeyObject } from 'node:crypto';
import { getDomain, parse as parseDomain } from 'tldts';
import { getSignedCookies } from '../cloudfront/get-signed-cookies.ts';
import type { CloudFrontHashAlgorithm, DateInput } from '../cloudfront/sign-policy.ts';
import { renderCustomPolicy, toEpochSeconds } from '../cloudfront/sign-policy.ts';
import { CookieIssueError } from './cookie-issue-error.ts';
import type { RequestLike, RequestOrigin } from './request-origin.ts';
import { readRequestOrigin } from './request-origin.ts';

export type SameSite = 'Strict' | 'Lax' | 'None';

export type IssueSignedCookiesOptions = {
  /** The request being answered; defaults to `response.req` (Node/Express) or `reply.request.raw` (Fastify). */
  readonly request?: RequestLike;
  /** Believe `X-Forwarded-Proto` / `X-Forwarded-Host` (the backend runs behind a TLS-terminating proxy). */
  readonly trustProxy?: boolean;
  /** Policy `Resource` (wildcards allowed), e.g. `https://dev.cloudfront.junlog.dev/videos/course-1/*`: custom policy. */
  readonly resource?: string;
  /** One exact URL: canned policy unless `dateGreaterThan`/`ipAddress` make it custom (SDK semantics). */
  readonly url?: string;
  readonly keyPairId: string;
  readonly privateKey: string | Buffer | KeyObject;
  readonly passphrase?: string;
  readonly algorithm?: CloudFrontHashAlgorithm;
  readonly expiresInSeconds?: number;
  readonly dateLessThan?: DateInput;
  readonly dateGreaterThan?: DateInput;
  readonly ipAddress?: string;
  readonly domain?: string;
  readonly path?: string;
  readonly sameSite?: SameSite;
  readonly secure?: boolean;
  readonly httpOnly?: boolean;
  /** Origin of the page that will request the CDN (e.g. `https://local.junlog.dev:3000`), for the SameSite check. */
  readonly pageOrigin?: string;
  /** Injected clock; defaults to the current time. */
  readonly now?: Date;
};

export type IssuedSignedCookies = {
  /** The Set-Cookie values appended to the response. */
  readonly cookies: string[];
  readonly warnings: string[];
};

type HeaderValue = number | string | readonly string[] | undefined;
export type CookieResponse =
  | {
      setHeader(name: string, value: number | string | readonly string[]): unknown;
      getHeader(name: string): HeaderValue;
      readonly headersSent?: boolean;
    }
  | {
      header(name: string, value: string | readonly string[]): unknown;
      getHeader?(name: string): HeaderValue;
      readonly sent?: boolean;
    };

export function issueSignedCookies(
  response: CookieResponse,
  options: IssueSignedCookiesOptions,
): IssuedSignedCookies {
  const now = options.now ?? new Date();
  const path = options.path ?? '/';
  const sameSite = options.sameSite ?? 'Lax';
  const secure = options.secure ?? true;
  const httpOnly = options.httpOnly ?? true;
  const request = options.request ?? requestOf(response);
  if (request === undefined)
    throw new TypeError(
      'issueSignedCookies needs options.request (the response does not reference its request)',
    );
  const origin = readRequestOrigin(request, options.trustProxy ?? false);
  const warnings: string[] = [];

  validateAttributeText('path', path);
  validateAttributeText('keyPairId', options.keyPairId);
  const domain = options.domain === undefined ? undefined : checkDomain(options.domain, origin, options);
  checkTransport(secure, sameSite, origin);

  // The policy: a wildcard resource is always custom; an exact url follows the SDK's canned/custom choice.
  const target = options.resource ?? options.url;
  if (target === undefined || target === '')
    throw new TypeError('issueSignedCookies needs options.resource (policy Resource) or options.url');
  const dateLessThan = resolveDateLessThan(options, now);
  const common = {
    keyPairId: options.keyPairId,
    privateKey: options.privateKey,
    passphrase: options.passphrase,
    algorithm: options.algorithm,
  };
  let values: Record<string, string | number | undefined>;
  if (options.resource !== undefined) {
    values = getSignedCookies({
      ...common,
      policy: renderCustomPolicy({
        resource: options.resource,
        dateLessThan: dateLessThan * 1000,
        dateGreaterThan: options.dateGreaterThan,
        ipAddress: options.ipAddress,
      }),
    });
  } else {
    if (target.includes('*') && !options.dateGreaterThan && !options.ipAddress) {
      throw new CookieIssueError(
        'WildcardInCannedPolicy',
        `url ${target} contains "*" but would be signed as a canned policy, which CloudFront compares literally to each request URL (no wildcards): pass it as options.resource to sign a custom policy`,
      );
    }
    values = getSignedCookies({
      ...common,
      url: target,
      dateLessThan: dateLessThan * 1000,
      dateGreaterThan: options.dateGreaterThan,
      ipAddress: options.ipAddress,
    });
  }

  warnings.push(...explainDelivery(target, domain, origin, path, secure, sameSite, options.pageOrigin));

  // Max-Age matches the policy lifetime, rounded down so the cookie never outlives its signature.
  const maxAgeSeconds = Math.max(0, Math.floor((dateLessThan * 1000 - now.getTime()) / 1000));
  const attributes = [
    ...(options.domain === undefined ? [] : [`Domain=${options.domain.trim()}`]),
    `Path=${path}`,
    `Max-Age=${maxAgeSeconds}`,
    `Expires=${new Date(dateLessThan * 1000).toUTCString()}`,
    ...(secure ? ['Secure'] : []),
    ...(httpOnly ? ['HttpOnly'] : []),
    `SameSite=${sameSite}`,
  ].join('; ');
  const cookies = Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${value}; ${attributes}`);
  appendSetCookie(response, cookies);
  return { cookies, warnings };
}

function resolveDateLessThan(options: IssueSignedCookiesOptions, now: Date): number {
  if (options.expiresInSeconds !== undefined && options.dateLessThan !== undefined) {
    throw new TypeError('give either expiresInSeconds or dateLessThan, not both');
  }
  let epoch: number | undefined;
  if (options.expiresInSeconds !== undefined) {
    if (!Number.isFinite(options.expiresInSeconds) || options.expiresInSeconds <= 0)
      throw new TypeError('expiresInSeconds must be a positive number');
    epoch = Math.round((now.getTime() + options.expiresInSeconds * 1000) / 1000);
  } else {
    epoch = toEpochSeconds(options.dateLessThan);
    if (epoch === undefined)
      throw new TypeError('issueSignedCookies needs expiresInSeconds or a valid dateLessThan');
  }
  if (epoch * 1000 <= now.getTime()) {
    throw new CookieIssueError(
      'AlreadyExpired',
      `dateLessThan ${new Date(epoch * 1000).toISOString()} is not after now (${now.toISOString()}): the cookies would be expired when set`,
    );
  }
  return epoch;
}

/** RFC 6265 §5.3 step 5–6: a browser keeps a Domain cookie only if the request host domain-matches it. */
function checkDomain(rawDomain: string, origin: RequestOrigin, options: IssueSignedCookiesOptions): string {
  const domain = rawDomain.trim().replace(/^\./, '').toLowerCase();
  validateAttributeText('domain', domain);
  if (domain === '') throw new TypeError('domain is empty: omit it for a host-only cookie');
  const parsed = parseDomain(domain, { allowPrivateDomains: true });
  if (parsed.isIp) {
    if (domain !== origin.hostname) {
      throw new CookieIssueError(
        'DomainMismatch',
        `the browser at ${origin.origin} will drop a cookie for Domain=${rawDomain}: an IP address domain must equal the request host; omit Domain`,
      );
    }
    return domain;
  }
  if (parsed.publicSuffix === domain) {
    throw new CookieIssueError(
      'PublicSuffixDomain',
      `Domain=${rawDomain} is a public suffix: browsers refuse cookies for it (they would reach every site under .${domain}); use your own domain (e.g. .example.${domain}) or omit Domain`,
    );
  }
  if (origin.hostname !== domain && !origin.hostname.endsWith(`.${domain}`)) {
    const cdnHost = hostOfResource(options.resource ?? options.url ?? '');
    const port = origin.port === undefined ? '' : `:${origin.port}`;
    throw new CookieIssueError(
      'DomainMismatch',
      `the browser at ${origin.origin} will drop a cookie for .${domain}: ` +
        `serve the backend from a host under ${domain} (e.g. https://local.${domain}${port}) or omit Domain` +
        ` (then the cookie is host-only for ${origin.hostname}${cdnHost ? ` and the CDN at ${cdnHost} will not receive it` : ''}); ` +
        `${origin.hostname} is not ${domain} or a subdomain of it (RFC 6265 domain-match)`,
    );
  }
  return domain;
}

function checkTransport(secure: boolean, sameSite: SameSite, origin: RequestOrigin): void {
  if (sameSite === 'None' && !secure) {
    throw new CookieIssueError(
      'SameSiteNoneWithoutSecure',
      'SameSite=None requires Secure: browsers drop SameSite=None cookies without it',
    );
  }
  // Browsers accept Secure cookies from http://localhost (a potentially trustworthy origin), nowhere else on http.
  if (secure && origin.scheme === 'http' && !isLoopback(origin.hostname)) {
    throw new CookieIssueError(
      'InsecureTransport',
      `the browser at ${origin.origin} will drop Secure cookies set over plain HTTP: serve the backend over HTTPS (e.g. https://${origin.host}), or set trustProxy if a TLS proxy sends X-Forwarded-Proto: https`,
    );
  }
}

/** Warnings for cookies a browser stores but will not send to the CDN. */
function explainDelivery(
  target: string,
  domain: string | undefined,
  origin: RequestOrigin,
  path: string,
  secure: boolean,
  sameSite: SameSite,
  pageOrigin: string | undefined,
): string[] {
  const warnings: string[] = [];
  const cdnHost = hostOfResource(target);
  const cdnScheme = schemeOfResource(target);
  if (cdnHost !== undefined) {
    const scope = domain ?? origin.hostname;
    const matches =
      domain === undefined ? cdnHost === scope : cdnHost === scope || cdnHost.endsWith(`.${scope}`);
    if (!matches) {
      const shared = getDomain(cdnHost, { allowPrivateDomains: true });
      const sameParent =
        shared !== null && shared === getDomain(origin.hostname, { allowPrivateDomains: true });
      warnings.push(
        `the browser will not send these cookies to the CDN at ${cdnHost}: they are ${domain === undefined ? `host-only for ${scope}` : `scoped to .${scope}`}` +
          (sameParent
            ? `; set domain: '.${shared}' to share them`
            : `; serve the backend from a host under the CDN's domain and set domain to that parent domain`),
      );
    }
    const cdnPath = pathOfResource(target);
    if (cdnPath !== undefined && !pathMatches(path, cdnPath)) {
      warnings.push(
        `the cookie Path=${path} does not cover the CDN path ${cdnPath}: the browser will not send the cookies there; use Path=/`,
      );
    }
  }
  if (secure && cdnScheme === 'http') {
    warnings.push(`the CDN resource uses http: the browser sends Secure cookies only over https`);
  }
  if (pageOrigin !== undefined && cdnHost !== undefined) {
    const page = siteOf(pageOrigin);
    const cdnSite = `${cdnScheme === 'http' ? 'http' : 'https'}://${getDomain(cdnHost, { allowPrivateDomains: true }) ?? cdnHost}`;
    if (page !== undefined && page !== cdnSite && sameSite !== 'None') {
      warnings.push(
        `the page ${pageOrigin} and the CDN ${cdnHost} are cross-site (${page} vs ${cdnSite}): with SameSite=${sameSite} the browser does not send these cookies on the page's fetch/XHR or media requests to the CDN; serve both under one site or use SameSite=None (with Secure)`,
      );
    }
    const backendSite = `${origin.scheme}://${getDomain(origin.hostname, { allowPrivateDomains: true }) ?? origin.hostname}`;
    if (page !== undefined && page !== backendSite) {
      warnings.push(
        `the page ${pageOrigin} calls the backend ${origin.origin} cross-site (${page} vs ${backendSite}): browsers that block third-party cookies ignore Set-Cookie on that response`,
      );
    }
  }
  return warnings;
}

function siteOf(origin: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]+\]|[^/:]+)/i.exec(origin.trim());
  if (match === null) return undefined;
  const host = match[2].toLowerCase();
  return `${match[1].toLowerCase()}://${getDomain(host, { allowPrivateDomains: true }) ?? host}`;
}

/** Host of a policy Resource (`https://a.b/x/*`, `*://a.b/*`, `a.b/*`); the part after a host wildcard; no port. */
function hostOfResource(resource: string): string | undefined {
  if (resource === '' || resource === '*') return undefined;
  const schemeEnd = resource.indexOf('://');
  const rest = schemeEnd === -1 ? resource : resource.slice(schemeEnd + 3);
  const authority = rest.split('/')[0].replace(/:\d+$/, '').toLowerCase();
  const star = authority.lastIndexOf('*');
  const host = (star === -1 ? authority : authority.slice(star + 1)).replace(/^\./, '');
  return host === '' ? undefined : host;
}

function schemeOfResource(resource: string): string | undefined {
  const schemeEnd = resource.indexOf('://');
  return schemeEnd === -1 ? undefined : resource.slice(0, schemeEnd).toLowerCase();
}

/** The literal path prefix of a Resource, up to its first wildcard or query. */
function pathOfResource(resource: string): string | undefined {
  const schemeEnd = resource.indexOf('://');
  const rest = schemeEnd === -1 ? resource : resource.slice(schemeEnd + 3);
  const slash = rest.indexOf('/');
  if (slash === -1) return undefined;
  const path = rest.slice(slash).split(/[*?\\]/)[0];
  return path === '' ? undefined : path;
}

/** RFC 6265 §5.1.4 path-match, applied to the literal prefix of the CDN path. */
function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath || cookiePath === '/') return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname === '::1'
  );
}

function validateAttributeText(what: string, text: string): void {
  // Characters that would end or split a Set-Cookie attribute (RFC 6265 §4.1.1).
  if (/[\x00-\x20;,"\\\x7f]/.test(text))
    throw new TypeError(`${what} ${JSON.stringify(text)} contains characters not allowed in a cookie`);
}

function requestOf(response: CookieResponse): RequestLike | undefined {
  const candidate = response as { req?: RequestLike; request?: { raw?: RequestLike } & Partial<RequestLike> };
  if (candidate.req?.headers) return candidate.req;
  if (candidate.request?.raw?.headers) return candidate.request.raw;
  if (candidate.request?.headers) return candidate.request as RequestLike;
  return undefined;
}

function appendSetCookie(response: CookieResponse, cookies: readonly string[]): void {
  if ('setHeader' in response && typeof response.setHeader === 'function') {
    if (response.headersSent)
      throw new CookieIssueError(
        'HeadersAlreadySent',
        'the response headers were already sent: issue the cookies before writing the body',
      );
    const existing = response.getHeader('set-cookie');
    const before = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    response.setHeader('Set-Cookie', [...before, ...cookies]);
    return;
  }
  if ('header' in response && typeof response.header === 'function') {
    if (response.sent)
      throw new CookieIssueError(
        'HeadersAlreadySent',
        'the reply was already sent: issue the cookies before sending it',
      );
    // Fastify's reply.header appends Set-Cookie values to the ones already set.
    response.header('set-cookie', [...cookies]);
    return;
  }
  throw new TypeError(
    'the response has neither setHeader() nor header(): pass a Node ServerResponse, Express res or Fastify reply',
  );
}
