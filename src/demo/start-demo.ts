// Starts the whole founding story on this machine: the store seeded with the course's private media,
// the edge serving distribution E1JUNLOGDEV (before the fix), the story's backend, and the demo page
// whose four steps switch the backend host, the distribution config and run the invalidation.

import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { Readable } from 'node:stream';
import { loadConfigFile } from '../config/index.ts';
import { readConsoleAsset } from '../console/index.ts';
import type { Logger } from '../log/logger.ts';
import { startFrontgate } from '../server/start-frontgate.ts';
import type { RunningFrontgate } from '../server/start-frontgate.ts';
import { createDemoBackendHandler, signDemoCookies } from './demo-backend.ts';
import { demoMediaObjects } from './demo-media.ts';
import { DEFAULT_DEMO_PORTS, demoNames } from './demo-names.ts';
import type { DemoNameMode, DemoNames, DemoPorts } from './demo-names.ts';
import { createDualProtocolServer } from './dual-protocol-server.ts';
import { createDemoRecords } from './demo-records.ts';
import {
  type DemoStep,
  type DemoStepDeps,
  type DistributionVersion,
  reportStep,
  resetDemo,
  setUpStep,
} from './demo-steps.ts';
import { doctorCommandFor } from './doctor-command.ts';
import { junlogScenario } from './junlog-scenario.ts';
import { prepareDemo, writeDistribution } from './prepare-demo.ts';
import type { PreparedDemo } from './prepare-demo.ts';

export type { DemoStep } from './demo-steps.ts';

const DEMO_DISTRIBUTION_ID = 'E1JUNLOGDEV';

export type RunningDemo = {
  readonly names: DemoNames;
  readonly ports: DemoPorts;
  readonly prepared: PreparedDemo;
  readonly frontgate: RunningFrontgate;
  /** Sets the system up as the story's step describes (config, cache, invalidation) and returns the backend to use. */
  readonly setStep: (step: DemoStep) => Promise<{ readonly backendOrigin: string }>;
  /** The console on the admin listener. */
  readonly consoleUrl: string;
  readonly close: () => Promise<void>;
};

export type DemoOptions = {
  readonly mode: DemoNameMode;
  readonly dataDir: string;
  readonly logger: Logger;
  /** Port numbers; 0 picks a free port (tests). Defaults: page 3000, backend 3001, edge 8443/8080, S3 9000, admin 8081. */
  readonly ports?: Partial<DemoPorts>;
};

const PAGE_FILES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/style.css': 'style.css',
};
/** The console's pipeline drawing, served to the demo page too (one implementation). */
const CONSOLE_FILES: Readonly<Record<string, string>> = {
  '/console/pipeline.js': 'pipeline.js',
  '/console/pipeline.css': 'pipeline.css',
};
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

async function listen(server: Server, port: number): Promise<number> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Binds a throwaway server to learn a free port when 0 is asked for (names must know ports up front). */
async function resolvePorts(requested: Partial<DemoPorts>): Promise<DemoPorts> {
  const ports = { ...DEFAULT_DEMO_PORTS, ...requested };
  const resolved: Record<string, number> = {};
  for (const [name, port] of Object.entries(ports)) {
    if (port !== 0) {
      resolved[name] = port;
      continue;
    }
    const probe = createDualProtocolServer({ cert: '', key: '' }, () => {});
    resolved[name] = await listen(probe, 0);
    await new Promise((resolve) => probe.close(resolve));
  }
  return resolved as DemoPorts;
}

