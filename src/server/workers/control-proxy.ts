// A serve worker's answer to CloudFront API and KeyValueStore data API requests: they arrive on the S3
// listener of whichever worker accepted the connection, and the primary owns the control state. The request
// goes unchanged (method, target, headers including Host, which SigV4 signs, and the streamed body) to the
// primary's loopback control listener, and its answer streams back. Control traffic is rare; a proxy keeps
// IncomingMessage and ServerResponse real on both sides (docs/decisions/workers.md).

import { randomBytes } from 'node:crypto';
import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import { pipeline } from 'node:stream';
import { renderCloudFrontError } from '../../control/index.ts';
import type { Logger } from '../../log/logger.ts';

/** Headers about this one connection (RFC 9110 §7.6.1); everything else is forwarded as sent. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase()),
  );
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)),
  );
}

export function createControlProxy(
  controlUrl: string,
  logger: Logger,
): {
  readonly handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readonly close: () => void;
} {
  const target = new URL(controlUrl);
  const agent = new Agent({ keepAlive: true });
  const unavailable = (res: ServerResponse, error: Error): void => {
    logger.error('control-proxy-failed', { error: error.message });
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    const requestId = randomBytes(16).toString('hex');
    const body = renderCloudFrontError(
      'ServiceUnavailable',
      'The CloudFront API is not reachable in this Frontgate process right now; retry.',
      requestId,
      503,
    );
    res.writeHead(503, { 'content-type': 'text/xml', 'x-amz-request-id': requestId });
    res.end(body);
  };
  const handler = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    new Promise<void>((done) => {
      // The S3 listener leaves `Expect: 100-continue` to its handlers; the primary answers its own copy.
      if (String(req.headers.expect ?? '').toLowerCase() === '100-continue') res.writeContinue();
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: endToEnd(req.headers),
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
          pipeline(answer, res, () => done());
        },
      );
      upstream.on('error', (error) => {
        unavailable(res, error);
        done();
      });
      pipeline(req, upstream, (error) => {
        if (error) upstream.destroy(error);
      });
    });
  return { handler, close: () => agent.destroy() };
}
