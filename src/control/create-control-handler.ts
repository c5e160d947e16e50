// The CloudFront control API over HTTP (REST-XML, 2020-05-31): authenticate (SigV4, service `cloudfront`,
// any region) → route by the model's request URIs → read the input members (URI labels, headers, query,
// XML payload) → run the operation's handler → write headers and the XML payload, or CloudFront's error
// document. Handlers are plain functions over AWS JSON shapes; the model does all the XML.

import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError } from '../config/config-error.ts';
import { DistributionConfigError } from '../edge/distribution/index.ts';
import type { Logger } from '../log/logger.ts';
import { SigV4Error, verifySigV4Request } from '../signer/sigv4/index.ts';
import { parseXml, renderXmlDocument, XmlParseError } from '../xml/index.ts';
import { CloudFrontError } from './cloudfront-error.ts';
import type { ControlPlane } from './control-plane.ts';
import { CLOUDFRONT_XMLNS, structureShape } from './model/cloudfront-model.ts';
import { createOperationRouter } from './route-operation.ts';
import { readShape } from './wire/read-shape.ts';
import { renderCloudFrontError } from './wire/render-error.ts';
import { writeShape } from './wire/write-shape.ts';

export type OperationInput = Readonly<Record<string, unknown>>;
export type OperationOutput = Readonly<Record<string, unknown>> | undefined;
export type OperationHandler = (
  input: OperationInput,
  plane: ControlPlane,
) => OperationOutput | Promise<OperationOutput>;
/** Operation name (as in the model) → handler. */
export type ControlRoutes = Readonly<Record<string, OperationHandler>>;

export type ControlHandlerDeps = {
  readonly plane: ControlPlane;
  readonly routes: ControlRoutes;
  /** The S3 credentials: the same keys sign CloudFront requests. */
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  readonly logger: Logger;
};

const MAX_BODY_BYTES = 1024 * 1024;

export function createControlHandler(
  deps: ControlHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { plane, routes } = deps;
  const route = createOperationRouter(plane.model, Object.keys(routes));
  const known = createOperationRouter(plane.model, Object.keys(plane.model.operations));
  return async (req, res) => {
    const requestId = randomUUID();
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
    const rawQuery = queryStart < 0 ? '' : target.slice(queryStart + 1);
    const method = req.method ?? 'GET';
    let operation: string | undefined;
    try {
      const body = await readBody(req, res);
      authenticate(req, method, rawPath, rawQuery, body, deps);
      const query = new URLSearchParams(rawQuery);
      const match = route(method, rawPath, query);
      if (match === undefined) {
        const other = known(method, rawPath, query);
        throw other === undefined
          ? new CloudFrontError(
              'InvalidArgument',
              `No CloudFront operation answers ${method} ${rawPath}`,
              404,
            )
          : new CloudFrontError(
              'UnsupportedOperation',
              `Frontgate does not implement the CloudFront operation ${other.operation}`,
              400,
            );
      }
      operation = match.operation;
      const model = plane.model.operations[operation];
      const input = readInput(plane, model.input, match.labels, req, query, body);
      const output = await routes[operation](input, plane);
      // A change is answered once it is stored: with the state in PostgreSQL a failed commit is a 503
      // ServiceUnavailable here, never a success that is lost later.
      if (method !== 'GET' && method !== 'HEAD') await plane.deployment.settled();
      writeOutput(plane, res, model.status, model.output, output, requestId);
      deps.logger.debug('control.request', { operation, status: model.status });
    } catch (error) {
      const { code, message, status } = describeError(error, plane.model.errors);
      if (status >= 500)
        deps.logger.error('control.request.failed', {
          operation,
          error: (error as Error).stack ?? String(error),
        });
      else deps.logger.debug('control.request', { operation, status, code });
      const body = renderCloudFrontError(code, message, requestId, status);
      res.writeHead(status, {
        'content-type': 'text/xml',
        'content-length': Buffer.byteLength(body),
        'x-amz-request-id': requestId,
      });
      res.end(body);
    }
  };
}

