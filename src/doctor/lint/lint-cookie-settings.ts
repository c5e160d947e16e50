// Lint rules for the signed cookies' settings against the backend host, the distribution hosts and the
// pages (RFC 6265bis Domain and SameSite rules, Chromium's Secure-over-http refusal).

import { domainMatch } from 'tough-cookie';
import { getPublicSuffix } from 'tldts';
import { isSameSite } from '../browser/schemeful-site.ts';
import { describeFix } from '../diagnosis/describe-fix.ts';
import type { LintContext } from './lint-context.ts';

export function lintCookieSettings(context: LintContext): void {
  const { add, settings, hosts, cdnOrigin, pageOrigins } = context;
  const cookie = settings.cookie;
  if (cookie !== undefined) {
    const domain = cookie.domain?.replace(/^\./, '').toLowerCase();
    const backendHost =
      settings.backendOrigin === undefined ? undefined : new URL(settings.backendOrigin).hostname;
    if (domain !== undefined && getPublicSuffix(domain, { allowPrivateDomains: true }) === domain) {
      add(
        'cookie-rejected-domain',
        'error',
        'doctor.cookie.domain',
        `Domain=${cookie.domain} is a public suffix: browsers refuse it.`,
        'Use your registrable domain (e.g. .example.com) or omit Domain.',
      );
    }
    if (
      domain !== undefined &&
      backendHost !== undefined &&
      domainMatch(backendHost, domain, false) !== true
    ) {
      add(
        'cookie-rejected-domain',
        'error',
        'doctor.cookie.domain',
        `The backend ${settings.backendOrigin} cannot set Domain=${cookie.domain}: ${backendHost} does not domain-match ${domain}, so the browser drops every CloudFront-* cookie (the junlog founding bug).`,
        describeFix('cookie-rejected-domain', {
          pageOrigin: pageOrigins[0] ?? '',
          url: cdnOrigin,
          backendUrl: settings.backendOrigin,
          cookieDomain: cookie.domain,
        }),
      );
    }
    for (const host of hosts) {
      const covers = domain === undefined ? backendHost === host : domainMatch(host, domain, false) === true;
      if (!covers) {
        add(
          'cookie-not-sent-scope',
          'error',
          'doctor.cookie.domain',
          `Cookies for ${domain ?? backendHost ?? '?'} are never sent to the distribution host ${host}.`,
          `Set Domain to a parent domain of both ${backendHost ?? 'the backend'} and ${host}.`,
        );
      }
    }
    if (
      cookie.secure &&
      settings.backendOrigin !== undefined &&
      new URL(settings.backendOrigin).protocol === 'http:' &&
      !/^(localhost|127\.)/.test(backendHost ?? '')
    ) {
      add(
        'cookie-secure-over-http',
        'error',
        'doctor.backendOrigin',
        `The backend ${settings.backendOrigin} is http: browsers refuse Secure cookies from it.`,
        describeFix('cookie-secure-over-http', { pageOrigin: pageOrigins[0] ?? '', url: cdnOrigin }),
      );
    }
    if (cookie.sameSite === 'none' && !cookie.secure) {
      add(
        'cookie-rejected-samesite',
        'error',
        'doctor.cookie.sameSite',
        'SameSite=None without Secure is refused by Chromium.',
        'Add Secure.',
      );
    }
    if (cookie.sameSite !== 'none') {
      for (const pageOrigin of pageOrigins) {
        if (!isSameSite(pageOrigin, cdnOrigin)) {
          add(
            'cookie-not-sent-samesite',
            'error',
            'doctor.cookie.sameSite',
            `SameSite=${cookie.sameSite === 'lax' ? 'Lax' : 'Strict'}: ${pageOrigin} and ${cdnOrigin} are different sites, so fetch() from the page never carries the cookies.`,
            describeFix('cookie-not-sent-samesite', { pageOrigin, url: cdnOrigin }),
          );
        }
        if (settings.backendOrigin !== undefined && !isSameSite(pageOrigin, settings.backendOrigin)) {
          add(
            'cookie-rejected-samesite',
            'warning',
            'doctor.backendOrigin',
            `${settings.backendOrigin} is cross-site to ${pageOrigin}: a fetch() response from it cannot set SameSite=${cookie.sameSite === 'lax' ? 'Lax' : 'Strict'} cookies (only a top-level navigation can).`,
            describeFix('cookie-rejected-samesite', { pageOrigin, url: cdnOrigin }),
          );
        }
      }
    }
  }
}
