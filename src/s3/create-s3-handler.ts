// The S3 request pipeline as one function (docs/architecture.md): route → CORS preflight → authenticate →
// bucket lookup → authorize → operation → render → bucket CORS headers; every failure becomes S3 XML.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CorsRule, evaluateS3Cors, type S3CorsDecision } from '../cors/index.ts';
import { isHeaderFieldName, isHeaderFieldValue } from '../http/index.ts';
import type { Logger } from '../log/logger.ts';
import { createPayloadDecoder, createSigningKeyCache, SigV4Error } from '../signer/sigv4/index.ts';
import type { BucketInfo, ObjectStore } from '../store/index.ts';
import {
  type Authentication,
  authenticateS3Request,
  createCredentialLookup,
  type OriginAccessLookup,
} from './authenticate-s3-request.ts';
import { createPolicyMemo, decideBucketAccess, refusePublicAclRequest } from './authorize-bucket-policy.ts';
import { authorizeS3Request } from './authorize-s3-request.ts';
import { isS3ErrorCode } from './error-codes.ts';
import { dispatchS3Operation } from './dispatch-s3-operation.ts';
import { renderS3ErrorBody } from './render-s3-error.ts';
import { createS3RequestIdSource } from './request-ids.ts';
import { checkExpectedBucketOwner, requestedServerSideEncryption } from './request-preconditions.ts';
import { routeS3Request, type S3Route } from './route-s3-request.ts';
import type { S3Config } from './s3-config.ts';
import { S3Error } from './s3-error.ts';
import type { RequestBody, S3Request, S3Response } from './s3-types.ts';

export type S3HandlerDeps = {
  readonly store: ObjectStore;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly originAccessCredentials?: OriginAccessLookup;
  /** 16 upper-case hex characters, like S3's x-amz-request-id. */
  readonly createRequestId?: () => string;
};

export type S3Handler = (req: IncomingMessage, res: ServerResponse) => void;

