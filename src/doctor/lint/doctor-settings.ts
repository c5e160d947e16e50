// The `doctor` section of the Frontgate config: who the pages are, where the backend that sets the signed
// cookies lives and with which attributes — what the static lint needs to predict a browser's view.
// Also reads the junlog `cookies.json` shape (`cookieAttributes`) for `--cookies FILE`.

import { ConfigError } from '../../config/index.ts';

export type CookieSettings = {
  readonly domain?: string;
  readonly path: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  /** Effective value; `lax` when unset (Chromium's default). */
  readonly sameSite: 'strict' | 'lax' | 'none';
};

export type DoctorRequestShape = {
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
};

export type DoctorSettings = {
  readonly pageOrigins: readonly string[];
  readonly backendOrigin?: string;
  readonly cookie?: CookieSettings;
  /** How pages call the distribution; default one plain `GET` without extra headers. */
  readonly requests: readonly DoctorRequestShape[];
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function origin(value: unknown, path: string): string {
  if (typeof value !== 'string' || !URL.canParse(value))
    throw new ConfigError(path, 'expected an origin like "https://app.example.com"');
  return new URL(value).origin;
}

export function parseCookieSettings(raw: unknown, path: string): CookieSettings {
  if (!isObject(raw))
    throw new ConfigError(path, 'expected an object { domain, path, secure, httpOnly, sameSite }');
  const sameSite = raw.sameSite === undefined ? 'lax' : String(raw.sameSite).toLowerCase();
  if (sameSite !== 'strict' && sameSite !== 'lax' && sameSite !== 'none') {
    throw new ConfigError(`${path}.sameSite`, 'expected "Strict", "Lax" or "None"');
  }
  if (raw.domain !== undefined && typeof raw.domain !== 'string')
    throw new ConfigError(`${path}.domain`, 'expected a string');
  return {
    domain: raw.domain as string | undefined,
    path: typeof raw.path === 'string' ? raw.path : '/',
    secure: raw.secure === true,
    httpOnly: raw.httpOnly === true,
    sameSite,
  };
}

export function parseDoctorSettings(raw: unknown, path = 'doctor'): DoctorSettings {
  if (raw === undefined) return { pageOrigins: [], requests: [{ method: 'GET', headers: [] }] };
  if (!isObject(raw)) throw new ConfigError(path, 'expected an object');
  for (const key of Object.keys(raw)) {
    if (!['pageOrigins', 'backendOrigin', 'cookie', 'requests', 'comment'].includes(key)) {
      throw new ConfigError(
        `${path}.${key}`,
        'unknown setting (pageOrigins, backendOrigin, cookie, requests)',
      );
    }
  }
  const pageOrigins = raw.pageOrigins === undefined ? [] : raw.pageOrigins;
  if (!Array.isArray(pageOrigins))
    throw new ConfigError(`${path}.pageOrigins`, 'expected an array of origins');
  const requests = raw.requests === undefined ? [{ method: 'GET', headers: {} }] : raw.requests;
  if (!Array.isArray(requests))
    throw new ConfigError(`${path}.requests`, 'expected an array of { method, headers }');
  return {
    pageOrigins: pageOrigins.map((o, i) => origin(o, `${path}.pageOrigins[${i}]`)),
    backendOrigin:
      raw.backendOrigin === undefined ? undefined : origin(raw.backendOrigin, `${path}.backendOrigin`),
    cookie: raw.cookie === undefined ? undefined : parseCookieSettings(raw.cookie, `${path}.cookie`),
    requests: requests.map((r, i) => {
      if (!isObject(r)) throw new ConfigError(`${path}.requests[${i}]`, 'expected { method, headers }');
      const headers = isObject(r.headers)
        ? Object.entries(r.headers).map(([n, v]) => [n, String(v)] as const)
        : [];
      return { method: typeof r.method === 'string' ? r.method : 'GET', headers };
    }),
  };
}

/** Reads the junlog `cookies.json` shape: `cookieAttributes` plus optional `<variant>.pageOrigin/backendOrigin`. */
export function parseCookiesFile(
  raw: unknown,
  variant?: string,
): { cookie: CookieSettings; pageOrigin?: string; backendOrigin?: string } {
  if (!isObject(raw) || !isObject(raw.cookieAttributes))
    throw new ConfigError('$', 'expected { cookieAttributes: {...} }');
  const chosen = variant === undefined ? undefined : raw[variant];
  if (variant !== undefined && !isObject(chosen))
    throw new ConfigError(variant, 'no such variant in the cookies file');
  return {
    cookie: parseCookieSettings(raw.cookieAttributes, 'cookieAttributes'),
    pageOrigin:
      isObject(chosen) && typeof chosen.pageOrigin === 'string'
        ? new URL(chosen.pageOrigin).origin
        : undefined,
    backendOrigin:
      isObject(chosen) && typeof chosen.backendOrigin === 'string'
        ? new URL(chosen.backendOrigin).origin
        : undefined,
  };
}
