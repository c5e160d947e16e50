// Short facts about one HTTP exchange the doctor observed: a one-line description for stage summaries,
// whether the status counts as success, and whether the edge answered from its cache.

import { getHeader } from '../browser/header-list.ts';
import type { HttpExchange } from './doctor-observation.ts';
import { readErrorDocument } from './read-error-document.ts';

export function isOkStatus(status: number): boolean {
  return (status >= 200 && status <= 299) || status === 304;
}

export function describeExchange(exchange: HttpExchange): string {
  const doc = readErrorDocument(exchange.bodyText);
  const xCache = getHeader(exchange.headers, 'x-cache');
  const parts = [`${exchange.status}`];
  if (doc.kind === 'cloudfront-xml' || doc.kind === 's3-xml') parts.push(`${doc.code} (${doc.message})`);
  if (doc.kind === 'cloudfront-html')
    parts.push(
      doc.methodNotAllowed ? 'CloudFront HTML 403: method not allowed' : 'CloudFront HTML error page',
    );
  if (xCache !== undefined) parts.push(`X-Cache: ${xCache}`);
  const acao = getHeader(exchange.headers, 'access-control-allow-origin');
  parts.push(acao === undefined ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin: ${acao}`);
  return parts.join(', ');
}

export function isCacheHit(exchange: HttpExchange): boolean {
  const result = exchange.trace?.cache?.result ?? getHeader(exchange.headers, 'x-cache') ?? '';
  return /hit/i.test(result) && !/miss/i.test(result);
}
