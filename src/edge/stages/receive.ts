// Stage 1 — receive: find the distribution by Host (alternate domain names and the generated domain),
// keep the raw target, parse query pairs and cookies. Unknown Host → CloudFront's 403 HTML page
// (spec cloudfront.md §7.3; docs/decisions/edge-runtime-unknown-host.md).

import { percentDecode, splitRequestTarget } from '../../http/index.ts';
import type { Cookie, QueryParam } from '../cache/cache-key.ts';
import type { EdgeSnapshotView } from '../config/load-edge-snapshot.ts';
import type { CompiledDistribution } from '../distribution/compiled-distribution.ts';
import type { EdgeResponse } from '../edge-response.ts';
import { cloudFrontErrorResponse, ERROR_REASONS } from '../responses/cloudfront-error-page.ts';
import type { TraceRecorder } from '../trace/trace-types.ts';
import type { ViewerRequest } from '../viewer-request.ts';
import { headerValue } from '../viewer-request.ts';

export type ReceivedRequest = {
  readonly viewer: ViewerRequest;
  readonly requestId: string;
  readonly distribution: CompiledDistribution;
  /** Lower-cased, without port: what the cache key and the behavior see. */
  readonly host: string;
  /** The Host header as sent (port kept), for redirects and signed-URL resources. */
  readonly hostHeader: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly query: readonly QueryParam[];
  readonly cookies: readonly Cookie[];
  readonly trace: TraceRecorder | undefined;
};

const MAX_URL_BYTES = 8192;

export type StageResult<T> =
  | { readonly kind: 'continue'; readonly value: T }
  | { readonly kind: 'respond'; readonly response: EdgeResponse };

function decodeName(name: string): string {
  try {
    return percentDecode(name);
  } catch {
    return name;
  }
}

export function parseQueryParams(rawQuery: string): QueryParam[] {
  if (rawQuery === '') return [];
  const out: QueryParam[] = [];
  for (const raw of rawQuery.split('&')) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    out.push({ name: decodeName(eq >= 0 ? raw.slice(0, eq) : raw), raw });
  }
  return out;
}

export function parseCookieHeader(value: string | undefined): Cookie[] {
  if (!value) return [];
  const out: Cookie[] = [];
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  return out;
}

/** Several Cookie fields (HTTP/2 may split them) are joined with `; `, never `, ` (RFC 6265 §5.4, RFC 9113 §8.2.3). */
function cookieHeader(viewer: ViewerRequest): string | undefined {
  const raw = viewer.headers.cookie;
  return raw === undefined || typeof raw === 'string' ? raw : raw.join('; ');
}

/** `Host` (HTTP/1.1) or `:authority` (HTTP/2, which node exposes as `host` too when present). */
function hostOf(viewer: ViewerRequest): string {
  return headerValue(viewer.headers, 'host') ?? headerValue(viewer.headers, ':authority') ?? '';
}

/** HTTP/1.0 viewers: CloudFront drops Accept-Encoding (no key part, nothing forwarded, no compression; spec §9.4 item 3). */
function withoutHttp10AcceptEncoding(viewer: ViewerRequest): ViewerRequest {
  if (viewer.httpVersion !== '1.0' || viewer.headers['accept-encoding'] === undefined) return viewer;
  const { 'accept-encoding': _dropped, ...headers } = viewer.headers;
  return { ...viewer, headers };
}

/** Two Host fields: RFC 9112 §3.2 requires 400; CloudFront's exact answer is unknown, the HTML page is chosen. */
function repeatedHostResponse(requestId: string): EdgeResponse {
  return cloudFrontErrorResponse(400, ERROR_REASONS.badRequest, requestId, 'Error');
}

export function receive(
  viewer: ViewerRequest,
  lookup: Pick<EdgeSnapshotView, 'findByHost'>,
  requestId: string,
  trace: TraceRecorder | undefined,
): StageResult<ReceivedRequest> {
  const hostHeader = hostOf(viewer);
  const host = hostHeader.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  const { rawPath, rawQuery } = splitRequestTarget(viewer.rawTarget);
  const distribution = host === '' ? undefined : lookup.findByHost(host);
  trace?.add({
    stage: 'receive',
    distributionId: distribution?.id,
    host,
    rawPath,
    rawQuery,
    clientIp: viewer.clientIp,
    scheme: viewer.scheme,
    configEtag: distribution?.etag,
  });
  // Before the distribution answers: which Host would name it is ambiguous
  // (docs/decisions/edge-runtime-duplicate-host.md).
  if (viewer.repeatedHost === true) return { kind: 'respond', response: repeatedHostResponse(requestId) };
  if (!distribution?.enabled)
    return {
      kind: 'respond',
      response: cloudFrontErrorResponse(403, ERROR_REASONS.badRequest, requestId, 'Error'),
    };
  // URL longer than 8,192 bytes → 413 (spec §3.2, §1.11).
  if (Buffer.byteLength(viewer.rawTarget) > MAX_URL_BYTES)
    return {
      kind: 'respond',
      response: cloudFrontErrorResponse(413, ERROR_REASONS.badRequest, requestId, 'Error'),
    };
  if (!rawPath.startsWith('/'))
    return {
      kind: 'respond',
      response: cloudFrontErrorResponse(400, ERROR_REASONS.badRequest, requestId, 'Error'),
    };
  return {
    kind: 'continue',
    value: {
      viewer: withoutHttp10AcceptEncoding(viewer),
      requestId,
      distribution,
      host,
      hostHeader,
      rawPath,
      rawQuery,
      query: parseQueryParams(rawQuery),
      cookies: parseCookieHeader(cookieHeader(viewer)),
      trace,
    },
  };
}
