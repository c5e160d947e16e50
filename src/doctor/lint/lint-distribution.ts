// Static lint: before any request, predicts from a compiled distribution, its bucket's CORS rules and the
// doctor settings what a browser page will see, and warns with a code, severity, JSON path and fix
// (spec cloudfront.md §6.6 checklist, §6.3, §4.4, §5; s3.md A.3–A.6).

import { domainMatch } from 'tough-cookie';
import { getPublicSuffix } from 'tldts';
import type { CorsRule } from '../../cors/index.ts';
import { decideResponseHeadersPolicyCors, evaluateS3Cors } from '../../cors/index.ts';
import type { CompiledBehavior, CompiledDistribution } from '../../edge/distribution/index.ts';
import { checkCorsResponse } from '../browser/check-cors-response.ts';
import { needsPreflight } from '../browser/needs-preflight.ts';
import { isSameSite } from '../browser/schemeful-site.ts';
import { describeFix } from '../diagnosis/describe-fix.ts';
import type { DoctorSettings } from './doctor-settings.ts';

export type LintSeverity = 'error' | 'warning' | 'info';

export type LintFinding = {
  readonly code: string;
  readonly severity: LintSeverity;
  readonly jsonPath: string;
  readonly message: string;
  readonly fix: string;
};

export type LintDistributionInput = {
  readonly distribution: CompiledDistribution;
  /** Where the distribution sits in the config, e.g. `edge.distributions[0]` (file: its DistributionConfig). */
  readonly jsonPath: string;
  /** CORS rules by bucket name (`null` = bucket without CORS configuration); buckets not listed are unknown. */
  readonly bucketCors: ReadonlyMap<string, readonly CorsRule[] | null>;
  readonly settings: DoctorSettings;
};

function behaviorPath(input: LintDistributionInput, behavior: CompiledBehavior, index: number): string {
  return behavior.isDefault
    ? `${input.jsonPath}.DistributionConfig.DefaultCacheBehavior`
    : `${input.jsonPath}.DistributionConfig.CacheBehaviors.Items[${index}]`;
}

/** Headers the edge sends to the origin: cache-key headers plus the origin request policy's (spec §4.4). */
function forwardsHeader(behavior: CompiledBehavior, name: string): boolean {
  const cp = behavior.cachePolicy.headers;
  if (cp.behavior === 'allViewer' || (cp.behavior === 'whitelist' && cp.names.includes(name))) return true;
  const orp = behavior.originRequestPolicy?.headers;
  if (orp === undefined) return false;
  switch (orp.behavior) {
    case 'allViewer':
    case 'allViewerAndWhitelistCloudFront':
      return true;
    case 'allExcept':
      return !orp.names.includes(name);
    case 'whitelist':
      return orp.names.includes(name);
    default:
      return false;
  }
}

function inCacheKey(behavior: CompiledBehavior, name: string): boolean {
  const cp = behavior.cachePolicy.headers;
  return cp.behavior === 'allViewer' || (cp.behavior === 'whitelist' && cp.names.includes(name));
}

