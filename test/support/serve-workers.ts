// `frontgate serve --workers N` as users run it, for the workers-*.test.ts files: the junlog scenario's
// distribution over HTTPS (certificate made at test time) with its key group and the embedded store, in a
// child process; its printed URLs, its JSON log events (stderr) and requests on fresh connections.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { generateKeyPair, getSignedCookies } from '../../src/signer/index.ts';
import { createCertificateAuthority, issueServerCertificate } from '../../src/tls/index.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const SCENARIO = join(REPO, 'examples/junlog');
export const CDN_HOST = 'dev.cloudfront.junlog.dev';
export const PAGE_ORIGIN = 'https://local.junlog.dev:3000';
export const CREDENTIALS = { accessKeyId: 'WORKERSTESTKEY', secretAccessKey: 'workers-test-secret' };
export const REGION = 'ap-northeast-2';

export type Reply = {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
};

export type LogEvent = { readonly event: string; readonly [field: string]: unknown };

export type ServeWorkers = {
  readonly dir: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly s3Url: string;
  readonly adminUrl: string;
  /** The HTTPS edge listener, addressed as the CDN host (the certificate's name). */
  readonly cdn: string;
  /** The plain HTTP edge listener (`http://127.0.0.1:port`). */
  readonly httpEdgeUrl: string;
  readonly ca: string;
  readonly cookie: string;
  readonly events: () => readonly LogEvent[];
  readonly waitForEvent: (match: (event: LogEvent) => boolean, timeoutMs?: number) => Promise<LogEvent>;
  /** GET on a new TCP connection (agent: false): node:cluster hands each connection to a worker in turn. */
  readonly fetchCdn: (path: string, headers?: Record<string, string>) => Promise<Reply>;
  /** A request to the plain HTTP listener on a new connection, with the CDN host as Host. */
  readonly fetchPlain: (path: string, method?: string) => Promise<Reply>;
  /** Process ids of the workers now running, by slot, from the primary's log. */
  readonly workerPids: () => Map<number, number>;
};

/** Which worker answered: each edge process has its own `Via` host id (`1.1 <hex>.cloudfront.net (CloudFront)`). */
export function servedBy(reply: Reply): string {
  return String(reply.headers.via);
}

