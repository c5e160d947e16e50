// A browser's cookie store for the doctor: stores `Set-Cookie` answers and picks the cookies a fetch() would
// attach, as Chromium does (RFC 6265bis). Storage, Domain/Path matching, public-suffix and Secure checks come
// from tough-cookie (with tldts); the SameSite defaults and schemeful same-site rules Chromium adds on top
// are applied here.

import { Cookie, CookieJar, domainMatch, pathMatch } from 'tough-cookie';
import type { CredentialsMode } from './check-cors-response.ts';
import { isSameSite, serializeOrigin } from './schemeful-site.ts';

export type CookieRejectionCode =
  | 'invalid-domain'
  | 'public-suffix-domain'
  | 'secure-over-http'
  | 'samesite-none-insecure'
  | 'samesite-cross-site-set'
  | 'credentials-not-included'
  | 'invalid-prefix'
  | 'unparsable';

export type CookieWithholdCode =
  | 'credentials-not-included'
  | 'preflight'
  | 'domain-mismatch'
  | 'path-mismatch'
  | 'secure-over-http'
  | 'samesite-cross-site'
  | 'expired';

export type StoredCookie = {
  readonly name: string;
  readonly value: string;
  readonly domain: string;
  readonly hostOnly: boolean;
  readonly path: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  /** Effective SameSite; `lax` when the header named none (Chromium's default). */
  readonly sameSite: 'strict' | 'lax' | 'none';
  readonly sameSiteDefaulted: boolean;
};

export type CookieRejection = {
  readonly name: string;
  readonly setCookie: string;
  readonly code: CookieRejectionCode;
  readonly reason: string;
};

export type ReceiveResult = {
  readonly stored: readonly StoredCookie[];
  readonly rejected: readonly CookieRejection[];
};

export type CookieWithheld = {
  readonly name: string;
  readonly code: CookieWithholdCode;
  readonly reason: string;
};

export type SendResult = {
  readonly sent: readonly { readonly name: string; readonly value: string }[];
  readonly withheld: readonly CookieWithheld[];
  /** The `Cookie` request header value, or undefined when nothing is sent. */
  readonly cookieHeader?: string;
};

export type BrowserCookieJar = {
  /**
   * Runs the `Set-Cookie` headers of a response to `url` through the store. `initiatorOrigin` is the page that
   * made the request; `requestKind` says whether it was a subresource fetch (SameSite=Lax/Strict cookies from
   * a cross-site response are refused) or a top-level navigation.
   */
  readonly receive: (input: {
    readonly url: string;
    readonly setCookie: readonly string[];
    readonly initiatorOrigin: string;
    readonly requestKind: 'fetch' | 'navigation';
    readonly credentialsMode: CredentialsMode;
  }) => Promise<ReceiveResult>;
  /** The cookies a fetch() from `initiatorOrigin` to `url` would carry, and why the others stay home. */
  readonly cookiesFor: (input: {
    readonly url: string;
    readonly initiatorOrigin: string;
    readonly credentialsMode: CredentialsMode;
    readonly isPreflight?: boolean;
  }) => Promise<SendResult>;
  readonly all: () => Promise<readonly StoredCookie[]>;
};

function toStored(cookie: Cookie, sameSiteDefaulted: boolean): StoredCookie {
  const sameSite = cookie.sameSite === 'strict' || cookie.sameSite === 'none' ? cookie.sameSite : 'lax';
  return {
    name: cookie.key,
    value: cookie.value,
    domain: cookie.domain ?? '',
    hostOnly: cookie.hostOnly === true,
    path: cookie.path ?? '/',
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite,
    sameSiteDefaulted,
  };
}

function isSameOrigin(a: string, b: string): boolean {
  return serializeOrigin(a) === serializeOrigin(b);
}

