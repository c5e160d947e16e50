// The story's backend: it signs a custom policy for the course's media and sets the three
// CloudFront-* cookies with the attributes of scenarios/junlog/cookies.json (HttpOnly; Secure;
// SameSite=Lax; Domain=.junlog.dev). The code is the same before and after the fix: only the host the
// browser reaches it on changes, which is exactly the founding bug.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { getSignedCookies } from '../signer/index.ts';

export type DemoBackendOptions = {
  readonly pageOrigin: string;
  readonly cdnOrigin: string;
  readonly basePath: string;
  readonly keyPairId: string;
  readonly privateKey: string;
  readonly expiresInMs: number;
  readonly cookieDomain: string;
  readonly now?: () => Date;
  /** Told about every answer that sets the signed cookies (the demo's cookie panel explains them). */
  readonly onCookiesIssued?: (issued: {
    readonly url: string;
    readonly setCookie: readonly string[];
  }) => void;
};

const COOKIE_NAMES = ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id'] as const;

function cookieAttributes(domain: string, maxAgeSeconds: number): string {
  return `Domain=${domain}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`;
}

function allowPageOrigin(req: IncomingMessage, res: ServerResponse, pageOrigin: string): void {
  if (req.headers.origin === pageOrigin) {
    res.setHeader('Access-Control-Allow-Origin', pageOrigin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  res.setHeader('Vary', 'Origin');
}

/** The three signed cookies' values for the course's media, valid `expiresInMs` from `now`. */
export function signDemoCookies(
  options: Pick<DemoBackendOptions, 'keyPairId' | 'privateKey' | 'cdnOrigin' | 'basePath' | 'expiresInMs'>,
  now: Date,
): Record<(typeof COOKIE_NAMES)[number], string> {
  const expires = new Date(now.getTime() + options.expiresInMs);
  const signed = getSignedCookies({
    keyPairId: options.keyPairId,
    privateKey: options.privateKey,
    policy: JSON.stringify({
      Statement: [
        {
          Resource: `${options.cdnOrigin}/${options.basePath}/*`,
          Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(expires.getTime() / 1000) } },
        },
      ],
    }),
  }) as Record<string, string | number>;
  return Object.fromEntries(COOKIE_NAMES.map((name) => [name, String(signed[name])])) as Record<
    (typeof COOKIE_NAMES)[number],
    string
  >;
}

export function createDemoBackendHandler(options: DemoBackendOptions) {
  const now = options.now ?? (() => new Date());
  return (req: IncomingMessage, res: ServerResponse): void => {
    allowPageOrigin(req, res, options.pageOrigin);
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/api/cookies') {
      const expires = new Date(now().getTime() + options.expiresInMs);
      const signed = signDemoCookies(options, now());
      const maxAge = Math.round(options.expiresInMs / 1000);
      const setCookies = COOKIE_NAMES.map(
        (name) => `${name}=${signed[name]}; ${cookieAttributes(options.cookieDomain, maxAge)}`,
      );
      res.setHeader('Set-Cookie', setCookies);
      const scheme = (req.socket as TLSSocket).encrypted === true ? 'https' : 'http';
      options.onCookiesIssued?.({
        url: `${scheme}://${req.headers.host ?? 'localhost'}${path}`,
        setCookie: setCookies,
      });
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(
        JSON.stringify({
          issued: COOKIE_NAMES,
          domain: options.cookieDomain,
          expires: expires.toISOString(),
        }),
      );
      return;
    }
    if (req.method === 'GET' && path === '/api/clear-cookies') {
      res.setHeader(
        'Set-Cookie',
        COOKIE_NAMES.map((name) => `${name}=; ${cookieAttributes(options.cookieDomain, 0)}`),
      );
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ cleared: COOKIE_NAMES }));
      return;
    }
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ error: 'not found' }));
  };
}
