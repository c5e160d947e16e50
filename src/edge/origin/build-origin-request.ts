// What the edge sends to the origin (spec cloudfront.md §4.4, §4.5, §10): selected query/cookies/headers,
// CloudFront's own headers (Host, User-Agent, Via, X-Forwarded-For, X-Amz-Cf-Id), origin path, custom
// headers, revalidation validators. Pure; OAC signing happens afterwards on this value.

import type { CompiledBehavior, CompiledOrigin } from '../distribution/compiled-distribution.ts';
import type { CacheKey, Cookie, QueryParam } from '../cache/cache-key.ts';
import type { ViewerHeaders } from '../viewer-request.ts';
import { headerValue, viaProtocolVersion } from '../viewer-request.ts';
import { type BehaviorSelectors, compileBehaviorSelectors } from './behavior-selectors.ts';

export type OriginRequest = {
  /** `http://127.0.0.1:9000` — where the connection goes. */
  readonly connectOrigin: string;
  readonly method: string;
  /** Path and query exactly as sent to the origin (raw, not re-encoded). */
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  /** For SigV4 (OAC): the host and the raw path/query we sign. */
  readonly host: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  /** S3 origin with origin access control that should sign this request. */
  readonly signWith?: { readonly region: string };
};

/** The store of this process, reached over loopback: origins whose endpoint is `embedded` go there, path-style. */
export type EmbeddedOrigin = { readonly baseUrl: string; readonly region: string };

export type BuildOriginRequestInput = {
  readonly origin: CompiledOrigin;
  readonly behavior: CompiledBehavior;
  readonly method: string;
  readonly viewerHeaders: ViewerHeaders;
  readonly viewerHttpVersion: string;
  readonly viewerScheme: 'http' | 'https';
  readonly clientIp: string;
  readonly rawPath: string;
  /** Signing parameters already removed (spec §1.10). */
  readonly query: readonly QueryParam[];
  /** `CloudFront-*` signing cookies already removed. */
  readonly cookies: readonly Cookie[];
  readonly cacheKey: CacheKey;
  readonly requestId: string;
  readonly viaHostHex: string;
  /** Base URL and region of the embedded store, when an origin's endpoint is `embedded`. */
  readonly embeddedOrigin?: EmbeddedOrigin;
  readonly validators?: { readonly etag?: string; readonly lastModified?: string };
  /** The behavior's precompiled forwarding predicates; built from its policies when absent. */
  readonly selectors?: BehaviorSelectors['forward'];
};

/** Never forwarded whatever the policies say (spec §4.5 "Removed always", hop-by-hop, our own trace switch). */
const NEVER_FORWARDED: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'x-real-ip',
  'x-forwarded-proto',
  'x-forwarded-for',
  'x-amz-cf-id',
  'cookie',
  'content-length',
  'http2-settings',
  'x-frontgate-trace',
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'if-range',
  'range',
  'via',
]);

function endpointUrl(input: BuildOriginRequestInput): URL {
  const origin = input.origin;
  if (origin.endpoint.kind === 'url') {
    const url = new URL(origin.endpoint.url);
    // An unmapped custom origin with `match-viewer` follows the viewer's scheme (spec §4.5; edge-config-origins.md).
    if (
      origin.config.kind === 'custom' &&
      origin.config.protocolPolicy === 'match-viewer' &&
      url.hostname === origin.domainName &&
      input.viewerScheme === 'http'
    ) {
      const port = origin.config.httpPort === 80 ? '' : `:${origin.config.httpPort}`;
      return new URL(`http://${origin.domainName}${port}${url.pathname === '/' ? '' : url.pathname}`);
    }
    return url;
  }
  if (!input.embeddedOrigin)
    throw new Error(`origin ${origin.id} uses the embedded store, which is not running`);
  return new URL(input.embeddedOrigin.baseUrl);
}