function isPotentiallyTrustworthy(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:' || parsed.protocol === 'wss:') return true;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}

/** Explains a tough-cookie refusal with the doctor's code. */
function classifyRejection(message: string): { code: CookieRejectionCode; reason: string } {
  if (message.includes("not in this host's domain")) {
    return {
      code: 'invalid-domain',
      reason: `the Domain attribute does not domain-match the responding host (${message})`,
    };
  }
  if (message.includes('public suffix')) return { code: 'public-suffix-domain', reason: message };
  if (message.includes('Secure')) return { code: 'secure-over-http', reason: message };
  if (message.includes('prefix')) return { code: 'invalid-prefix', reason: message };
  return { code: 'unparsable', reason: message };
}

/** A fresh, empty cookie store; `now` is the injected clock used for expiry. */
export function createBrowserCookieJar(options: { readonly now?: () => Date } = {}): BrowserCookieJar {
  const now = options.now ?? (() => new Date());
  const jar = new CookieJar(undefined, {
    rejectPublicSuffixes: true,
    allowSecureOnLocal: true,
    prefixSecurity: 'strict',
  });
  const defaulted = new Set<string>();
  const keyOf = (c: { domain?: string | null; path?: string | null; key: string }): string =>
    `${c.domain ?? ''};${c.path ?? ''};${c.key}`;

  const all = async (): Promise<StoredCookie[]> => {
    const cookies = await jar.store.getAllCookies();
    return cookies.map((c) => toStored(c, defaulted.has(keyOf(c))));
  };

  return {
    all,
    receive: async (input) => {
      const stored: StoredCookie[] = [];
      const rejected: CookieRejection[] = [];
      const crossOrigin = !isSameOrigin(input.url, input.initiatorOrigin);
      const sameSite = isSameSite(input.url, input.initiatorOrigin);
      for (const header of input.setCookie) {
        const parsed = Cookie.parse(header);
        if (parsed === undefined) {
          rejected.push({
            name: '',
            setCookie: header,
            code: 'unparsable',
            reason: 'the Set-Cookie line does not parse',
          });
          continue;
        }
        const reject = (code: CookieRejectionCode, reason: string): void => {
          rejected.push({ name: parsed.key, setCookie: header, code, reason });
        };
        // Fetch: with credentials mode other than include, a cross-origin response's Set-Cookie is ignored.
        if (input.requestKind === 'fetch' && crossOrigin && input.credentialsMode !== 'include') {
          reject(
            'credentials-not-included',
            `the fetch used credentials '${input.credentialsMode}', so the browser ignores Set-Cookie on a cross-origin response`,
          );
          continue;
        }
        const sameSiteDefaulted =
          parsed.sameSite === undefined || !['strict', 'lax', 'none'].includes(parsed.sameSite);
        // Chromium: no SameSite attribute means Lax (since M80).
        if (sameSiteDefaulted) parsed.sameSite = 'lax';
        if (parsed.sameSite === 'none' && !parsed.secure) {
          reject(
            'samesite-none-insecure',
            'SameSite=None requires the Secure attribute; Chromium refuses the cookie',
          );
          continue;
        }
        try {
          const cookie = await jar.setCookie(parsed, input.url, { now: now(), http: true });
          if (cookie === undefined) {
            reject('invalid-prefix', 'refused by the cookie store (cookie name prefix rules)');
            continue;
          }
          // Checked after domain/Secure so that the more basic reason is reported first; Chromium refuses to
          // set Lax/Strict cookies from a cross-site subresource response (RFC 6265bis §5.7 step 22).
          if (!sameSite && input.requestKind === 'fetch' && cookie.sameSite !== 'none') {
            await jar.store.removeCookie(cookie.domain, cookie.path, cookie.key);
            reject(
              'samesite-cross-site-set',
              `SameSite=${cookie.sameSite === 'strict' ? 'Strict' : 'Lax'}${sameSiteDefaulted ? ' (the default)' : ''} cookies cannot be set by a cross-site fetch response (${input.initiatorOrigin} → ${serializeOrigin(input.url)})`,
            );
            continue;
          }
          if (sameSiteDefaulted) defaulted.add(keyOf(cookie));
          stored.push(toStored(cookie, sameSiteDefaulted));
        } catch (error) {
          const { code, reason } = classifyRejection((error as Error).message);
          reject(code, reason);
        }
      }
      return { stored, rejected };
    },
    cookiesFor: async (input) => {
      const everything = await all();
      if (input.isPreflight === true) {
        return {
          sent: [],
          withheld: everything.map((c) => ({
            name: c.name,
            code: 'preflight' as const,
            reason: 'browsers never send cookies on a CORS preflight',
          })),
        };
      }
      const crossOrigin = !isSameOrigin(input.url, input.initiatorOrigin);
      const withCredentials =
        input.credentialsMode === 'include' || (input.credentialsMode === 'same-origin' && !crossOrigin);
      const sameSite = isSameSite(input.url, input.initiatorOrigin);
      const url = new URL(input.url);
      const host = url.hostname.toLowerCase();
      const trustworthy = isPotentiallyTrustworthy(input.url);
      const sent: { name: string; value: string }[] = [];
      const withheld: CookieWithheld[] = [];
      const nowMs = now().getTime();
      const expired = new Set(
        (await jar.store.getAllCookies())
          .filter((c) => {
            const t = c.expiryTime();
            return t !== undefined && t <= nowMs;
          })
          .map((c) => keyOf(c)),
      );
      for (const c of everything) {
        const domainOk = c.hostOnly ? c.domain === host : domainMatch(host, c.domain, false) === true;
        if (!domainOk) {
          withheld.push({
            name: c.name,
            code: 'domain-mismatch',
            reason: `cookie domain ${c.domain} does not match ${host}`,
          });
        } else if (!pathMatch(url.pathname || '/', c.path)) {
          withheld.push({
            name: c.name,
            code: 'path-mismatch',
            reason: `cookie path ${c.path} does not match ${url.pathname}`,
          });
        } else if (expired.has(`${c.domain};${c.path};${c.name}`)) {
          withheld.push({ name: c.name, code: 'expired', reason: 'the cookie has expired' });
        } else if (!withCredentials) {
          withheld.push({
            name: c.name,
            code: 'credentials-not-included',
            reason: `fetch() with credentials '${input.credentialsMode}' sends no cookies${crossOrigin ? ' cross-origin' : ''}`,
          });
        } else if (c.secure && !trustworthy) {
          withheld.push({
            name: c.name,
            code: 'secure-over-http',
            reason: `the cookie is Secure and ${url.origin} is not https`,
          });
        } else if (!sameSite && c.sameSite !== 'none') {
          withheld.push({
            name: c.name,
            code: 'samesite-cross-site',
            reason: `SameSite=${c.sameSite === 'strict' ? 'Strict' : 'Lax'}${c.sameSiteDefaulted ? ' (the default)' : ''} cookies are not sent on a cross-site fetch (${input.initiatorOrigin} → ${url.origin})`,
          });
        } else {
          sent.push({ name: c.name, value: c.value });
        }
      }
      const cookieHeader = sent.length === 0 ? undefined : sent.map((c) => `${c.name}=${c.value}`).join('; ');
      return { sent, withheld, cookieHeader };
    },
  };
}
