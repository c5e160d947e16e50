// The founding story's system with a configurable edge, for browser tests that need more than the demo's
// four steps: the demo's files (CA, keys, config, seeded media), plus custom policies and bucket CORS
// origins written into the config before Frontgate starts, and one HTTPS server that serves blank pages on
// any *.junlog.dev name and the story's cookie endpoint. Distributions are switched by file + reload.

import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { loadConfigFile } from '../../../src/config/index.ts';
import { createDemoBackendHandler } from '../../../src/demo/demo-backend.ts';
import { demoMediaObjects } from '../../../src/demo/demo-media.ts';
import type { DemoObject } from '../../../src/demo/demo-media.ts';
import type { DemoNames, DemoPorts } from '../../../src/demo/demo-names.ts';
import { demoNames } from '../../../src/demo/demo-names.ts';
import { junlogScenario } from '../../../src/demo/junlog-scenario.ts';
import type { PreparedDemo } from '../../../src/demo/prepare-demo.ts';
import { distributionForNames, prepareDemo } from '../../../src/demo/prepare-demo.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import type { RunningFrontgate } from '../../../src/server/start-frontgate.ts';
import { startFrontgate } from '../../../src/server/start-frontgate.ts';

export type StorySystemOptions = {
  /** More pages the bucket's CORS rule allows, by subdomain: `other` → `https://other.junlog.dev:<page port>`. */
  readonly extraPageSubdomains?: readonly string[];
  /** Custom policies added to the config's `edge` section (AWS shapes: `{ Id, CachePolicyConfig }` …). */
  readonly cachePolicies?: readonly unknown[];
  /** A list, or a function of the page origin by subdomain (policies that name exact origins need the port). */
  readonly responseHeadersPolicies?:
    | readonly unknown[]
    | ((pageOrigin: (subdomain: string) => string) => readonly unknown[]);
  readonly originRequestPolicies?: readonly unknown[];
  /** More objects seeded in the bucket next to the story's media (e.g. one fresh key per test case). */
  readonly extraObjects?: readonly DemoObject[];
};

export type DistributionJson = {
  ETag: string;
  DistributionConfig: {
    DefaultCacheBehavior: Record<string, unknown>;
    CacheBehaviors: { Quantity: number; Items?: Record<string, unknown>[] };
    [key: string]: unknown;
  };
};

export type StorySystem = {
  readonly names: DemoNames;
  readonly ports: DemoPorts;
  readonly prepared: PreparedDemo;
  readonly frontgate: RunningFrontgate;
  /** `https://<sub>.junlog.dev:<page port>/`: blank pages on any name the demo's certificate covers. */
  readonly pageOrigin: (subdomain: string) => string;
  /** Sets the backend's cookies when a page of the story's origin fetches it (credentials: include). */
  readonly cookiesUrl: string;
  /** A copy of the scenario's distribution (before-fix / after-fix) with the alias the browser uses. */
  readonly distribution: (which: 'before-fix' | 'after-fix') => DistributionJson;
  /** Writes the distribution file and reloads the edge (the cache is kept). */
  readonly useDistribution: (distribution: DistributionJson) => Promise<void>;
  readonly invalidateAll: () => Promise<void>;
};

async function freePort(): Promise<number> {
  // A stray connection (another process on a shared machine) must not keep close() waiting.
  const probe = createNetServer((socket) => socket.destroy());
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startStorySystem(
  t: TestContext,
  options: StorySystemOptions = {},
): Promise<StorySystem> {
  const cleanups: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-browser-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const ports: DemoPorts = {
    page: await freePort(),
    backend: await freePort(),
    edgeHttps: await freePort(),
    edgeHttp: await freePort(),
    s3: await freePort(),
    admin: await freePort(),
  };
  const names = demoNames('story', ports);
  const prepared = await prepareDemo(dataDir, names, ports);

  const config = JSON.parse(readFileSync(prepared.configPath, 'utf8'));
  for (const rule of config.s3.buckets[0].cors as { AllowedOrigins: string[] }[])
    rule.AllowedOrigins = [
      ...rule.AllowedOrigins,
      ...(options.extraPageSubdomains ?? []).map((sub) => `https://${sub}.junlog.dev:${ports.page}`),
    ];
  config.edge.cachePolicies = options.cachePolicies ?? [];
  const pageOriginOf = (subdomain: string) => `https://${subdomain}.junlog.dev:${ports.page}`;
  const headersPolicies = options.responseHeadersPolicies ?? [];
  config.edge.responseHeadersPolicies =
    typeof headersPolicies === 'function' ? headersPolicies(pageOriginOf) : headersPolicies;
  config.edge.originRequestPolicies = options.originRequestPolicies ?? [];
  writeFileSync(prepared.configPath, `${JSON.stringify(config, null, 2)}\n`);

  const frontgate = await startFrontgate(loadConfigFile(prepared.configPath), {
    logger: silentLogger,
    seed: async (store) => {
      for (const object of [
        ...demoMediaObjects(junlogScenario.cookies.basePath),
        ...(options.extraObjects ?? []),
      ]) {
        await store.putObject('junlog-media', object.key, Readable.from([object.body]), {
          contentType: object.contentType,
          userMetadata: {},
        });
      }
    },
  });
  cleanups.push(() => frontgate.close());

  // Pages and the backend share one HTTPS port: the cookie call is same-origin for the story's page.
  const backend = createDemoBackendHandler({
    pageOrigin: names.pageOrigin,
    cdnOrigin: names.cdnOrigin,
    basePath: junlogScenario.cookies.basePath,
    keyPairId: prepared.keyPairId,
    privateKey: prepared.privateKey,
    expiresInMs: junlogScenario.cookies.expiresInMs,
    cookieDomain: names.cookieDomain,
  });
  const pages = createHttpsServer(prepared.tls, (req, res) => {
    if ((req.url ?? '/').startsWith('/api/')) return backend(req, res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>${req.headers.host}</title><body>${req.headers.host}</body>`);
  });
  pages.listen(ports.page, '127.0.0.1');
  await once(pages, 'listening');
  cleanups.push(async () => {
    pages.closeAllConnections();
    await new Promise((resolve) => pages.close(resolve));
  });

  return {
    names,
    ports,
    prepared,
    frontgate,
    pageOrigin: pageOriginOf,
    cookiesUrl: `${names.pageOrigin}/api/cookies`,
    distribution: (which) => distributionForNames(which, names) as DistributionJson,
    useDistribution: async (distribution) => {
      writeFileSync(prepared.distributionPath, `${JSON.stringify(distribution, null, 2)}\n`);
      await frontgate.reload();
    },
    invalidateAll: async () => {
      const response = await fetch(`${frontgate.adminUrl}/invalidations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          distributionId: 'E1JUNLOGDEV',
          paths: ['/*'],
          callerReference: `t-${Date.now()}-${Math.random()}`,
        }),
      });
      if (!response.ok)
        throw new Error(`invalidation failed: HTTP ${response.status} ${await response.text()}`);
    },
  };
}
