// Lint rules for the preflights pages' requests need against one behavior (AWS: "Cache behavior settings", "Configure CloudFront to respect cross-origin resource sharing (CORS) settings",
// AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings"): OPTIONS must be allowed, and a signed behavior cannot answer preflights (they carry no cookies);
// plus the signed behavior that also serves http:// while the cookies are Secure.

import type { CompiledBehavior } from '../../edge/distribution/index.ts';
import { needsPreflight } from '../browser/needs-preflight.ts';
import { describeFix } from '../diagnosis/describe-fix.ts';
import type { LintContext } from './lint-context.ts';

export function lintBehaviorPreflights(context: LintContext, behavior: CompiledBehavior, path: string): void {
  const { add, fixFor, settings, pageOrigins, cdnOrigin } = context;
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
        `Pages send ${what}, which needs a preflight, but OPTIONS is not an allowed method: CloudFront answers its 403 HTML page (AWS: "Cache behavior settings", "Configure CloudFront to respect cross-origin resource sharing (CORS) settings").`,
        fixFor('options-not-allowed', behavior),
      );
    }
    if (behavior.requiresSignature) {
      add(
        'preflight-to-signed-behavior',
        'error',
        `${path}.TrustedKeyGroups`,
        `Pages send ${what}, which needs a preflight; preflights carry no cookies, so this signed behavior answers 403 MissingKey (AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings").`,
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
}
