// CloudFront's one limit on the request head (20,480 bytes, request line and headers together), applied the
// same way to every viewer protocol. The HTTP/1.1 parsers enforce it themselves; an HTTP/2 request is measured
// here as the HTTP/1.1 head it stands for, and its 413 page is the HTTP/1.1 one carried over HTTP/2.
// Choices: docs/decisions/edge-runtime-conformance.md.

/** CloudFront's limit on the whole request head, URL and headers together (spec §1.11, §3.2). */
export const MAX_REQUEST_HEAD_BYTES = 20_480;

/** Bytes of `METHOD target HTTP/1.1`, each `name: value` line and the blank line, as an HTTP/1.1 parser counts them. */
export function http1HeadBytes(method: string, target: string, rawHeaders: readonly string[]): number {
  let bytes = Buffer.byteLength(method) + 1 + Buffer.byteLength(target) + ' HTTP/1.1\r\n'.length;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].startsWith(':')) continue;
    bytes += Buffer.byteLength(rawHeaders[i]) + 2 + Buffer.byteLength(rawHeaders[i + 1]) + 2;
  }
  return bytes + 2;
}

// Connection-specific fields have no place in an HTTP/2 response (RFC 9113 §8.2.2).
const HTTP1_ONLY = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export type PlainResponse = {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
};

/** A raw HTTP/1.1 response (head and body) as status, HTTP/2-safe lower-case headers and body; `Via` says `2.0`. */
export function http1ResponseForHttp2(raw: Buffer): PlainResponse {
  const end = raw.indexOf('\r\n\r\n');
  const headEnd = end < 0 ? raw.length : end;
  const lines = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 500);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (HTTP1_ONLY.has(name)) continue;
    const value = line.slice(colon + 1).trim();
    headers[name] = name === 'via' ? value.replace(/^1\.1 /, '2.0 ') : value;
  }
  return { status, headers, body: end < 0 ? Buffer.alloc(0) : raw.subarray(end + 4) };
}
