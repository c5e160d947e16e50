// Stage 7 — send: viewer conditionals (304) and byte ranges (206/416; invalid or multiple ranges → 200)
// answered from the cached or streaming object (AWS: "Request and response behavior for Amazon S3 origins", "How CloudFront processes partial requests for an object (range GETs)"), HEAD without a body, bytes
// written with backpressure. Returns what the access log needs.

import {
  evaluateConditionals,
  formatHttpDate,
  parseHttpDate,
  parseRangeHeader,
  renderContentRange,
} from '../../http/index.ts';
import type { EdgeResponse, HeaderPairs } from '../edge-response.ts';
import { getHeader } from '../edge-response.ts';
import type { ViewerRequest } from '../viewer-request.ts';
import { headerValue } from '../viewer-request.ts';

/** What the listener gives `send`: HTTP/1.1 and HTTP/2 (compat API) look the same through it. */
export type ViewerSink = {
  readonly writeHead: (status: number, headers: HeaderPairs) => void;
  /** False when the caller should wait for `drained()`. */
  readonly write: (chunk: Buffer) => boolean;
  readonly drained: () => Promise<void>;
  /** Ends the response, writing `last` first when given (one write with the head for small bodies). */
  readonly end: (last?: Buffer) => void;
  readonly closed: () => boolean;
  /** HTTP/1.x: the `Connection` value this response will carry (`keep-alive`/`close`); undefined on HTTP/2. */
  readonly connection?: () => 'keep-alive' | 'close' | undefined;
};

export type SendResult = {
  readonly status: number;
  readonly bodyBytes: number;
  readonly rangeStart?: number;
  readonly rangeEnd?: number;
};

const NOT_ON_304: ReadonlySet<string> = new Set([
  'content-length',
  'content-type',
  'content-encoding',
  'content-range',
  'transfer-encoding',
]);
const FAR_FUTURE = new Date(8.64e15);

/**
 * Puts a header where CloudFront does (AWS: "Request and response behavior for Amazon S3 origins"): in place of the origin's own when it sent one, else after
 * `Content-Type` (generated pages: Server, Date, Content-Type, Content-Length, Connection …), else before
 * CloudFront's appended X-Cache/Via/X-Amz-Cf-* block.
 */
function placeHeader(headers: [string, string][], name: string, value: string, after = 'content-type'): void {
  const lower = name.toLowerCase();
  const own = headers.findIndex(([n]) => n.toLowerCase() === lower);
  if (own >= 0) {
    headers[own] = [headers[own][0], value];
    return;
  }
  const anchor = headers.findIndex(([n]) => n.toLowerCase() === after);
  if (anchor >= 0) {
    headers.splice(anchor + 1, 0, [name, value]);
    return;
  }
  const block = headers.findIndex(([n]) => n.toLowerCase() === 'x-cache');
  headers.splice(block >= 0 ? block : headers.length, 0, [name, value]);
}

function bodySize(response: EdgeResponse): number | undefined {
  const body = response.body;
  if (body.kind === 'none') return 0;
  if (body.kind === 'bytes') return body.bytes.length;
  if (body.kind === 'cached') return body.object.meta.sizeBytes;
  return body.sizeBytes;
}

async function* sliceStream(
  chunks: AsyncIterable<Buffer>,
  start: number,
  end: number,
): AsyncGenerator<Buffer> {
  let offset = 0;
  for await (const chunk of chunks) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end + 1 - offset, chunk.length);
    if (to > from) yield chunk.subarray(from, to);
    offset += chunk.length;
    // Keep consuming past the range so the tee can finish filling the cache.
  }
}

async function discardBody(response: EdgeResponse): Promise<void> {
  if (response.body.kind === 'stream') await response.body.discard();
}

const formatDate = (nowMs: number): string => formatHttpDate(new Date(nowMs));

