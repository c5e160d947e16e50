// The console's Fleet page in a real Chromium: two `frontgate serve` processes over PostgreSQL; edge B is killed
// after it reported the distribution, and the console of edge A shows B departed, out of the acknowledging set,
// with the ETag it last served, next to A itself.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { chromium } from 'playwright-core';
import { BASE_CHROMIUM_FLAGS, CHROMIUM_PATH } from '../browser/support/launch-chromium.ts';
import { CREDENTIALS, freePort, processRegistry, startFleetEdge } from './fleet-process.ts';
import { startTestPostgres } from './postgres-support.ts';

const LIVE_TIMEOUT_SECONDS = 2;
const dir = await mkdtemp(join(tmpdir(), 'frontgate-fleet-console-'));
const registry = processRegistry();
const pg = await startTestPostgres();
after(async () => {
  await registry.stopAll();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
});
const skip = pg.skip || (existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH}`);

describe('the console of a fleet edge', { skip }, () => {
  it('lists every edge with its heartbeat, the ETags it serves, and a killed edge as departed', async () => {
    const start = async (name: string, address: string) =>
      startFleetEdge({
        dir,
        name,
        address,
        edgePort: await freePort(address),
        postgresUrl: pg.url as string,
        liveTimeoutSeconds: LIVE_TIMEOUT_SECONDS,
        origins: {},
        registry,
      });
    const a = await start('edge-a', '127.0.0.6');
    const b = await start('edge-b', '127.0.0.7');
    const api = new CloudFrontClient({ endpoint: a.s3Url, region: 'us-east-1', credentials: CREDENTIALS });
    const created = await api.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: 'console-fleet',
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: 'app',
                DomainName: 'app.example.test',
                CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'app',
            ViewerProtocolPolicy: 'allow-all',
            CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
          },
          Comment: '',
          Enabled: true,
        },
      }),
    );
    api.destroy();
    const id = created.Distribution?.Id as string;
    const etag = created.ETag as string;
    // B reported the distribution: then it dies without leaving.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const fleet = (await (await fetch(`${a.adminUrl}/console/api/fleet`)).json()) as {
        edges: { edgeId: string; deployed: Record<string, string> }[];
      };
      if (fleet.edges.find((e) => e.edgeId === 'edge-b')?.deployed[id] === etag) break;
      assert.ok(Date.now() < deadline, 'edge B reports the distribution');
      await new Promise((r) => setTimeout(r, 50));
    }
    await b.kill();
    await new Promise((r) => setTimeout(r, (LIVE_TIMEOUT_SECONDS + 1.5) * 1000));

    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', ...BASE_CHROMIUM_FLAGS],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${a.adminUrl}/#fleet`);
      const rows = page.locator('[data-fleet] tbody tr');
      await rows.nth(1).waitFor();
      const cells = async (n: number) =>
        (await rows.nth(n).locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      const [edgeA, edgeB] = [await cells(0), await cells(1)];
      assert.equal(edgeA[0], 'edge-a (this edge)');
      assert.deepEqual(edgeA.slice(2), ['live', 'yes', `${id}: ${etag}`, '0']);
      assert.equal(edgeB[0], 'edge-b');
      assert.deepEqual(edgeB.slice(2), ['departed', 'no', `${id}: ${etag}`, '0']);
      assert.equal(await page.locator('nav a[aria-current=page]').innerText(), 'Fleet');
    } finally {
      await browser.close();
    }
  });
});
