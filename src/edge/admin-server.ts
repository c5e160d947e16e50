// The edge's local admin listener (separate from the viewer port, so it never shadows a distribution):
// a small JSON API for invalidations, traces and distribution status. `POST /invalidations`,
// `GET /invalidations/:distributionId[/:id]`, `GET /traces[/:id]`, `GET /distributions` (docs/edge.md).

import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.ts';
import type { DistributionStatus } from './distribution-status.ts';
import { adminUrlFor } from './admin-url.ts';
import type { EdgeListener, ListenAddress } from './edge-server.ts';
import { InvalidationError } from './invalidation/invalidation-path.ts';
import type { InvalidationService } from './invalidation/invalidation-service.ts';
import type { TraceRing } from './trace/trace-ring.ts';

const MAX_BODY_BYTES = 1024 * 1024;

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(`${JSON.stringify(body, null, 2)}\n`);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

function errorBody(code: string, message: string) {
  return { Error: { Code: code, Message: message } };
}

/**
 * The body as a JSON object. Empty, oversized, not UTF-8, not JSON, or JSON that is not an object (`null`, an
 * array, a number, a string) → an InvalidationError (4xx) that says which.
 */
async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new InvalidationError('BatchTooLarge', 'Request body too large.', 413);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) throw new InvalidationError('MissingBody', 'A JSON body is required.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new InvalidationError('MalformedInput', 'The body is not UTF-8 text.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidationError('MalformedInput', 'The body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new InvalidationError('MalformedInput', `The body must be a JSON object, not ${kind}.`);
  }
  return value as Record<string, unknown>;
}

/** A path segment, percent-decoded; malformed encoding is the caller's error. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidationError(
      'InvalidArgument',
      `The path segment ${JSON.stringify(segment)} is not valid percent-encoding.`,
    );
  }
}

export function invalidationLocation(distributionId: string, id: string): string {
  return `https://cloudfront.amazonaws.com/2020-05-31/distribution/${distributionId}/invalidation/${id}`;
}

export type AdminListenerDeps = {
  readonly invalidations: () => InvalidationService;
  readonly traces: () => TraceRing;
  /** `GET /distributions`: config ETag, load time, last invalidation and cache counts per distribution. */
  readonly distributions?: () => readonly DistributionStatus[];
  /** The web console (src/console), mounted at `/` and `/console/`; it answers false for paths it does not own. */
  readonly console?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /**
   * Who may use the JSON routes (the console checks its own): without it, anyone who reaches the listener.
   * Off loopback it asks for the bearer token; on loopback for a loopback Host name (no DNS rebinding).
   */
  readonly access?: (
    req: IncomingMessage,
  ) =>
    | { readonly kind: 'allowed' }
    | { readonly kind: 'denied'; readonly status: number; readonly reason: string };
  readonly logger: Logger;
};

export async function startAdminListener(
  address: ListenAddress,
  deps: AdminListenerDeps,
): Promise<EdgeListener> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (deps.console !== undefined && (await deps.console(req, res))) return;
      const access = deps.access?.(req);
      if (access?.kind === 'denied') {
        reply(res, access.status, errorBody('AccessDenied', access.reason), {
          ...(access.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
        });
        return;
      }
      const parts = path
        .split('/')
        .filter((p) => p !== '')
        .map(decodeSegment);
      if (parts[0] === 'invalidations') {
        if (req.method === 'POST' && parts.length === 1) {
          const body = await readJsonObject(req);
          if (typeof body.distributionId !== 'string')
            throw new InvalidationError(
              'InvalidArgument',
              'distributionId is required and must be a string.',
            );
          if (body.callerReference !== undefined && typeof body.callerReference !== 'string')
            throw new InvalidationError('InvalidArgument', 'callerReference must be a string.');
          const { invalidation, created } = deps
            .invalidations()
            .create(
              body.distributionId,
              body.paths,
              typeof body.callerReference === 'string' ? body.callerReference : undefined,
            );
          const location = invalidationLocation(body.distributionId, invalidation.Id);
          deps.logger.info('edge-invalidation', {
            distributionId: body.distributionId,
            id: invalidation.Id,
            paths: invalidation.InvalidationBatch.Paths.Items,
            created,
          });
          reply(res, 201, { Location: location, Invalidation: invalidation }, { location });
          return;
        }
        if (req.method === 'GET' && parts.length === 2) {
          const items = deps.invalidations().list(parts[1]);
          reply(res, 200, {
            InvalidationList: {
              Marker: '',
              MaxItems: 100,
              IsTruncated: false,
              Quantity: items.length,
              Items: items.map((i) => ({ Id: i.Id, CreateTime: i.CreateTime, Status: i.Status })),
            },
          });
          return;
        }
        if (req.method === 'GET' && parts.length === 3) {
          const invalidation = deps.invalidations().get(parts[1], parts[2]);
          if (!invalidation)
            reply(res, 404, errorBody('NoSuchInvalidation', 'The specified invalidation does not exist.'));
          else reply(res, 200, { Invalidation: invalidation });
          return;
        }
      }
      if (parts[0] === 'distributions' && req.method === 'GET' && parts.length === 1 && deps.distributions) {
        reply(res, 200, { distributions: deps.distributions() });
        return;
      }
      if (parts[0] === 'traces' && req.method === 'GET') {
        if (parts.length === 1) {
          reply(res, 200, {
            traces: deps
              .traces()
              .list()
              .map((tr) => ({
                id: tr.id,
                startedAt: tr.startedAt,
                method: tr.method,
                rawTarget: tr.rawTarget,
              })),
          });
          return;
        }
        const trace = deps.traces().get(parts[1]);
        if (!trace)
          reply(
            res,
            404,
            errorBody(
              'NoSuchTrace',
              'No trace with this id is kept (traces are recorded only for requests with x-frontgate-trace: 1).',
            ),
          );
        else reply(res, 200, trace);
        return;
      }
      reply(res, 404, errorBody('NotFound', `No admin route for ${req.method} ${path}.`));
    } catch (error) {
      if (error instanceof InvalidationError)
        reply(res, error.httpStatus, errorBody(error.code, error.message));
      else {
        deps.logger.error('edge-admin-error', { error: (error as Error).message });
        reply(res, 500, errorBody('InternalError', 'Internal error.'));
      }
    }
  });
  server.listen(address.port, address.host);
  await once(server, 'listening');
  const bound = server.address() as AddressInfo;
  return {
    url: adminUrlFor({ host: bound.address, port: bound.port }),
    port: bound.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