async function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer> {
  if (/100-continue/i.test(String(req.headers.expect ?? ''))) res.writeContinue();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new CloudFrontError('InvalidArgument', `The request body exceeds ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function authenticate(
  req: IncomingMessage,
  method: string,
  rawPath: string,
  rawQuery: string,
  body: Buffer,
  deps: ControlHandlerDeps,
): void {
  try {
    const verdict = verifySigV4Request(
      { method, rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders },
      {
        lookupSecret: deps.lookupSecret,
        now: deps.plane.now(),
        service: 'cloudfront',
        payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
      },
    );
    if (verdict.kind === 'anonymous')
      throw new CloudFrontError('MissingAuthenticationToken', 'Missing Authentication Token', 403);
  } catch (error) {
    if (!(error instanceof SigV4Error)) throw error;
    if (error.code === 'InvalidAccessKeyId')
      throw new CloudFrontError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
    if (error.code === 'SignatureDoesNotMatch')
      throw new CloudFrontError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
        403,
      );
    throw new CloudFrontError(
      error.code === 'RequestTimeTooSkewed' ? 'RequestExpired' : 'IncompleteSignature',
      error.message,
      error.statusCode >= 500 ? 400 : error.statusCode,
    );
  }
}

function readInput(
  plane: ControlPlane,
  inputShape: string | undefined,
  labels: Readonly<Record<string, string>>,
  req: IncomingMessage,
  query: URLSearchParams,
  body: Buffer,
): OperationInput {
  if (inputShape === undefined) return {};
  const shape = structureShape(plane.model, inputShape);
  const input: Record<string, unknown> = {};
  for (const [member, ref] of Object.entries(shape.members)) {
    const name = ref.name ?? member;
    if (ref.location === 'uri') input[member] = labels[name];
    else if (ref.location === 'header') {
      const value = req.headers[name.toLowerCase()];
      if (typeof value === 'string') input[member] = value;
    } else if (ref.location === 'querystring') {
      const value = query.get(name);
      if (value !== null) input[member] = value;
    }
  }
  if (shape.payload === undefined) {
    // Operations without a payload member (CreateFunction, TestFunction, CreateKeyValueStore …) send the
    // whole input structure as the body, under an element named after the input shape.
    if (body.length > 0 && Object.values(shape.members).some((ref) => ref.location === undefined)) {
      const root = parseXml(body);
      if (root.name !== inputShape)
        throw new CloudFrontError(
          'MalformedInput',
          `Expected the root element <${inputShape}>, found <${root.name}>`,
        );
      Object.assign(input, readShape(plane.model, inputShape, root, inputShape));
    }
  } else {
    const ref = shape.members[shape.payload];
    const elementName = ref.name ?? shape.payload;
    if (body.length === 0) {
      if (shape.required?.includes(shape.payload))
        throw new CloudFrontError(
          'MissingBody',
          'This operation requires a body. Ensure that the body is present and the Content-Type header is set.',
        );
    } else {
      const root = parseXml(body);
      if (root.name !== elementName)
        throw new CloudFrontError(
          'MalformedInput',
          `Expected the root element <${elementName}>, found <${root.name}>`,
        );
      input[shape.payload] = readShape(plane.model, ref.type, root, shape.payload);
    }
  }
  return input;
}

function writeOutput(
  plane: ControlPlane,
  res: ServerResponse,
  status: number,
  outputShape: string | undefined,
  output: OperationOutput,
  requestId: string,
): void {
  const headers: Record<string, string | number> = { 'x-amz-request-id': requestId };
  let body = '';
  if (outputShape !== undefined && output !== undefined) {
    const shape = structureShape(plane.model, outputShape);
    for (const [member, ref] of Object.entries(shape.members)) {
      const value = output[member];
      if (ref.location === 'header' && value !== undefined)
        headers[(ref.name ?? member).toLowerCase()] = String(value);
    }
    const payload = shape.payload === undefined ? undefined : output[shape.payload];
    if (payload instanceof Uint8Array) {
      // A blob payload (GetFunction's FunctionCode) is the raw body.
      headers['content-length'] = payload.byteLength;
      res.writeHead(status, headers);
      res.end(payload);
      return;
    }
    if (shape.payload !== undefined && output[shape.payload] !== undefined) {
      const ref = shape.members[shape.payload];
      const element = writeShape(plane.model, ref.type, ref.name ?? shape.payload, output[shape.payload]);
      if (element !== undefined) {
        body = renderXmlDocument({ ...element, attributes: { xmlns: CLOUDFRONT_XMLNS } });
        headers['content-type'] = 'text/xml';
      }
    }
  }
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

function describeError(
  error: unknown,
  statuses: Readonly<Record<string, number>>,
): { code: string; message: string; status: number } {
  if (error instanceof CloudFrontError)
    return { code: error.code, message: error.message, status: error.status ?? statuses[error.code] ?? 400 };
  if (error instanceof DistributionConfigError)
    return {
      code: error.code,
      message: `${error.jsonPath}: ${error.reason}`,
      status: statuses[error.code] ?? 400,
    };
  if (error instanceof ConfigError) return { code: 'InvalidArgument', message: error.message, status: 400 };
  if (error instanceof XmlParseError)
    return {
      code: 'MalformedInput',
      message: `Could not parse the request body: ${error.message}`,
      status: error.reason === 'too-large' ? 413 : 400,
    };
  return {
    code: 'InternalError',
    message: 'We encountered an internal error. Please try again.',
    status: 500,
  };
}
