// Starts the real edge service from an `edge` config section written to a temp dir (distribution files
// included), with listeners on port 0, so tests exercise config loading, reload and the admin listener.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createConfigContext } from '../../src/config/config-context.ts';
import { parseEdgeConfig } from '../../src/edge/config/index.ts';
import { silentLogger, type Logger } from '../../src/log/logger.ts';
import { type EdgeService, type EdgeServiceDeps, startEdgeService } from '../../src/server/edge-service.ts';

export type EdgeServiceFixture = {
  readonly service: EdgeService;
  readonly dir: string;
  readonly url: string;
  /** Rewrites a file next to the config (a distribution file, a PEM key). */
  readonly writeFile: (name: string, content: unknown) => Promise<void>;
};

export async function startEdgeServiceFixture(
  t: TestContext,
  files: Readonly<Record<string, unknown>>,
  edgeSection: Record<string, unknown>,
  deps: Partial<EdgeServiceDeps> & { logger?: Logger } = {},
): Promise<EdgeServiceFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-edge-service-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const write = async (name: string, content: unknown) =>
    writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  for (const [name, content] of Object.entries(files)) await write(name, content);
  const ctx = createConfigContext(dir);
  const edgeConfig = parseEdgeConfig(
    { listen: '127.0.0.1:0', admin: { listen: '127.0.0.1:0' }, ...edgeSection },
    ctx,
    'edge',
  );
  const service = await startEdgeService(edgeConfig, ctx, {
    logger: silentLogger,
    dataDir: join(dir, 'data'),
    reloadDebounceMs: 30,
    ...deps,
  });
  t.after(() => service.close());
  return { service, dir, url: service.urls[0], writeFile: write };
}