function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 16_384) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(value));
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const ports = await resolvePorts(options.ports ?? {});
  const names = demoNames(options.mode, ports);
  const prepared = await prepareDemo(options.dataDir, names, ports);
  const records = createDemoRecords();
  const config = loadConfigFile(prepared.configPath);
  const basePath = junlogScenario.cookies.basePath;
  const frontgate = await startFrontgate(config, {
    logger: options.logger,
    onTrace: records.addTrace,
    seed: async (store) => {
      for (const object of demoMediaObjects(basePath)) {
        await store.putObject('junlog-media', object.key, Readable.from([object.body]), {
          contentType: object.contentType,
          userMetadata: {},
        });
      }
    },
  });
  const consoleQueries = frontgate.console;
  if (consoleQueries === undefined || frontgate.consoleUrl === undefined)
    throw new Error('the demo config has no edge: nothing to show');

  let current: DistributionVersion = 'before-fix';
  const signing = {
    keyPairId: prepared.keyPairId,
    privateKey: prepared.privateKey,
    cdnOrigin: names.cdnOrigin,
    basePath,
    expiresInMs: junlogScenario.cookies.expiresInMs,
  };
  const stepDeps: DemoStepDeps = {
    names,
    ports,
    basePath,
    distributionId: DEMO_DISTRIBUTION_ID,
    console: consoleQueries,
    records,
    caCert: readFileSync(prepared.caCertPath, 'utf8'),
    useDistribution: async (which) => {
      if (which === current) return;
      writeDistribution(prepared, which, names);
      await frontgate.reload();
      current = which;
    },
    signedCookieHeader: () =>
      Object.entries(signDemoCookies(signing, new Date()))
        .map(([name, value]) => `${name}=${value}`)
        .join('; '),
    nowMs: Date.now,
  };
  // One step at a time: a click while a step runs would mix two set-ups (the page disables its buttons too).
  let running: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const next = running.then(task, task);
    running = next.catch(() => {});
    return next;
  };
  const setStep = (step: DemoStep) => serialized(() => setUpStep(step, stepDeps));

  const backend = createDualProtocolServer(
    prepared.tls,
    createDemoBackendHandler({
      ...signing,
      pageOrigin: names.pageOrigin,
      cookieDomain: names.cookieDomain,
      onCookiesIssued: records.addIssuedCookies,
    }),
  );
  await listen(backend, ports.backend);

  const pageDir = new URL('./page/', import.meta.url);
  const state = () => ({
    ...names,
    basePath,
    distributionId: DEMO_DISTRIBUTION_ID,
    distribution: current,
    consoleUrl: frontgate.consoleUrl,
    doctorCommands: Object.fromEntries(
      ([1, 2, 3, 4] as const).map((step) => [
        step,
        doctorCommandFor({
          names,
          caCertPath: prepared.caCertPath,
          adminUrl: frontgate.adminUrl ?? '',
          backendOrigin: step === 1 ? names.backendBeforeOrigin : names.backendAfterOrigin,
          url: `${names.cdnOrigin}/${basePath}/lesson.json`,
        }),
      ]),
    ),
  });
  const page = createHttpsServer({ cert: prepared.tls.cert, key: prepared.tls.key }, (req, res) => {
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    const file = PAGE_FILES[path];
    if (req.method === 'GET' && file !== undefined) {
      res.setHeader('Content-Type', CONTENT_TYPES[file.split('.').pop()!]!);
      res.end(readFileSync(new URL(file, pageDir)));
      return;
    }
    const consoleFile = CONSOLE_FILES[path];
    if (req.method === 'GET' && consoleFile !== undefined) {
      readConsoleAsset(consoleFile).then((asset) => {
        res.setHeader('Content-Type', asset?.contentType ?? 'text/plain');
        res.end(asset?.body ?? '');
      });
      return;
    }
    if (path === '/favicon.ico') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method === 'GET' && path === '/demo/state') return sendJson(res, 200, state());
    if (req.method === 'GET' && path === '/demo/console') {
      res.writeHead(302, { location: frontgate.consoleUrl ?? '/' });
      res.end();
      return;
    }
    const answer = (task: () => Promise<unknown>) =>
      task()
        .then((value) => sendJson(res, 200, value))
        .catch((error: unknown) => sendJson(res, 500, { error: (error as Error).message }));
    if (req.method === 'GET' && path === '/demo/report') {
      const since = Number(new URLSearchParams(query).get('since') ?? Number.NaN);
      if (!Number.isFinite(since)) return sendJson(res, 400, { error: 'since must be a time in ms' });
      return void answer(() => serialized(() => reportStep(since, stepDeps)));
    }
    if (req.method === 'POST' && path === '/demo/reset')
      return void answer(() =>
        serialized(async () => {
          await resetDemo(stepDeps);
          return state();
        }),
      );
    if (req.method === 'POST' && path === '/demo/step') {
      readJsonBody(req)
        .then((body) => {
          const step = Number((body as { step?: unknown }).step);
          if (![1, 2, 3, 4].includes(step)) return sendJson(res, 400, { error: 'step must be 1, 2, 3 or 4' });
          return answer(() => setStep(step as DemoStep));
        })
        .catch((error: unknown) => sendJson(res, 400, { error: (error as Error).message }));
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  });
  await listen(page, ports.page);

  return {
    names,
    ports,
    prepared,
    frontgate,
    consoleUrl: frontgate.consoleUrl,
    setStep,
    close: async () => {
      page.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => page.close(resolve)),
        new Promise((resolve) => backend.close(resolve)),
      ]);
      await frontgate.close();
    },
  };
}