export function lintDistribution(input: LintDistributionInput): LintFinding[] {
  const findings: LintFinding[] = [];
  const { distribution, settings } = input;
  const hosts = distribution.aliases.length > 0 ? distribution.aliases : [distribution.domainName];
  const cdnOrigin = `https://${hosts[0]}`;
  const pageOrigins = settings.pageOrigins;
  const add = (
    code: string,
    severity: LintSeverity,
    jsonPath: string,
    message: string,
    fix: string,
  ): void => {
    if (!findings.some((f) => f.code === code && f.jsonPath === jsonPath))
      findings.push({ code, severity, jsonPath, message, fix });
  };
  const fixFor = (code: Parameters<typeof describeFix>[0], behavior: CompiledBehavior, pageOrigin?: string) =>
    describeFix(code, {
      pageOrigin: pageOrigin ?? pageOrigins[0] ?? '<page origin>',
      url: cdnOrigin,
      distributionId: distribution.id,
      pathPattern: behavior.pathPattern,
      backendUrl: settings.backendOrigin,
      cookieDomain: settings.cookie?.domain,
    });

  distribution.behaviors.forEach((behavior, index) => {
    const path = behaviorPath(input, behavior, index);
    const origin = distribution.origins.get(behavior.targetOriginId);
    const bucket = origin?.config.kind === 's3' ? origin.config.bucket : undefined;
    const rules = bucket === undefined ? undefined : input.bucketCors.get(bucket);
    const credentialed = behavior.requiresSignature;
    const cors = behavior.responseHeadersPolicy?.cors;
    const originForwarded = forwardsHeader(behavior, 'origin');
    const originKeyed = inCacheKey(behavior, 'origin');
    const rhpPath = `${path}.ResponseHeadersPolicyId`;

    if (
      !originForwarded &&
      bucket !== undefined &&
      rules !== undefined &&
      rules !== null &&
      rules.length > 0
    ) {
      add(
        'origin-not-forwarded',
        'error',
        `${path}.CachePolicyId`,
        `The S3 origin ${bucket} has CORS rules, but ${behavior.cachePolicy.name} ${behavior.originRequestPolicy ? `with ${behavior.originRequestPolicy.name}` : 'without an origin request policy'} never sends Origin to it, so S3 never answers with CORS headers (spec §6.6 #1).`,
        fixFor('origin-not-forwarded', behavior),
      );
    }
    const echoingRules = rules?.some((r) => r.AllowedOrigins.some((o) => o !== '*')) === true;
    if (originForwarded && !originKeyed && (echoingRules || pageOrigins.length > 1)) {
      const several = pageOrigins.length > 1;
      add(
        'origin-not-in-cache-key',
        several ? 'warning' : 'info',
        `${path}.CachePolicyId`,
        `Origin reaches the origin (${behavior.originRequestPolicy?.name ?? 'origin request policy'}) but is not in the cache key of ${behavior.cachePolicy.name}: the first cached variant wins for every origin${several ? ` — ${pageOrigins.join(' and ')} will receive each other's Access-Control-Allow-Origin` : ', and a request without Origin caches a response without CORS headers'} (spec §6.6 #2).`,
        fixFor('origin-not-in-cache-key', behavior),
      );
    }
    if (cors?.allowCredentials && cors.allowHeaders.includes('*')) {
      add(
        'allow-headers-wildcard-with-credentials',
        'error',
        rhpPath,
        `${behavior.responseHeadersPolicy?.name}: AccessControlAllowHeaders * together with AccessControlAllowCredentials true — the API refuses it, and browsers read * literally on credentialed preflights.`,
        'List the request headers explicitly in AccessControlAllowHeaders.',
      );
    }

    // Predict each page's credentialed GET through origin CORS and the response headers policy.
    for (const pageOrigin of pageOrigins) {
      const sent = originForwarded ? pageOrigin : undefined;
      let originHeaders: [string, string][] = [];
      if (bucket !== undefined && rules !== undefined) {
        const decision = evaluateS3Cors({
          method: 'GET',
          origin: sent,
          isPreflight: false,
          bucketExists: true,
          rules,
          resourceType: 'OBJECT',
        });
        if (decision.kind === 'headers') originHeaders = decision.headers;
      }
      const headers = new Map(originHeaders.map(([n, v]) => [n.toLowerCase(), v]));
      if (cors !== undefined) {
        for (const h of decideResponseHeadersPolicyCors(cors, { method: 'GET', origin: pageOrigin })) {
          const name = h.name.toLowerCase();
          if (h.override || !headers.has(name)) headers.set(name, h.value);
        }
      }
      const check = checkCorsResponse({
        url: `${cdnOrigin}/`,
        requestOrigin: pageOrigin,
        credentialsMode: credentialed ? 'include' : 'omit',
        status: 200,
        headers: Object.fromEntries(headers),
      });
      if (check.kind === 'ok') continue;
      if (check.code === 'wildcard-with-credentials') {
        add(
          'wildcard-with-credentials',
          'error',
          rhpPath,
          `${behavior.responseHeadersPolicy?.name ?? 'The response'} answers Access-Control-Allow-Origin: * ${originForwarded ? '' : '(the origin sends nothing, Origin is not forwarded) '}while the behavior trusts key groups, so pages fetch it with credentials (signed cookies): the browser refuses * (spec §6.6 #3).`,
          fixFor('wildcard-with-credentials', behavior, pageOrigin),
        );
      } else if (check.code === 'no-acao') {
        const s3Fault = originForwarded && rules !== undefined;
        add(
          s3Fault ? 's3-cors-no-matching-rule' : 'cors-headers-missing',
          'error',
          s3Fault ? `s3.buckets[${bucket}].cors` : path,
          `A GET from ${pageOrigin} gets no Access-Control-Allow-Origin: ${s3Fault ? (rules === null ? `bucket ${bucket} has no CORS configuration` : `no CORSRule of ${bucket} matches ${pageOrigin} GET`) : 'no response headers policy with CORS and no origin CORS headers'}.`,
          fixFor(s3Fault ? 's3-cors-no-matching-rule' : 'cors-headers-missing', behavior, pageOrigin),
        );
      } else if (check.code === 'acac-not-true') {
        add(
          'credentials-not-allowed',
          'error',
          rhpPath,
          `${pageOrigin} is allowed but without Access-Control-Allow-Credentials: true, and signed behaviors need credentials.`,
          fixFor('credentials-not-allowed', behavior, pageOrigin),
        );
      }
    }

    // Preflights: what the pages' requests need, against this behavior.
    for (const request of settings.requests) {
      const preflight = needsPreflight({ method: request.method, headers: request.headers });
      if (preflight.kind !== 'preflight' || pageOrigins.length === 0) continue;
      const what = `${request.method}${request.headers.length > 0 ? ` with ${request.headers.map(([n]) => n).join(', ')}` : ''}`;
      if (!behavior.allowedMethods.has('OPTIONS')) {
        add(
          'options-not-allowed',
          'error',
          `${path}.AllowedMethods`,
          `Pages send ${what}, which needs a preflight, but OPTIONS is not an allowed method: CloudFront answers its 403 HTML page (spec §3.2, §6.6 #5).`,
          fixFor('options-not-allowed', behavior),
        );
      }
      if (behavior.requiresSignature) {
        add(
          'preflight-to-signed-behavior',
          'error',
          `${path}.TrustedKeyGroups`,
          `Pages send ${what}, which needs a preflight; preflights carry no cookies, so this signed behavior answers 403 MissingKey (spec §6.3).`,
          describeFix('preflight-to-signed-behavior', {
            pageOrigin: pageOrigins[0],
            url: cdnOrigin,
            pathPattern: behavior.pathPattern,
            preflightHeaders: preflight.reasons.flatMap((r) => (r.kind === 'header' ? [r.name] : [])),
          }),
        );
      }
    }
    if (
      behavior.requiresSignature &&
      behavior.allowedMethods.has('OPTIONS') &&
      settings.requests.every((r) => needsPreflight(r).kind !== 'preflight')
    ) {
      add(
        'preflight-to-signed-behavior',
        'info',
        `${path}.TrustedKeyGroups`,
        'The behavior is signed: keep page requests CORS-simple (GET/HEAD, safelisted headers only); any preflight would get 403 MissingKey because preflights carry no cookies.',
        'Only send CORS-safelisted headers (no Authorization, Range via media elements rather than fetch, Content-Type text/plain).',
      );
    }
    if (
      behavior.requiresSignature &&
      behavior.viewerProtocolPolicy === 'allow-all' &&
      settings.cookie?.secure === true
    ) {
      add(
        'cookie-secure-over-http',
        'warning',
        `${path}.ViewerProtocolPolicy`,
        'The signed cookies are Secure but the behavior also serves http://: over http the browser sends no cookies and the request fails with MissingKey.',
        'Set ViewerProtocolPolicy to redirect-to-https or https-only.',
      );
    }
  });

  // Cookie settings against the backend host, the distribution hosts and the pages.
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
  return findings;
}
