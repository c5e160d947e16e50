// The whole Frontgate process (startFrontgate: S3 port, edge HTTP, HTTPS with HTTP/2, admin) on port 0 in a
// temp dir, with clients that send exactly what a hostile client would: signed S3 requests with any body,
// raw bytes over TCP or TLS, HTTP/2 streams, admin JSON. Every client call has its own timeout and reports a
// hang instead of waiting forever.

import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect as h2Connect } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { loadConfigFile } from '../../src/config/index.ts';
import { type Logger, silentLogger } from '../../src/log/logger.ts';
import { type RunningFrontgate, startFrontgate } from '../../src/server/start-frontgate.ts';
import { signRequestSigV4 } from '../../src/signer/sigv4/index.ts';
import type { ObjectStore } from '../../src/store/index.ts';
import { createCertificateAuthority, issueServerCertificate } from '../../src/tls/index.ts';

export const OPEN_HOST = 'open.hostile.test';
export const SIGNED_HOST = 'signed.hostile.test';
export const BUCKET = 'hostile-media';
export const KEY_PAIR_ID = 'K2HOSTILEKEY01';
const KEY_GROUP_ID = '5b0e7a3c-1d2f-4e6a-9b8c-7d6e5f4a3b21';
const ORIGIN = `${BUCKET}.s3.us-east-1.amazonaws.com`;
export const CREDENTIALS = {
  accessKeyId: 'AKIAHOSTILETEST0001',
  secretAccessKey: 'hostile-secret-made-for-this-test-only',
};
export const REQUEST_TIMEOUT_MS = 5000;

/** What came back: a status (0 when the connection ended without a response), headers and body. */
export type Answer = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly body: string;
  /** The client gave up after REQUEST_TIMEOUT_MS. */
  readonly hung: boolean;
  /** Transport failure text when there was no response (reset, TLS or HTTP/2 protocol error). */
  readonly error?: string;
};

export type S3Options = {
  readonly query?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Sign with these exact headers and then replace Authorization (SigV4 field tampering). */
  readonly authorization?: (signed: string) => string | string[];
  readonly anonymous?: boolean;
};

export type HostileStack = {
  readonly root: string;
  readonly dataDir: string;
  /** A directory beside dataDir that no request may write into. */
  readonly outside: string;
  readonly running: RunningFrontgate;
  readonly store: ObjectStore;
  readonly privateKey: string;
  readonly caCert: string;
  readonly urls: {
    readonly s3: string;
    readonly http: string;
    readonly https: string;
    readonly admin: string;
  };
  readonly s3: (method: string, path: string, options?: S3Options) => Promise<Answer>;
  /** Bytes straight onto a TCP (or TLS, HTTP/1.1 by ALPN) connection; reads until close or timeout. */
  readonly raw: (listener: 's3' | 'http' | 'https' | 'admin', bytes: string | Buffer) => Promise<Answer>;
  readonly h2: (headers: Record<string, string | string[]>, body?: string | Buffer) => Promise<Answer>;
  readonly http: (
    listener: 'http' | 'admin',
    method: string,
    target: string,
    headers?: Record<string, string>,
    body?: string | Buffer,
  ) => Promise<Answer>;
};

function distribution(host: string, signed: boolean) {
  return {
    CallerReference: `hostile-${host}`,
    Aliases: { Quantity: 1, Items: [host] },
    DefaultRootObject: '',
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: ORIGIN,
          DomainName: ORIGIN,
          OriginPath: '',
          CustomHeaders: { Quantity: 0 },
          S3OriginConfig: { OriginAccessIdentity: '' },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: ORIGIN,
      ViewerProtocolPolicy: 'allow-all',
      AllowedMethods: {
        Quantity: 7,
        Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
      },
      Compress: true,
      // Managed CachingDisabled: every request reaches the store.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      // Managed CORS-With-Preflight.
      ResponseHeadersPolicyId: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
      ...(signed
        ? { TrustedKeyGroups: { Enabled: true, Quantity: 1, Items: [KEY_GROUP_ID] } }
        : { TrustedKeyGroups: { Enabled: false, Quantity: 0 } }),
    },
    CacheBehaviors: { Quantity: 0 },
    CustomErrorResponses: { Quantity: 0 },
    Comment: '',
    Enabled: true,
  };
}

