// The `cloudfront-keyvaluestore` data API (REST-JSON, 2022-07-26): DescribeKeyValueStore, GetKey, ListKeys,
// PutKey, DeleteKey, UpdateKeys on the stores the CloudFront API created, signed with SigV4A. Writes are
// guarded by If-Match (the store's ETag, `ConflictException` when stale) and replace the stored entries in
// one row write, so the edge's `kvs()` sees them on the next request (Amazon CloudFront KeyValueStore API
// Reference).

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  getKey,
  type KeyValueStore,
  type KeyValueStoreResult,
  listKeys,
  putKey,
  deleteKey,
  updateKeys,
} from '../../edge/functions/index.ts';
import type { ControlPlane } from '../control-plane.ts';
import { findKeyValueStore, type KeyValueStoreRecord } from '../operations/function-records.ts';
import { keyValueStoreValue } from '../operations/key-value-store-records.ts';
import type { StoredResource } from '../state/control-database.ts';
import { SigV4aError, verifySigV4aRequest } from './verify-sigv4a.ts';

const SERVICE = 'cloudfront-keyvaluestore';
const MAX_BODY_BYTES = 6 * 1024 * 1024;

class DataApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const AUTH_STATUS: Readonly<Record<string, number>> = {
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  RequestExpired: 400,
};

type Answer = { readonly body: Record<string, unknown>; readonly etag?: string };

export function createKeyValueStoreDataHandler(deps: {
  readonly plane: ControlPlane;
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { plane } = deps;
  return async (req, res) => {
    const requestId = randomUUID();
    try {
      const body = await readBody(req);
      const target = req.url ?? '/';
      const queryStart = target.indexOf('?');
      const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
      const rawQuery = queryStart < 0 ? '' : target.slice(queryStart + 1);
      try {
        verifySigV4aRequest(
          {
            method: req.method ?? 'GET',
            rawPath,
            rawQuery,
            headers: req.headers,
            rawHeaders: req.rawHeaders,
            body,
          },
          { service: SERVICE, lookupSecret: deps.lookupSecret, now: plane.now() },
        );
      } catch (error) {
        if (error instanceof SigV4aError)
          throw new DataApiError(error.code, AUTH_STATUS[error.code] ?? 403, error.message);
        throw error;
      }
      const answer = route(plane, req, rawPath, new URLSearchParams(rawQuery), body);
      const text = JSON.stringify(answer.body);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
        ...(answer.etag === undefined ? {} : { etag: answer.etag }),
      });
      res.end(text);
    } catch (error) {
      const failure =
        error instanceof DataApiError
          ? error
          : new DataApiError('InternalServerException', 500, 'We encountered an internal error.');
      const text = JSON.stringify({ Message: failure.message });
      res.writeHead(failure.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-errortype': failure.code,
        'x-amzn-requestid': requestId,
      });
      res.end(text);
    }
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new DataApiError('ValidationException', 413, 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DataApiError('ValidationException', 400, `"${segment}" is not a valid path segment.`);
  }
}

function route(
  plane: ControlPlane,
  req: IncomingMessage,
  rawPath: string,
  query: URLSearchParams,
  body: Buffer,
): Answer {
  const parts = rawPath.split('/').slice(1);
  if (
    parts[0] !== 'key-value-stores' ||
    parts.length < 2 ||
    parts.length > 4 ||
    (parts.length > 2 && parts[2] !== 'keys')
  )
    throw new DataApiError('ValidationException', 404, `No KeyValueStore operation answers ${rawPath}`);
  const stored = findKeyValueStore(plane.db, decode(parts[1]));
  if (stored === undefined || !decode(parts[1]).includes(':key-value-store/'))
    throw new DataApiError('ResourceNotFoundException', 404, 'The key value store does not exist.');
  const store = keyValueStoreValue(stored);
  if (store === undefined)
    throw new DataApiError('InternalServerException', 500, 'The store could not be read.');
  const method = req.method ?? 'GET';
  const ifMatch = () => {
    const value = req.headers['if-match'];
    if (typeof value !== 'string' || value === '')
      throw new DataApiError('ValidationException', 400, 'If-Match is required.');
    return value;
  };
  const key = parts.length === 4 ? decode(parts[3]) : undefined;
  if (parts.length === 2 && method === 'GET') return describe(store);
  if (parts.length === 3 && method === 'GET') {
    const max = query.get('MaxResults');
    const page = unwrap(
      listKeys(store, max === null ? undefined : Number(max), query.get('NextToken') ?? undefined),
    );
    return {
      body: {
        ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
        Items: page.items.map((item) => ({ Key: item.key, Value: item.value })),
      },
    };
  }
  if (parts.length === 3 && method === 'POST') {
    const input = parseJson(body) as {
      Puts?: { Key?: unknown; Value?: unknown }[];
      Deletes?: { Key?: unknown }[];
    };
    const puts = (input.Puts ?? []).map((p) => ({ key: String(p.Key ?? ''), value: String(p.Value ?? '') }));
    const deletes = (input.Deletes ?? []).map((d) => ({ key: String(d.Key ?? '') }));
    return write(plane, stored, unwrap(updateKeys(store, { puts, deletes }, ifMatch(), plane.now())));
  }
  if (key !== undefined && method === 'GET') {
    const item = unwrap(getKey(store, key));
    return {
      body: {
        Key: item.key,
        Value: item.value,
        ItemCount: store.entries.size,
        TotalSizeInBytes: store.totalSizeBytes,
      },
    };
  }
  if (key !== undefined && method === 'PUT') {
    const value = (parseJson(body) as { Value?: unknown }).Value;
    if (typeof value !== 'string') throw new DataApiError('ValidationException', 400, 'Value is required.');
    return write(plane, stored, unwrap(putKey(store, key, value, ifMatch(), plane.now())));
  }
  if (key !== undefined && method === 'DELETE')
    return write(plane, stored, unwrap(deleteKey(store, key, ifMatch(), plane.now())));
  throw new DataApiError('ValidationException', 405, `${method} is not an operation on ${rawPath}`);
}

function describe(store: KeyValueStore): Answer {
  return {
    etag: store.etag,
    body: {
      ItemCount: store.entries.size,
      TotalSizeInBytes: store.totalSizeBytes,
      KvsARN: store.arn,
      Created: store.created.getTime() / 1000,
      LastModified: store.lastModified.getTime() / 1000,
      Status: 'READY',
    },
  };
}

/** Stores the written entries under a new ETag (the edge rebuilds the store on its next lookup). */
function write(plane: ControlPlane, stored: StoredResource, next: KeyValueStore): Answer {
  const record = stored.config as KeyValueStoreRecord;
  const updated = {
    ...stored,
    etag: plane.newId('E'),
    config: { ...record, Entries: [...next.entries] } satisfies KeyValueStoreRecord,
    lastModifiedTime: plane.now().toISOString(),
  };
  plane.db.putResource(updated);
  return {
    etag: updated.etag,
    body: { ItemCount: next.entries.size, TotalSizeInBytes: next.totalSizeBytes },
  };
}

function unwrap<T>(result: KeyValueStoreResult<T>): T {
  if (result.ok) return result.value;
  throw new DataApiError(result.error.code, result.error.httpStatus, result.error.message);
}

function parseJson(body: Buffer): unknown {
  try {
    const value = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
    if (value === null || typeof value !== 'object') throw new Error('not an object');
    return value;
  } catch {
    throw new DataApiError('ValidationException', 400, 'The request body is not a JSON object.');
  }
}