export function buildOriginRequest(input: BuildOriginRequestInput): OriginRequest {
  const { origin, behavior } = input;
  const cachePolicy = behavior.cachePolicy;
  const orp = behavior.originRequestPolicy;
  const endpoint = endpointUrl(input);
  const connectOrigin = `${endpoint.protocol}//${endpoint.host}`;
  const endpointPrefix = endpoint.pathname === '/' ? '' : endpoint.pathname.replace(/\/$/, '');

  const forward = input.selectors ?? compileBehaviorSelectors(behavior).forward;
  const querySelected = forward.query;
  const rawQuery = input.query
    .filter((p) => querySelected(p.name))
    .map((p) => p.raw)
    .join('&');

  let host: string;
  let pathPrefix = endpointPrefix + origin.originPath;
  let signWith: OriginRequest['signWith'];
  if (origin.config.kind === 's3') {
    // Path-style against a local endpoint (the embedded store, a scripted or S3-compatible server);
    // virtual-hosted when the endpoint is the bucket's own host name (docs/decisions/edge-runtime-origins.md).
    host = endpoint.host;
    if (!endpoint.hostname.startsWith(`${origin.config.bucket}.`))
      pathPrefix = `${endpointPrefix}/${origin.config.bucket}${origin.originPath}`;
    const oac = origin.config.originAccessControl;
    const viewerAuthorization = headerValue(input.viewerHeaders, 'authorization');
    if (
      oac &&
      oac.signingBehavior !== 'never' &&
      !(oac.signingBehavior === 'no-override' && viewerAuthorization)
    ) {
      const region =
        origin.endpoint.kind === 'embedded' && input.embeddedOrigin
          ? input.embeddedOrigin.region
          : origin.config.region;
      signWith = { region };
    }
  } else {
    host = origin.domainName;
  }
  const rawPath = pathPrefix + input.rawPath;

  const headerSelected = forward.headers;
  const encodingFlags = cachePolicy.enableAcceptEncodingGzip || cachePolicy.enableAcceptEncodingBrotli;
  const out: [string, string][] = [];
  const cachedOptions = input.method === 'OPTIONS' && behavior.cachedMethods.has('OPTIONS');
  const authorizationDropped = input.method === 'GET' || input.method === 'HEAD' || cachedOptions;
  let userAgentForwarded = false;
  for (const name of Object.keys(input.viewerHeaders)) {
    if (NEVER_FORWARDED.has(name) || name.startsWith('x-edge-')) continue;
    if (name === 'accept-encoding' && encodingFlags) continue;
    const selected = headerSelected(name);
    // Authorization only through the cache policy or an allViewer ORP on safe methods (spec §4.4, §4.5).
    if (name === 'authorization' && authorizationDropped) {
      const viaCachePolicy = cachePolicy.headers.names.includes('authorization');
      const viaAllViewer =
        orp?.headers.behavior === 'allViewer' || orp?.headers.behavior === 'allViewerAndWhitelistCloudFront';
      if (!viaCachePolicy && !viaAllViewer) continue;
    } else if (!selected) continue;
    const value = headerValue(input.viewerHeaders, name);
    if (value === undefined) continue;
    if (name === 'host') continue;
    if (name === 'user-agent') userAgentForwarded = true;
    out.push([name, value]);
  }
  // Host: S3 origins never see the viewer's Host; custom origins do when it is selected (spec §4.5).
  const viewerHost = headerValue(input.viewerHeaders, 'host');
  const hostForwarded = origin.config.kind === 'custom' && viewerHost !== undefined && headerSelected('host');
  out.unshift(['host', hostForwarded ? (viewerHost as string) : host]);
  if (!userAgentForwarded) out.push(['user-agent', 'Amazon CloudFront']);
  if (input.cacheKey.acceptEncoding !== undefined)
    out.push(['accept-encoding', input.cacheKey.acceptEncoding]);
  // The body's framing always travels with it (PUT/POST/PATCH/DELETE bodies; S3 needs Content-Length).
  const contentLength = headerValue(input.viewerHeaders, 'content-length');
  const hasBody = input.method !== 'GET' && input.method !== 'HEAD' && input.method !== 'OPTIONS';
  if (hasBody && contentLength !== undefined) out.push(['content-length', contentLength]);

  const cookieSelected = forward.cookies;
  const cookies = input.cookies
    .filter(([name]) => cookieSelected(name))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (cookies.length > 0) out.push(['cookie', cookies.map(([n, v]) => `${n}=${v}`).join('; ')]);

  const via = `${viaProtocolVersion(input.viewerHttpVersion)} ${input.viaHostHex}.cloudfront.net (CloudFront)`;
  const viewerVia = headerValue(input.viewerHeaders, 'via');
  out.push(['via', viewerVia && headerSelected('via') ? `${viewerVia}, ${via}` : via]);
  const xff = headerValue(input.viewerHeaders, 'x-forwarded-for');
  // Appended with a bare comma, as in the docs' example `192.0.2.4,192.0.2.3,192.0.2.2` (spec §4.5).
  out.push(['x-forwarded-for', xff ? `${xff},${input.clientIp}` : input.clientIp]);
  out.push(['x-amz-cf-id', input.requestId]);
  if (input.validators?.etag) out.push(['if-none-match', input.validators.etag]);
  if (input.validators?.lastModified) out.push(['if-modified-since', input.validators.lastModified]);

  // Origin custom headers overwrite viewer headers of the same name (spec §4.5).
  for (const [name, value] of origin.customHeaders) {
    const lower = name.toLowerCase();
    for (let i = out.length - 1; i >= 0; i--) if (out[i][0] === lower) out.splice(i, 1);
    out.push([lower, value]);
  }
  const finalHost = out[0][1];
  return {
    connectOrigin,
    method: input.method,
    path: rawQuery === '' ? rawPath : `${rawPath}?${rawQuery}`,
    headers: out,
    host: finalHost,
    rawPath,
    rawQuery,
    signWith,
  };
}
