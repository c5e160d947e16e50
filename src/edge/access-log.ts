// The edge's access log: one `edge-access` record per request with CloudFront standard-log field names
// ("Standard logging (access logs)" in the CloudFront Developer Guide). Cookies are never logged and the
// query string is masked.

import type { Logger } from '../log/logger.ts';
import type { EdgeResponse } from './edge-response.ts';
import type { SendResult } from './stages/send.ts';
import type { ViewerRequest } from './viewer-request.ts';
import { headerValue } from './viewer-request.ts';

export type AccessLogContext = {
  readonly logger: Logger;
  /** `x-edge-location`, e.g. `IAD89-C1`. */
  readonly pop: string;
  readonly nowMs: () => number;
};

/** What the pipeline learnt about the request before the response: where it went. */
export type AccessLogRequest = {
  readonly requestId: string;
  readonly host: string;
  readonly distributionId?: string;
};

export function logAccess(
  context: AccessLogContext,
  viewer: ViewerRequest,
  response: EdgeResponse,
  request: AccessLogRequest,
  result: Pick<SendResult, 'status' | 'bodyBytes' | 'rangeStart' | 'rangeEnd'> | undefined,
): void {
  if (!context.logger.isEnabled('info')) return;
  const now = new Date(context.nowMs());
  const iso = now.toISOString();
  const target = viewer.rawTarget;
  const q = target.indexOf('?');
  context.logger.info('edge-access', {
    date: iso.slice(0, 10),
    time: iso.slice(11, 19),
    'x-edge-location': context.pop,
    'sc-bytes': result?.bodyBytes ?? 0,
    'c-ip': viewer.clientIp,
    'cs-method': viewer.method,
    'cs(Host)': request.host,
    'cs-uri-stem': q >= 0 ? target.slice(0, q) : target,
    'sc-status': result?.status ?? response.status,
    'cs(Referer)': headerValue(viewer.headers, 'referer') ?? '-',
    'cs(User-Agent)': headerValue(viewer.headers, 'user-agent') ?? '-',
    'cs-uri-query': q >= 0 ? '[query]' : '-',
    'x-edge-result-type': response.resultType,
    'x-edge-request-id': request.requestId,
    'x-host-header': headerValue(viewer.headers, 'host') ?? '-',
    'cs-protocol': viewer.scheme,
    'time-taken': (context.nowMs() - viewer.receivedAtMs) / 1000,
    'x-forwarded-for': headerValue(viewer.headers, 'x-forwarded-for') ?? '-',
    'x-edge-response-result-type': response.resultType,
    'cs-protocol-version': `HTTP/${viewer.httpVersion}`,
    'c-port': viewer.clientPort,
    'x-edge-detailed-result-type': response.detailedResultType ?? response.resultType,
    'sc-content-type': response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '-',
    'sc-range-start': result?.rangeStart ?? '-',
    'sc-range-end': result?.rangeEnd ?? '-',
    distributionId: request.distributionId ?? '-',
  });
}

/** The record of a request refused before parsing (header block too large): what is known of it. */
export function logRequestTooLarge(
  context: Pick<AccessLogContext, 'logger' | 'pop'>,
  requestId: string,
): void {
  context.logger.info('edge-access', {
    'x-edge-location': context.pop,
    'sc-status': 413,
    'x-edge-result-type': 'Error',
    'x-edge-request-id': requestId,
    'x-edge-detailed-result-type': 'Error',
  });
}
