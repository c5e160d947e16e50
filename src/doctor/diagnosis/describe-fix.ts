// The fix for each root cause, in AWS terms: which policy ID, which CORS rule, which cookie attribute, what to
// invalidate. Managed policy IDs as AWS lists them ("Use managed cache policies", "Use managed origin request
// policies", "Use managed response headers policies" in the CloudFront Developer Guide).

import type { RootCauseCode } from './doctor-report.ts';

export type FixContext = {
  readonly pageOrigin: string;
  readonly url: string;
  readonly distributionId?: string;
  readonly pathPattern?: string;
  /** The admin listener of the edge that answered (read from its trace): the invalidate command targets it. */
  readonly adminUrl?: string;
  readonly backendUrl?: string;
  readonly cookieDomain?: string;
  /** Request headers that made the request need a preflight. */
  readonly preflightHeaders?: readonly string[];
  readonly preflightMethod?: string;
  /** For a policy Resource that does not cover the request: a Resource that does. */
  readonly resourceToSign?: string;
};

export const MANAGED_POLICY_IDS = {
  CachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  UseOriginCacheControlHeaders: '83da9c7e-98b4-4e11-a168-04f0df8e2c65',
  CorsS3Origin: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
  CorsCustomOrigin: '59781a5b-3903-41f3-afcb-af62929ccde1',
  SimpleCORS: '60669652-455b-4ae9-85a4-c4c02393f86c',
  CorsWithPreflight: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
  CorsAndSecurityHeaders: 'e61eb60c-9c35-4d20-a928-2b84e02af89c',
  CorsWithPreflightAndSecurityHeaders: 'eaab4381-ed33-4a86-88ca-d9558dc6cd63',
} as const;

function behaviorName(ctx: FixContext): string {
  return ctx.pathPattern === undefined || ctx.pathPattern === '*'
    ? 'the default cache behavior'
    : `the cache behavior with PathPattern ${ctx.pathPattern}`;
}

function invalidation(ctx: FixContext): string {
  const id = ctx.distributionId ?? '<DISTRIBUTION_ID>';
  const admin = ctx.adminUrl === undefined ? '' : ` --admin ${ctx.adminUrl}`;
  // npx finds the command in a clone, a project that installed it, and on PATH alike.
  return `npx frontgate invalidate --distribution-id ${id} --paths '/*'${admin} (AWS: aws cloudfront create-invalidation --distribution-id ${id} --paths '/*')`;
}

