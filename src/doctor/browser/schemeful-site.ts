// Sites as Chromium compares them for SameSite cookies: "schemeful same-site" (RFC 6265bis §5.2), i.e. the
// scheme plus the registrable domain from the Public Suffix List (tldts); hosts without one (localhost, IPs)
// are their own site.

import { getDomain } from 'tldts';

/** `https://junlog.dev` for `https://local.junlog.dev:3000`; `http://localhost` for `http://localhost:3001`. */
export function schemefulSite(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const registrable = getDomain(host, { allowPrivateDomains: true }) ?? host;
  return `${parsed.protocol}//${registrable}`;
}

/** True when both URLs (or origins) share scheme and registrable domain; ports never matter. */
export function isSameSite(a: string, b: string): boolean {
  return schemefulSite(a) === schemefulSite(b);
}

/** Serialized origin of a URL (`scheme://host[:port]`), as the `Origin` header carries it. */
export function serializeOrigin(url: string): string {
  return new URL(url).origin;
}