function finish(resolve: (a: Answer) => void): (a: Answer) => void {
  let done = false;
  return (a) => {
    if (done) return;
    done = true;
    resolve(a);
  };
}

/** Parses what a raw socket received: the first status line's code, its headers and the rest as body. */
function parseRaw(text: string, hung: boolean, error?: string): Answer {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!match) return { status: 0, headers: {}, body: text, hung, error };
  const end = text.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of text
    .slice(0, end < 0 ? text.length : end)
    .split('\r\n')
    .slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(match[1]), headers, body: end < 0 ? '' : text.slice(end + 4), hung, error };
}

export async function startHostileStack(
  t: { after: (fn: () => unknown) => void },
  options: { readonly logger?: Logger } = {},
): Promise<HostileStack> {
  const root = await mkdtemp(join(tmpdir(), 'frontgate-hostile-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const configDir = join(root, 'config');
  const outside = join(root, 'outside');
  await mkdir(configDir);
  await mkdir(outside);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ca = createCertificateAuthority();
  const cert = issueServerCertificate(ca, [OPEN_HOST, SIGNED_HOST, '127.0.0.1']);
  await writeFile(join(configDir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFile(join(configDir, 'cert.pem'), cert.cert);
  await writeFile(join(configDir, 'key.pem'), cert.key);
  await writeFile(
    join(configDir, 'open.json'),
    JSON.stringify({ DistributionConfig: distribution(OPEN_HOST, false) }),
  );
  await writeFile(
    join(configDir, 'signed.json'),
    JSON.stringify({ DistributionConfig: distribution(SIGNED_HOST, true) }),
  );
  await writeFile(
    join(configDir, 'frontgate.json'),
    JSON.stringify({
      dataDir: '../data',
      s3: {
        listen: '127.0.0.1:0',
        region: 'us-east-1',
        credentials: [CREDENTIALS],
        buckets: [
          {
            name: BUCKET,
            acl: 'public-read',
            cors: [
              {
                AllowedOrigins: ['https://app.hostile.test'],
                AllowedMethods: ['GET', 'HEAD', 'PUT'],
                AllowedHeaders: ['*'],
                ExposeHeaders: ['ETag'],
                MaxAgeSeconds: 600,
              },
            ],
          },
        ],
      },
      edge: {
        listen: '127.0.0.1:0',
        tls: { listen: '127.0.0.1:0', cert: 'cert.pem', key: 'key.pem' },
        admin: { listen: '127.0.0.1:0' },
        distributions: [
          { id: 'E1HOSTILEOPEN', config: 'open.json' },
          { id: 'E2HOSTILESIGNED', config: 'signed.json' },
        ],
        origins: { [ORIGIN]: 'embedded' },
        publicKeys: [
          {
            Id: KEY_PAIR_ID,
            PublicKeyConfig: { CallerReference: 'hostile-key', Name: 'hostile', EncodedKey: 'public.pem' },
          },
        ],
        keyGroups: [{ Id: KEY_GROUP_ID, KeyGroupConfig: { Name: 'hostile', Items: [KEY_PAIR_ID] } }],
      },
    }),
  );
  let store: ObjectStore | undefined;
  const running = await startFrontgate(loadConfigFile(join(configDir, 'frontgate.json')), {
    logger: options.logger ?? silentLogger,
    seed: async (s) => {
      store = s;
    },
  });
  t.after(() => running.close());
  const [httpUrl, httpsUrl] = running.edgeUrls;
  const urls = { s3: running.s3Url, http: httpUrl, https: httpsUrl, admin: running.adminUrl as string };
  const portOf = (url: string) => Number(new URL(url).port);

  const s3: HostileStack['s3'] = (method, path, opts = {}) => {
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
    const host = new URL(urls.s3).host;
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined && headers['content-length'] === undefined)
      headers['content-length'] = String(body.length);
    const signed = opts.anonymous
      ? {}
      : signRequestSigV4({
          method,
          host,
          rawPath: path,
          rawQuery: opts.query ?? '',
          headers,
          payloadHash: createHash('sha256')
            .update(body ?? Buffer.alloc(0))
            .digest('hex'),
          credentials: CREDENTIALS,
          region: 'us-east-1',
          service: 's3',
          now: new Date(),
        }).headers;
    const all: Record<string, string | string[]> = { ...headers, ...signed, host };
    if (opts.authorization && typeof all.authorization === 'string')
      all.authorization = opts.authorization(all.authorization);
    return new Promise((resolve) => {
      const done = finish(resolve);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: portOf(urls.s3),
          method,
          path: opts.query ? `${path}?${opts.query}` : path,
          headers: all,
          agent: false,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          let text = '';
          res.setEncoding('latin1');
          res.on('data', (d: string) => (text += d));
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, headers: res.headers, body: text, hung: false }),
          );
          res.on('error', (e) =>
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: text,
              hung: false,
              error: e.message,
            }),
          );
        },
      );
      req.on('timeout', () => {
        req.destroy();
        done({ status: 0, headers: {}, body: '', hung: true });
      });
      req.on('error', (e) => done({ status: 0, headers: {}, body: '', hung: false, error: e.message }));
      req.end(body);
    });
  };

  const raw: HostileStack['raw'] = (listener, bytes) =>
    new Promise((resolve) => {
      const done = finish(resolve);
      const port = portOf(urls[listener]);
      const socket =
        listener === 'https'
          ? tlsConnect({
              host: '127.0.0.1',
              port,
              ca: ca.cert,
              servername: OPEN_HOST,
              ALPNProtocols: ['http/1.1'],
            })
          : netConnect({ host: '127.0.0.1', port });
      const chunks: Buffer[] = [];
      const text = () => Buffer.concat(chunks).toString('latin1');
      const timer = setTimeout(() => {
        socket.destroy();
        done(parseRaw(text(), true));
      }, REQUEST_TIMEOUT_MS);
      socket.once(listener === 'https' ? 'secureConnect' : 'connect', () => socket.write(bytes));
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('error', (e) => {
        clearTimeout(timer);
        done(parseRaw(text(), false, e.message));
      });
      socket.on('close', () => {
        clearTimeout(timer);
        done(parseRaw(text(), false));
      });
    });

  const h2: HostileStack['h2'] = (headers, body) =>
    new Promise((resolve) => {
      const done = finish(resolve);
      const client = h2Connect(urls.https, {
        ca: ca.cert,
        servername: OPEN_HOST,
        maxSendHeaderBlockLength: 1 << 20,
      });
      const timer = setTimeout(() => {
        client.destroy();
        done({ status: 0, headers: {}, body: '', hung: true });
      }, REQUEST_TIMEOUT_MS);
      const end = (a: Answer) => {
        clearTimeout(timer);
        client.close();
        done(a);
      };
      client.on('error', (e) => end({ status: 0, headers: {}, body: '', hung: false, error: e.message }));
      const stream = client.request(headers, { endStream: body === undefined });
      let head: Answer['headers'] = {};
      let text = '';
      stream.setEncoding('latin1');
      stream.on('response', (h) => (head = h as Answer['headers']));
      stream.on('data', (d: string) => (text += d));
      stream.on('end', () =>
        end({ status: Number(head[':status'] ?? 0), headers: head, body: text, hung: false }),
      );
      stream.on('error', (e) =>
        end({
          status: Number(head[':status'] ?? 0),
          headers: head,
          body: text,
          hung: false,
          error: e.message,
        }),
      );
      if (body !== undefined) stream.end(body);
    });

  const http: HostileStack['http'] = (listener, method, target, headers = {}, body) =>
    new Promise((resolve) => {
      const done = finish(resolve);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: portOf(urls[listener]),
          method,
          path: target,
          headers,
          agent: false,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          let text = '';
          res.setEncoding('latin1');
          res.on('data', (d: string) => (text += d));
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, headers: res.headers, body: text, hung: false }),
          );
        },
      );
      req.on('timeout', () => {
        req.destroy();
        done({ status: 0, headers: {}, body: '', hung: true });
      });
      req.on('error', (e) => done({ status: 0, headers: {}, body: '', hung: false, error: e.message }));
      req.end(body);
    });

  return {
    root,
    dataDir: join(root, 'data'),
    outside,
    running,
    store: store as ObjectStore,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    caCert: ca.cert,
    urls,
    s3,
    raw,
    h2,
    http,
  };
}

/** S3's error code from an XML error body. */
export function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}