function headerOf(req: IncomingMessage): (name: string) => string | undefined {
  return (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
}

/** SigV4 failures carry their own S3 code, status and extra XML members. */
function toS3Error(error: unknown): S3Error | undefined {
  if (error instanceof S3Error) return error;
  if (error instanceof SigV4Error) {
    const extra = Object.fromEntries(error.fields.map(([k, v]) => [k, v]));
    const code = isS3ErrorCode(error.code) ? error.code : 'InvalidRequest';
    const e = new S3Error(code, { message: error.message, extra, status: error.statusCode, cause: error });
    (e as { code: string }).code = error.code;
    return e;
  }
  return undefined;
}

/** `Expect: 100-continue` (the AWS CLI and SDKs send it on large uploads). */
function expectsContinue(req: IncomingMessage): boolean {
  return req.headers.expect?.toLowerCase() === '100-continue';
}

function openBody(req: IncomingMessage, auth: Authentication): RequestBody {
  const payload = auth.payload;
  const decoder = createPayloadDecoder(payload, { chunkSigning: auth.chunkSigning });
  const streaming = payload.kind === 'streaming-signed' || payload.kind === 'streaming-unsigned-trailer';
  const contentLength = req.headers['content-length'];
  const declaredLength = streaming
    ? payload.decodedContentLength
    : contentLength !== undefined && /^\d+$/.test(contentLength)
      ? Number(contentLength)
      : undefined;
  pipeline(req, decoder).catch(() => {});
  return {
    stream: decoder,
    declaredLength,
    streaming,
    trailers: () => decoder.trailers,
    trailerChecksum: () => decoder.checksum,
  };
}

export function createS3Handler(config: S3Config, deps: S3HandlerDeps): S3Handler {
  const now = deps.now ?? (() => new Date());
  const lookup = createCredentialLookup(config.credentials, deps.originAccessCredentials);
  const opDeps = { store: deps.store, config, logger: deps.logger, now };
  const signingKeyCache = createSigningKeyCache();
  const parsePolicy = createPolicyMemo();

  const nextIds = createS3RequestIdSource();
  return (req, res) => {
    const ids = nextIds();
    const requestId = deps.createRequestId?.() ?? ids.requestId;
    const hostId = ids.hostId;
    const started = Date.now();
    let route: S3Route | undefined;
    let cors: S3CorsDecision | undefined;
    const header = headerOf(req);

    let continued = false;
    // The one place response headers are written. A value node cannot send (CR/LF from a stored
    // configuration written before it was validated, say) is dropped and logged: node would otherwise throw
    // mid-response and the client would see the connection close instead of an answer.
    const setHeader = (name: string, value: string | number): void => {
      const text = String(value);
      if (isHeaderFieldName(name) && isHeaderFieldValue(text)) {
        res.setHeader(name, value);
        return;
      }
      deps.logger.warn('s3.header-dropped', { requestId, header: name, reason: 'not a valid header field' });
    };
    const send = async (response: S3Response): Promise<void> => {
      res.statusCode = response.status;
      // A client waiting for 100 Continue got a final answer instead and will not send its body: close the
      // connection rather than wait for bytes that are not coming (RFC 9110 §10.1.1).
      if (expectsContinue(req) && !continued) res.setHeader('Connection', 'close');
      res.setHeader('x-amz-request-id', requestId);
      res.setHeader('x-amz-id-2', hostId);
      res.setHeader('Server', 'Frontgate');
      for (const [name, value] of Object.entries(response.headers)) setHeader(name, value);
      if (cors?.kind === 'headers') for (const [name, value] of cors.headers) setHeader(name, value);
      const body = response.body;
      const noBody = req.method === 'HEAD' || response.status === 304 || response.status === 204;
      if (body instanceof Readable) {
        if (noBody) {
          body.destroy();
          res.end();
          return;
        }
        await pipeline(body, res);
        return;
      }
      const bytes = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
      if (bytes !== undefined && !res.hasHeader('Content-Length')) setHeader('Content-Length', bytes.length);
      if (bytes === undefined && !noBody && !res.hasHeader('Content-Length')) setHeader('Content-Length', 0);
      res.end(noBody ? undefined : bytes);
    };

    const sendError = async (error: S3Error): Promise<void> => {
      if (req.method === 'HEAD' || error.status === 304) {
        await send({ status: error.status, headers: error.headers });
        return;
      }
      await send({
        status: error.status,
        headers: { 'Content-Type': 'application/xml', ...error.headers },
        body: renderS3ErrorBody(error, { requestId, hostId }),
      });
    };

    const run = async (): Promise<void> => {
      route = routeS3Request(
        { method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers },
        config,
      );
      const operation = route.operation;
      const bucketName = 'bucket' in operation ? operation.bucket : undefined;
      const bucket: BucketInfo | undefined =
        bucketName !== undefined ? await deps.store.getBucket(bucketName) : undefined;
      const corsInput = {
        method: route.method,
        origin: header('origin'),
        accessControlRequestMethod: header('access-control-request-method'),
        accessControlRequestHeaders: header('access-control-request-headers'),
        bucketExists: bucket !== undefined,
        rules: (bucket?.cors as CorsRule[] | null | undefined) ?? null,
        resourceType:
          'key' in operation && operation.key !== undefined ? ('OBJECT' as const) : ('BUCKET' as const),
      };
      if (operation.name === 'Preflight') {
        // AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)": answered before authentication; the service endpoint has no CORS.
        if (bucketName === undefined)
          throw new S3Error('AccessForbidden', {
            message: 'CORSResponse: Bucket not found',
            extra: { Method: header('access-control-request-method') ?? 'OPTIONS', ResourceType: 'BUCKET' },
          });
        const decision = evaluateS3Cors({ ...corsInput, isPreflight: true });
        if (decision.kind === 'preflight-error') {
          throw new S3Error(decision.code, {
            message: decision.message,
            extra: { Method: decision.method, ResourceType: decision.resourceType },
          });
        }
        cors = decision;
        await send({ status: 200, headers: { 'Content-Length': '0' } });
        return;
      }
      if (bucketName !== undefined) cors = evaluateS3Cors({ ...corsInput, isPreflight: false });
      const auth = authenticateS3Request(req, route, {
        lookup,
        region: config.region,
        now: now(),
        signingKeyCache,
      });
      if (bucketName !== undefined && bucket === undefined && operation.name !== 'CreateBucket') {
        throw new S3Error('NoSuchBucket', { extra: { BucketName: bucketName } });
      }
      const access = decideBucketAccess({
        principal: auth.principal,
        operation,
        bucket,
        accountId: config.accountId,
        header,
        query: route.query,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
        secureTransport: false,
        now: now(),
        parsePolicy,
      });
      authorizeS3Request(auth.principal, operation.name, bucket, access);
      refusePublicAclRequest(operation, bucket, header, () => Object.keys(req.headers));
      checkExpectedBucketOwner(header, config.accountId);
      requestedServerSideEncryption(operation.name, header, Object.keys(req.headers));
      let opened = false;
      const request: S3Request = {
        route,
        header,
        headerNames: () => Object.keys(req.headers),
        principal: auth.principal,
        payload: auth.payload,
        bucket,
        access,
        body: () => {
          if (opened) throw new Error('request body opened twice');
          opened = true;
          // Only now, after routing, authentication and authorization passed, ask for the body.
          if (expectsContinue(req) && !continued) {
            continued = true;
            res.writeContinue();
          }
          return openBody(req, auth);
        },
      };
      const response = await dispatchS3Operation(request, opDeps);
      await send(response);
    };

    run()
      .catch(async (error: unknown) => {
        const s3Error = toS3Error(error);
        if (res.headersSent) {
          deps.logger.warn('s3.response-aborted', { requestId, error: String(error) });
          res.destroy();
          return;
        }
        if (s3Error === undefined) {
          deps.logger.error('s3.internal-error', {
            requestId,
            error: String(error),
            stack: (error as Error)?.stack,
          });
          await sendError(new S3Error('InternalError'));
          return;
        }
        await sendError(s3Error);
      })
      .catch((error: unknown) => {
        deps.logger.error('s3.send-failed', { requestId, error: String(error) });
        res.destroy();
      })
      .finally(() => {
        deps.logger.info('s3.request', {
          requestId,
          operation: route ? `REST.${route.method}.${route.operation.name}` : undefined,
          method: req.method,
          key: route?.rawPath,
          status: res.statusCode,
          totalTimeMs: Date.now() - started,
        });
      });
  };
}