function host(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

export function describeFix(code: RootCauseCode, ctx: FixContext): string {
  const page = ctx.pageOrigin;
  switch (code) {
    case 'ok':
      return 'Nothing to fix.';
    case 'cookie-rejected-domain':
      return (
        `Serve the backend that sets the cookies from a host inside the cookie's Domain (e.g. https://local.${ctx.cookieDomain?.replace(/^\./, '') ?? 'example.com'}:3001 instead of ${originOf(ctx.backendUrl) ?? 'the current backend'}), ` +
        `or set Domain to a parent of both the backend host and ${host(ctx.url)}. A host can only set cookies for itself or its parent domains (RFC 6265bis §5.7), never for a public suffix.`
      );
    case 'cookie-rejected-samesite':
      return (
        `The cookie-setting response is cross-site to ${page}: move the backend to the same site as the page (same scheme and registrable domain), ` +
        `or set the cookies on a top-level navigation, or issue them with SameSite=None; Secure.`
      );
    case 'cookie-not-sent-samesite':
      return (
        `${page} and ${host(ctx.url)} are different sites, so SameSite=Lax/Strict cookies are not sent on fetch(). Serve the page and the distribution ` +
        `under one registrable domain over https (alternate domain name on the distribution, e.g. cdn.<your-domain>), or issue the CloudFront-* cookies with SameSite=None; Secure.`
      );
    case 'cookie-secure-over-http':
      return `Use https for the backend that sets the cookies and for the page and distribution URLs (Secure cookies are neither stored from nor sent to http:// origins other than localhost), or drop the Secure attribute in development only.`;
    case 'cookie-not-sent-scope':
      return `Set the cookies' Domain and Path so they cover ${ctx.url} (e.g. Domain=.${host(ctx.url).split('.').slice(-2).join('.')}; Path=/).`;
    case 'credentials-not-included':
      return `Call fetch(url, { credentials: 'include' }) (XMLHttpRequest: withCredentials = true): cross-origin requests carry cookies only then.`;
    case 'signature-missing':
      return (
        `No signed cookies or signed URL reached ${behaviorName(ctx)}, which trusts a key group. Issue the CloudFront-Policy (or CloudFront-Expires), CloudFront-Signature and CloudFront-Key-Pair-Id cookies ` +
        `for a Domain that covers ${host(ctx.url)} before the request, fetch with credentials: 'include', or use a signed URL. ` +
        `Note: this 403 has no CORS headers, so the page only sees a CORS error.`
      );
    case 'signature-invalid':
      return `Re-sign with a key whose public key is in the behavior's trusted key group, a policy whose Resource covers ${ctx.url} (scheme, host, port and path as the browser sends them) and a DateLessThan in the future; check CloudFront-Key-Pair-Id.`;
    case 'signed-resource-mismatch':
      return `Sign the policy with Resource "${ctx.resourceToSign ?? ctx.url}" (the scheme, host and port the viewer uses, e.g. resource: '${ctx.resourceToSign ?? ctx.url}' in issueSignedCookies / getSignedCookies, or frontgate sign cookies --resource '${ctx.resourceToSign ?? ctx.url}').`;
    case 'origin-not-forwarded':
      return (
        `Forward Origin to the origin and key the cache on it: on ${behaviorName(ctx)} set a cache policy whose HeadersConfig whitelists Origin ` +
        `(custom cache policy, or managed UseOriginCacheControlHeaders ${MANAGED_POLICY_IDS.UseOriginCacheControlHeaders}), or at least attach the origin request policy ` +
        `Managed-CORS-S3Origin (${MANAGED_POLICY_IDS.CorsS3Origin}) next to CachingOptimized; make sure the bucket CORS has a CORSRule with AllowedOrigins ["${page}"] and the method; ` +
        `then invalidate: ${invalidation(ctx)}.`
      );
    case 'wildcard-with-credentials':
      return (
        `A managed CORS response headers policy answers Access-Control-Allow-Origin: *, which credentialed requests (signed cookies) cannot use. Either attach a custom response headers policy ` +
        `with AccessControlAllowOrigins ["${page}"], AccessControlAllowCredentials true (and explicit AccessControlAllowHeaders, not *), or keep OriginOverride false, forward Origin ` +
        `(Managed-CORS-S3Origin ${MANAGED_POLICY_IDS.CorsS3Origin} + Origin in the cache key) and let the S3 CORSRule for "${page}" echo the origin with Access-Control-Allow-Credentials: true.`
      );
    case 'stale-cache':
      return `The response was served from the cache and was stored before the configuration fix (without Origin, hence without CORS headers). Invalidate: ${invalidation(ctx)}. If it comes back after the invalidation, Origin is not in the cache key (see origin-not-in-cache-key).`;
    case 'origin-not-in-cache-key':
      return (
        `Origin reaches the origin only through the origin request policy, so the first cached variant (another origin's or no Access-Control-Allow-Origin) is served to everyone. ` +
        `Use a cache policy with Origin in HeadersConfig (custom, or UseOriginCacheControlHeaders ${MANAGED_POLICY_IDS.UseOriginCacheControlHeaders}) on ${behaviorName(ctx)}, then ${invalidation(ctx)}.`
      );
    case 'preflight-to-signed-behavior':
      return (
        `Browsers send no cookies on the OPTIONS preflight, so ${behaviorName(ctx)} (trusted key groups) answers 403 MissingKey. Avoid the preflight: ` +
        `${ctx.preflightHeaders && ctx.preflightHeaders.length > 0 ? `drop the non-safelisted request headers (${ctx.preflightHeaders.join(', ')})` : `use GET/HEAD/POST with CORS-safelisted headers only`}${ctx.preflightMethod ? '' : ''}; ` +
        `or serve those paths from a behavior without TrustedKeyGroups that only holds public objects, or use signed URLs instead of cookies.`
      );
    case 'options-not-allowed':
      return `Set AllowedMethods of ${behaviorName(ctx)} to GET, HEAD, OPTIONS (Quantity 3; CachedMethods GET, HEAD[, OPTIONS]) with aws cloudfront update-distribution, so the preflight reaches the origin.`;
    case 'method-not-allowed':
      return `Allow the method on ${behaviorName(ctx)}: AllowedMethods GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE (Quantity 7).`;
    case 's3-cors-no-matching-rule':
      return (
        `Add a CORSRule to the bucket that matches the request: AllowedOrigins ["${page}"], AllowedMethods including ${ctx.preflightMethod ?? 'GET'}` +
        `${ctx.preflightHeaders && ctx.preflightHeaders.length > 0 ? `, AllowedHeaders covering ${ctx.preflightHeaders.join(', ')}` : ''} (aws s3api put-bucket-cors --bucket <bucket> --cors-configuration file://cors.json), then ${invalidation(ctx)}.`
      );
    case 'cors-headers-missing':
      return `Make the response carry Access-Control-Allow-Origin: ${page}: forward Origin to an S3 origin whose CORSRule lists it (Managed-CORS-S3Origin ${MANAGED_POLICY_IDS.CorsS3Origin}), or attach a response headers policy with a CorsConfig for ${page}.`;
    case 'acao-mismatch':
      return `The response allows another origin. List ${page} in the bucket CORSRule / response headers policy AccessControlAllowOrigins, and make sure Origin is in the cache key so one origin's answer is not served to another.`;
    case 'credentials-not-allowed':
      return `Credentialed requests need Access-Control-Allow-Credentials: true: set AccessControlAllowCredentials true in a custom response headers policy listing ${page}, or use an S3 CORSRule whose AllowedOrigins names ${page} (S3 then sends Access-Control-Allow-Credentials: true).`;
    case 'preflight-rejected':
      return `Make the preflight succeed: answer OPTIONS with a 2xx that allows the method and headers (S3 CORSRule AllowedMethods/AllowedHeaders, with Origin and Access-Control-Request-* forwarded by Managed-CORS-S3Origin ${MANAGED_POLICY_IDS.CorsS3Origin}).`;
    case 'origin-access-denied':
      return `S3 refused the edge's request (AccessDenied from the bucket): check the bucket policy grants s3:GetObject to cloudfront.amazonaws.com for this distribution (origin access control) and that the key exists.`;
    case 'function-removed-header':
      return `Change the CloudFront function the explanation names so it leaves that header as it found it (a viewer-request function must keep Origin for the origin's CORS answer; a viewer-response function must keep the Access-Control-* headers), check it with aws cloudfront test-function on the event from the trace, then aws cloudfront publish-function (or edit its file in edge.functions). Then invalidate what was cached meanwhile: ${invalidation(ctx)}.`;
    case 'http-error':
      return 'The request reached the server but failed; see the status and body above.';
    case 'network-error':
      return 'Check the URL, DNS (--resolve), the TLS certificate (--cacert) and that the server listens.';
  }
}

/** `https://host:port` of a URL (the fix talks about where the backend is served, not which path it answers). */
function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