export async function send(
  response: EdgeResponse,
  viewer: ViewerRequest,
  sink: ViewerSink,
  nowMs: number,
  /** `Date` header text; the runtime passes a once-per-second formatter. */
  httpDate: (nowMs: number) => string = formatDate,
): Promise<SendResult> {
  let status = response.status;
  let headers: [string, string][] = response.headers.map(([n, v]) => [n, v]);
  if (getHeader(headers, 'date') === undefined) headers.splice(1, 0, ['Date', httpDate(nowMs)]);
  const size = bodySize(response);
  const method = viewer.method;
  let range: { start: number; end: number } | undefined;
  let withBody = method !== 'HEAD';

  if (status === 200 && (method === 'GET' || method === 'HEAD') && response.generated === undefined) {
    const ifNoneMatch = headerValue(viewer.headers, 'if-none-match');
    const ifModifiedSince = headerValue(viewer.headers, 'if-modified-since');
    // Validators are read only when the viewer sent a conditional (most requests do not).
    const etag =
      ifNoneMatch !== undefined || ifModifiedSince !== undefined ? getHeader(headers, 'etag') : undefined;
    const lastModified =
      ifModifiedSince !== undefined ? parseHttpDate(getHeader(headers, 'last-modified')) : undefined;
    if (
      (ifNoneMatch !== undefined && etag !== undefined) ||
      (ifModifiedSince !== undefined && lastModified !== undefined)
    ) {
      const decision = evaluateConditionals(
        { ifNoneMatch: etag !== undefined ? ifNoneMatch : undefined, ifModifiedSince },
        { etag: etag ?? '"\u0000"', lastModified: lastModified ?? FAR_FUTURE },
        { safeMethod: true, now: new Date(nowMs) },
      );
      if (decision.kind === 'not-modified') {
        status = 304;
        withBody = false;
        headers = headers.filter(([n]) => !NOT_ON_304.has(n.toLowerCase()));
      }
    }
    const rangeHeader = headerValue(viewer.headers, 'range');
    if (status === 200 && rangeHeader !== undefined && size !== undefined) {
      const decision = parseRangeHeader(rangeHeader, size);
      if (decision.kind === 'satisfiable') {
        status = 206;
        range = { start: decision.start, end: decision.end };
        placeHeader(
          headers,
          'Content-Range',
          renderContentRange(decision.start, decision.end, size),
          'content-length',
        );
      } else if (decision.kind === 'unsatisfiable') {
        status = 416;
        withBody = false;
        headers = headers.filter(([n]) => !NOT_ON_304.has(n.toLowerCase()));
        placeHeader(headers, 'Content-Range', `bytes */${size}`);
        placeHeader(headers, 'Content-Length', '0', 'content-range');
      }
    }
  }
  const length = range ? range.end - range.start + 1 : size;
  if (status !== 304 && status !== 416) {
    if (length !== undefined) placeHeader(headers, 'Content-Length', String(length));
    else headers = headers.filter(([n]) => n.toLowerCase() !== 'content-length');
  }
  // `Connection` right after Content-Length, as captured; writing it ourselves also keeps node from adding
  // a `Keep-Alive: timeout=…` header CloudFront never sends.
  const connection = sink.connection?.();
  if (connection !== undefined) {
    headers = headers.filter(([n]) => n.toLowerCase() !== 'connection');
    const anchor = headers.some(([n]) => n.toLowerCase() === 'content-length')
      ? 'content-length'
      : 'content-type';
    placeHeader(headers, 'Connection', connection, anchor);
  }
  sink.writeHead(status, headers);

  let bodyBytes = 0;
  const pump = async (chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) {
      if (sink.closed()) throw new Error('viewer closed the connection');
      bodyBytes += chunk.length;
      if (!sink.write(chunk)) await sink.drained();
    }
  };
  const done = { status, bodyBytes: 0, rangeStart: range?.start, rangeEnd: range?.end };
  // Bytes in hand (generated pages, memory-tier hits) go out with the head in one write.
  const inHand = !withBody
    ? undefined
    : response.body.kind === 'bytes'
      ? response.body.bytes
      : response.body.kind === 'cached'
        ? response.body.object.bytes
        : undefined;
  if (inHand !== undefined) {
    if (sink.closed()) {
      sink.end();
      throw new Error('viewer closed the connection');
    }
    const last = range ? inHand.subarray(range.start, range.end + 1) : inHand;
    sink.end(last.length > 0 ? last : undefined);
    return { ...done, bodyBytes: last.length };
  }
  try {
    if (!withBody) await discardBody(response);
    else {
      const body = response.body;
      if (body.kind === 'cached') {
        if (body.object.meta.sizeBytes > 0) await pump(body.object.open(range));
      } else if (body.kind === 'stream')
        await pump(range ? sliceStream(body.chunks, range.start, range.end) : body.chunks);
    }
  } finally {
    sink.end();
  }
  return { ...done, bodyBytes };
}