export async function startServeWorkers(
  t: TestContext,
  options: {
    readonly workers: number;
    readonly distributionFile?: string;
    /** Edits the distribution JSON before it is written (e.g. make it public). */
    readonly editDistribution?: (source: Record<string, unknown>) => void;
    /** Top-level config entries added as they are (e.g. `state`). */
    readonly extraConfig?: Record<string, unknown>;
  },
): Promise<ServeWorkers> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-workers-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cookiesSpec = JSON.parse(await readFile(join(SCENARIO, 'cookies.json'), 'utf8'));
  const keys = await generateKeyPair({ type: 'rsa' });
  const ca = createCertificateAuthority();
  const server = issueServerCertificate(ca, [CDN_HOST]);
  await writeFile(join(dir, 'server.pem'), server.cert);
  await writeFile(join(dir, 'server.key'), server.key);
  await writeFile(join(dir, 'public.pem'), keys.publicKeyPem);
  await copyFile(join(SCENARIO, 'bucket-cors.json'), join(dir, 'bucket-cors.json'));
  const source = JSON.parse(
    await readFile(join(SCENARIO, options.distributionFile ?? 'distribution.before-fix.json'), 'utf8'),
  );
  options.editDistribution?.(source);
  await writeFile(join(dir, 'distribution.json'), JSON.stringify(source, null, 2));
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({
      ...options.extraConfig,
      dataDir: 'data',
      s3: {
        listen: '127.0.0.1:0',
        region: REGION,
        credentials: [CREDENTIALS],
        buckets: [{ name: 'junlog-media', cors: 'bucket-cors.json', allowedDistributions: ['E1JUNLOGDEV'] }],
      },
      edge: {
        listen: '127.0.0.1:0',
        tls: { listen: '127.0.0.1:0', cert: 'server.pem', key: 'server.key' },
        admin: { listen: '127.0.0.1:0' },
        distributions: [{ id: 'E1JUNLOGDEV', config: 'distribution.json' }],
        origins: { 'junlog-media.s3.ap-northeast-2.amazonaws.com': 'embedded' },
        publicKeys: [
          {
            Id: cookiesSpec.keyPairId,
            PublicKeyConfig: { CallerReference: 'test', Name: 'junlog-test', EncodedKey: 'public.pem' },
          },
        ],
        keyGroups: [
          { Id: cookiesSpec.keyGroupId, KeyGroupConfig: { Name: 'junlog', Items: [cookiesSpec.keyPairId] } },
        ],
      },
    }),
  );
  const child = spawn(
    process.execPath,
    [join(REPO, 'src/main.ts'), 'serve', '-c', 'frontgate.json', '--workers', String(options.workers)],
    { cwd: dir },
  );
  const events: LogEvent[] = [];
  const listeners = new Set<() => void>();
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail += chunk;
    const lines = stderrTail.split('\n');
    stderrTail = lines.pop() ?? '';
    for (const line of lines) {
      try {
        events.push(JSON.parse(line) as LogEvent);
      } catch {
        events.push({ event: 'unparsed', line });
      }
    }
    for (const listener of listeners) listener();
  });
  t.after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  });
  let printed = '';
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      if (printed.includes('Ready.')) done();
    });
    child.once('exit', (code) =>
      fail(new Error(`frontgate serve exited with ${code}: ${JSON.stringify(events.slice(-5))}`)),
    );
  });
  const urls = new Map<string, string>();
  for (const [, label, url] of printed.matchAll(/^(S3 API|Edge|Admin):\s+(\S+)$/gm))
    urls.set(label === 'Edge' && url?.startsWith('https') ? 'EdgeTls' : (label as string), url as string);
  const tlsUrl = new URL(urls.get('EdgeTls') as string);
  const cdn = `https://${CDN_HOST}:${tlsUrl.port}`;
  const signed = getSignedCookies({
    keyPairId: cookiesSpec.keyPairId,
    privateKey: keys.privateKeyPem,
    policy: JSON.stringify({
      Statement: [
        {
          Resource: `${cdn}/${cookiesSpec.basePath}/*`,
          Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(Date.now() / 1000) + 3600 } },
        },
      ],
    }),
  });
  // Generous: a worker restart on a loaded 2-core box takes seconds (Node start-up and type stripping).
  const waitForEvent = (match: (event: LogEvent) => boolean, timeoutMs = 60_000): Promise<LogEvent> =>
    new Promise((done, fail) => {
      const check = (): void => {
        const found = events.find(match);
        if (found === undefined) return;
        listeners.delete(check);
        clearTimeout(timer);
        done(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        fail(
          new Error(`no matching log event in ${timeoutMs} ms; last: ${JSON.stringify(events.slice(-5))}`),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return {
    dir,
    child,
    s3Url: urls.get('S3 API') as string,
    adminUrl: urls.get('Admin') as string,
    cdn,
    ca: ca.cert,
    cookie: Object.entries(signed)
      .map(([n, v]) => `${n}=${v}`)
      .join('; '),
    events: () => events,
    waitForEvent,
    httpEdgeUrl: urls.get('Edge') as string,
    fetchCdn: (path, headers = {}) => getFresh(`${cdn}${path}`, { ca: ca.cert, headers }),
    fetchPlain: (path, method) =>
      getFresh(`${urls.get('Edge')}${path}`, { method, headers: { host: CDN_HOST } }),
    workerPids: () => {
      const pids = new Map<number, number>();
      for (const e of events) if (e.event === 'worker-started') pids.set(Number(e.slot), Number(e.pid));
      return pids;
    },
  };
}

/** One request on its own connection; `https:` URLs connect to 127.0.0.1 with the URL's host as SNI and Host. */
export function getFresh(
  url: string,
  options: { readonly ca?: string; readonly headers?: Record<string, string>; readonly method?: string } = {},
): Promise<Reply> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  return new Promise((done, fail) => {
    const req = (secure ? httpsRequest : httpRequest)(
      {
        host: '127.0.0.1',
        port: u.port,
        method: options.method ?? 'GET',
        path: u.pathname + u.search,
        ...(secure ? { servername: u.hostname, ca: options.ca } : {}),
        headers: { host: u.host, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/**
 * Sends on fresh connections until every one of `workers` worker processes (told apart by `Via`) answered at
 * least `each` times; the kernel picks the accepting worker, so this bounds attempts instead of counting on turns.
 */
export async function untilEveryWorkerAnswered(
  send: () => Promise<Reply>,
  options: { readonly workers: number; readonly each: number; readonly maxAttempts?: number },
): Promise<Reply[]> {
  const replies: Reply[] = [];
  const counts = new Map<string, number>();
  const done = () => counts.size >= options.workers && [...counts.values()].every((n) => n >= options.each);
  for (let i = 0; i < (options.maxAttempts ?? 60) && !done(); i++) {
    const reply = await send();
    replies.push(reply);
    counts.set(servedBy(reply), (counts.get(servedBy(reply)) ?? 0) + 1);
  }
  if (!done())
    throw new Error(`not every worker answered ${options.each} times: ${JSON.stringify([...counts])}`);
  return replies;
}
