// The console on the admin listener: `/` is the page, `/console/<file>` its modules, `/console/api/…` the
// JSON it reads. Returns false for every other path so the admin listener's own routes keep answering.
//
//   GET  /console/api/overview                       distributions, key groups, buckets, status
//   GET  /console/api/requests?distribution=&status=&path=   newest first
//   GET  /console/api/requests/:id?pageOrigin=&credentials=  pipeline + the doctor's diagnosis
//   GET  /console/api/cache                          entries with age, TTL left, config version
//   GET  /console/api/invalidations                  per distribution, with status
//   POST /console/api/invalidations {distributionId, paths}  → the invalidation and what it purged
//   GET  /console/api/fleet                          the edges sharing state.postgres, live and departed

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CredentialsMode } from '../doctor/index.ts';
import { InvalidationError } from '../edge/index.ts';
import { type ConsoleAccess, decideConsoleAccess } from './console-access.ts';
import { readConsoleAsset } from './console-assets.ts';
import type { ConsoleQueries } from './console-queries.ts';

const MAX_BODY_BYTES = 64 * 1024;
const CREDENTIALS_MODES: readonly CredentialsMode[] = ['include', 'same-origin', 'omit'];

export type ConsoleHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

function send(res: ServerResponse, status: number, body: Buffer | string, contentType: string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(bytes.length),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
  res.end(bytes);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, `${JSON.stringify(value)}\n`, 'application/json');
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { Error: { Code: code, Message: message } });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new InvalidationError('BatchTooLarge', 'Request body too large.', 413);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new InvalidationError('MalformedInput', 'The body is not valid JSON.');
  }
}

async function api(
  req: IncomingMessage,
  res: ServerResponse,
  parts: readonly string[],
  query: URLSearchParams,
  queries: ConsoleQueries,
): Promise<void> {
  const [resource, id] = parts;
  if (req.method === 'GET' && resource === 'overview' && id === undefined)
    return json(res, 200, await queries.overview());
  if (req.method === 'GET' && resource === 'requests' && id === undefined)
    return json(res, 200, {
      requests: queries.requests({
        distributionId: query.get('distribution') ?? undefined,
        status: query.get('status') ?? undefined,
        path: query.get('path') ?? undefined,
      }),
    });
  if (req.method === 'GET' && resource === 'requests' && id !== undefined) {
    const credentials = (query.get('credentials') ?? 'include') as CredentialsMode;
    if (!CREDENTIALS_MODES.includes(credentials))
      return error(res, 400, 'InvalidArgument', 'credentials must be include, same-origin or omit.');
    const pageOrigin = query.get('pageOrigin') || undefined;
    if (pageOrigin !== undefined && !/^https?:\/\/[^/\s]+$/.test(pageOrigin))
      return error(
        res,
        400,
        'InvalidArgument',
        'pageOrigin must be an origin such as https://app.example.com.',
      );
    const found = await queries.request(id, { pageOrigin, credentialsMode: credentials });
    if (found === undefined) return error(res, 404, 'NoSuchTrace', 'No request with this id is kept.');
    return json(res, 200, found);
  }
  if (req.method === 'GET' && resource === 'fleet' && id === undefined)
    return json(res, 200, await queries.fleet());
  if (req.method === 'GET' && resource === 'cache')
    return json(res, 200, { entries: queries.cacheEntries() });
  if (resource === 'invalidations' && req.method === 'GET')
    return json(res, 200, { distributions: queries.invalidations() });
  if (resource === 'invalidations' && req.method === 'POST') {
    // A JSON content type makes a cross-site form post impossible without a CORS preflight we never answer.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return error(res, 415, 'UnsupportedMediaType', 'Send the invalidation as application/json.');
    const body = (await readJson(req)) as { distributionId?: unknown; paths?: unknown };
    if (typeof body.distributionId !== 'string')
      return error(res, 400, 'InvalidArgument', 'distributionId is required.');
    return json(res, 201, queries.invalidate(body.distributionId, body.paths));
  }
  error(res, 404, 'NotFound', `No console route for ${req.method} /console/api/${parts.join('/')}.`);
}

export function createConsoleHandler(queries: ConsoleQueries, access: ConsoleAccess): ConsoleHandler {
  return async (req, res) => {
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?');
    if (rawPath === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=86400' });
      res.end();
      return true;
    }
    const isPage = rawPath === '/' || rawPath === '/index.html';
    if (!isPage && !rawPath.startsWith('/console/')) return false;
    if (isPage || !rawPath.startsWith('/console/api/')) {
      // The page and its modules hold no data: they load without the token, which the page then sends.
      const asset = await readConsoleAsset(isPage ? 'index.html' : rawPath.slice('/console/'.length));
      if (asset === undefined || (req.method !== 'GET' && req.method !== 'HEAD'))
        error(res, 404, 'NotFound', `No console file ${rawPath}.`);
      else send(res, 200, asset.body, asset.contentType);
      return true;
    }
    const decision = decideConsoleAccess(
      { host: req.headers.host, authorization: req.headers.authorization },
      access,
    );
    if (decision.kind === 'denied') {
      error(res, decision.status, decision.status === 401 ? 'Unauthorized' : 'Forbidden', decision.reason);
      return true;
    }
    const parts = rawPath
      .slice('/console/api/'.length)
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p));
    try {
      await api(req, res, parts, new URLSearchParams(rawQuery), queries);
    } catch (caught) {
      if (caught instanceof InvalidationError) error(res, caught.httpStatus, caught.code, caught.message);
      else error(res, 400, 'InvalidRequest', (caught as Error).message);
    }
    return true;
  };
}
