// One edge of the fleet as its own `frontgate serve` process (the real entry point, one process: "workers": 1)
// on its own loopback address (127.0.0.2, 127.0.0.3, …) over a shared PostgreSQL, and haproxy in front of the
// edges (round robin, generated config, free port). Every process started here is registered with the caller's
// `track` so a failing start never leaves one behind (a live child keeps the test runner waiting forever).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '../..');

export const CREDENTIALS = {
  accessKeyId: 'FLEETTESTKEY',
  secretAccessKey: 'fleet-test-secret-for-these-tests',
};

export type FleetEdgeProcess = {
  readonly name: string;
  readonly s3Url: string;
  readonly edgeUrl: string;
  readonly adminUrl: string;
  readonly output: () => string;
  /** SIGKILL: the edge dies without leaving the fleet (its heartbeat just stops). */
  readonly kill: () => Promise<void>;
  readonly stop: () => Promise<void>;
};

/** Stops every child still running; called from `after`. */
export type ProcessRegistry = {
  readonly add: (child: ChildProcess) => void;
  readonly stopAll: () => Promise<void>;
};

export function processRegistry(): ProcessRegistry {
  const children = new Set<ChildProcess>();
  return {
    add: (child) => {
      children.add(child);
      child.once('exit', () => children.delete(child));
    },
    stopAll: async () => {
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}

export type FleetEdgeOptions = {
  readonly dir: string;
  readonly name: string;
  /** The loopback address every listener of this edge binds, e.g. 127.0.0.2. */
  readonly address: string;
  /** The viewer port: fixed, so an edge restarted under its name is where haproxy expects it. */
  readonly edgePort: number;
  /** The S3 API port; 0 for any. */
  readonly s3Port?: number;
  readonly postgresUrl: string;
  readonly liveTimeoutSeconds: number;
  /** `edge.origins` of the edge's config. */
  readonly origins: Record<string, unknown>;
  readonly registry: ProcessRegistry;
};

export async function startFleetEdge(options: FleetEdgeOptions): Promise<FleetEdgeProcess> {
  const config = join(options.dir, `${options.name}.json`);
  const at = (port = 0) => `${options.address}:${port}`;
  await writeFile(
    config,
    JSON.stringify({
      dataDir: join(options.dir, options.name),
      workers: 1,
      s3: { listen: at(options.s3Port), credentials: [CREDENTIALS] },
      edge: {
        listen: at(options.edgePort),
        admin: { listen: at() },
        // Every object goes to the disk tier, which outlives the process: an edge that returns after a kill
        // still holds what it cached, so only an applied invalidation makes it refetch.
        cache: { memoryObjectMaxBytes: 1 },
        origins: options.origins,
      },
      state: {
        postgres: options.postgresUrl,
        edgeName: options.name,
        liveTimeoutSeconds: options.liveTimeoutSeconds,
      },
    }),
  );
  const child = spawn(process.execPath, [join(REPO, 'src/main.ts'), 'serve', '--config', config], {
    cwd: options.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.registry.add(child);
  let out = '';
  child.stdout?.on('data', (c) => (out += c));
  child.stderr?.on('data', (c) => (out += c));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((done, fail) => {
    child.stdout?.on('data', () => out.includes('Ready.') && done());
    child.once('exit', (code) => fail(new Error(`${options.name} exited with ${code}:\n${out}`)));
  });
  const printed = (label: string) => new RegExp(`^${label}:\\s+(\\S+)$`, 'm').exec(out)?.[1] as string;
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    name: options.name,
    s3Url: printed('S3 API'),
    edgeUrl: printed('Edge'),
    adminUrl: printed('Admin'),
    output: () => out,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

export async function freePort(address = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, address, done));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

export type LoadBalancer = { readonly url: string; readonly stop: () => Promise<void> };

const HAPROXY_PATHS = ['/usr/sbin/haproxy', 'haproxy'];

/** Debian's haproxy, or why it cannot run here. */
export function findHaproxy(): { path: string } | { missing: string } {
  for (const path of HAPROXY_PATHS) {
    const probe = spawnSync(path, ['-v'], { encoding: 'utf8' });
    if (probe.status === 0) return { path };
  }
  return { missing: 'haproxy is not installed (npm run test:fleet installs it from Debian)' };
}

export async function startHaproxy(
  haproxy: string,
  dir: string,
  edgeUrls: readonly string[],
  registry: ProcessRegistry,
): Promise<LoadBalancer> {
  const port = await freePort();
  const config = join(dir, 'haproxy.cfg');
  await writeFile(
    config,
    [
      'global',
      '  maxconn 256',
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 10s',
      '  timeout server 10s',
      '  option http-server-close',
      // A request sent to an edge that just died is tried again on another one.
      '  option redispatch',
      '  retries 2',
      'frontend edges',
      `  bind 127.0.0.1:${port}`,
      '  default_backend fleet',
      'backend fleet',
      '  balance roundrobin',
      ...edgeUrls.map((url, i) => `  server edge${i} ${new URL(url).host} check inter 300ms fall 2 rise 1`),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(haproxy, ['-f', config, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  registry.add(child);
  let err = '';
  child.stderr?.on('data', (c) => (err += c));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${err}`);
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`haproxy did not listen: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
