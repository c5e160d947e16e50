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
import type { Logger } from '../log/logger.ts';
import { startFrontgate } from '../server/start-frontgate.ts';
import type { RunningFrontgate } from '../server/start-frontgate.ts';
import { createDemoBackendHandler } from './demo-backend.ts';
import { demoMediaObjects } from './demo-media.ts';
import { DEFAULT_DEMO_PORTS, demoNames } from './demo-names.ts';
import type { DemoNameMode, DemoNames, DemoPorts } from './demo-names.ts';
import { createDualProtocolServer } from './dual-protocol-server.ts';
import { createEdgeAnswerLog } from './edge-answer-log.ts';
import { junlogScenario } from './junlog-scenario.ts';
import { prepareDemo, writeDistribution } from './prepare-demo.ts';
import type { PreparedDemo } from './prepare-demo.ts';

export type DemoStep = 1 | 2 | 3 | 4;

export type RunningDemo = {
  readonly names: DemoNames;
  readonly ports: DemoPorts;
  readonly prepared: PreparedDemo;
  readonly frontgate: RunningFrontgate;
  /** Sets the system up as the story's step describes (config, invalidation) and returns the backend to use. */
  readonly setStep: (step: DemoStep) => Promise<{ readonly backendOrigin: string }>;
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

async function invalidateAll(adminUrl: string | undefined): Promise<void> {
  if (adminUrl === undefined) throw new Error('the edge has no admin listener to invalidate through');
  const response = await fetch(`${adminUrl}/invalidations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      distributionId: 'E1JUNLOGDEV',
      paths: ['/*'],
      callerReference: `demo-${Date.now()}`,
    }),
  });
  if (!response.ok) throw new Error(`invalidation failed: HTTP ${response.status} ${await response.text()}`);
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
  const answers = createEdgeAnswerLog(options.logger);
  const config = loadConfigFile(prepared.configPath);
  const frontgate = await startFrontgate(config, {
    logger: answers.logger,
    onTrace: answers.addTrace,
    seed: async (store) => {
      for (const object of demoMediaObjects(junlogScenario.cookies.basePath)) {
        await store.putObject('junlog-media', object.key, Readable.from([object.body]), {
          contentType: object.contentType,
          userMetadata: {},
        });
      }
    },
  });

  let current: 'before-fix' | 'after-fix' = 'before-fix';
  const useDistribution = async (which: 'before-fix' | 'after-fix'): Promise<void> => {
    if (which === current) return;
    writeDistribution(prepared, which, names);
    await frontgate.reload();
    current = which;
  };
  const setStep = async (step: DemoStep): Promise<{ backendOrigin: string }> => {
    if (step === 1 || step === 2) {
      await useDistribution('before-fix');
      await invalidateAll(frontgate.adminUrl);
    } else {
      await useDistribution('after-fix');
      if (step === 4) await invalidateAll(frontgate.adminUrl);
    }
    return { backendOrigin: step === 1 ? names.backendBeforeOrigin : names.backendAfterOrigin };
  };

  const backend = createDualProtocolServer(
    prepared.tls,
    createDemoBackendHandler({
      pageOrigin: names.pageOrigin,
      cdnOrigin: names.cdnOrigin,
      basePath: junlogScenario.cookies.basePath,
      keyPairId: prepared.keyPairId,
      privateKey: prepared.privateKey,
      expiresInMs: junlogScenario.cookies.expiresInMs,
      cookieDomain: names.cookieDomain,
    }),
  );
  await listen(backend, ports.backend);

  const pageDir = new URL('./page/', import.meta.url);
  const page = createHttpsServer({ cert: prepared.tls.cert, key: prepared.tls.key }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const file = PAGE_FILES[path];
    if (req.method === 'GET' && file !== undefined) {
      res.setHeader('Content-Type', CONTENT_TYPES[file.split('.').pop()!]!);
      res.end(readFileSync(new URL(file, pageDir)));
      return;
    }
    if (path === '/favicon.ico') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method === 'GET' && path === '/demo/state') {
      sendJson(res, 200, { ...names, basePath: junlogScenario.cookies.basePath, distribution: current });
      return;
    }
    if (req.method === 'GET' && path === '/demo/edge-log') {
      const since = Number(new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('since') ?? 0);
      sendJson(res, 200, { entries: answers.since(since) });
      return;
    }
    if (req.method === 'POST' && path === '/demo/step') {
      readJsonBody(req)
        .then(async (body) => {
          const step = Number((body as { step?: unknown }).step);
          if (![1, 2, 3, 4].includes(step)) return sendJson(res, 400, { error: 'step must be 1, 2, 3 or 4' });
          sendJson(res, 200, { step, ...(await setStep(step as DemoStep)), distribution: current });
        })
        .catch((error: unknown) => sendJson(res, 500, { error: (error as Error).message }));
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
