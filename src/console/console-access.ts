// Who may use the console. On a loopback listener: anyone on this machine, but only through a loopback
// Host name (a web page elsewhere cannot rebind its own name to 127.0.0.1 and read the API). On any other
// address: the token printed at start-up, sent as `Authorization: Bearer <token>`.

import { randomBytes, timingSafeEqual } from 'node:crypto';

export type ConsoleAccess = {
  /** Set when the admin listener is bound to a non-loopback address. */
  readonly token?: string;
};

export type AccessDecision =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'denied'; readonly status: 401 | 403; readonly reason: string };

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|[a-z0-9-]+\.localhost)(:\d+)?$/i;

export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * The token the admin listener requires: the configured `edge.admin.token`, else a fresh random one when the
 * listener is bound beyond loopback (printed at start-up in the console URL), else none.
 */
export function chooseAdminToken(admin: {
  readonly listen: { readonly host: string };
  readonly token?: string;
}): string | undefined {
  if (admin.token !== undefined) return admin.token;
  return isLoopbackAddress(admin.listen.host) ? undefined : randomBytes(24).toString('base64url');
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function decideConsoleAccess(
  request: { readonly host: string | undefined; readonly authorization: string | undefined },
  access: ConsoleAccess,
): AccessDecision {
  if (access.token === undefined) {
    if (request.host !== undefined && LOOPBACK_HOST.test(request.host)) return { kind: 'allowed' };
    return {
      kind: 'denied',
      status: 403,
      reason: 'The console answers only loopback Host names (localhost, 127.0.0.1, [::1]).',
    };
  }
  const given = /^Bearer\s+(\S+)$/i.exec(request.authorization ?? '')?.[1];
  if (given !== undefined && sameToken(given, access.token)) return { kind: 'allowed' };
  return {
    kind: 'denied',
    status: 401,
    reason:
      'This console is bound to a non-loopback address: open the URL printed at start-up (it carries the token).',
  };
}

/** The same rule for the admin listener's JSON routes, read from the request's Host and Authorization. */
export function adminRequestAccess(
  token: string | undefined,
): (req: {
  readonly headers: { readonly host?: string; readonly authorization?: string };
}) => AccessDecision {
  return (req) =>
    decideConsoleAccess({ host: req.headers.host, authorization: req.headers.authorization }, { token });
}
