// The browser harness itself: Chromium reaches the story's names on 127.0.0.1, trusts exactly the pinned
// leaf key and no other certificate, and reports CORS failures through CDP's Log domain.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createCertificateAuthority, issueServerCertificate } from '../../src/tls/index.ts';
import { captureCdp } from './support/cdp-capture.ts';
import { browserDebugOptions } from './support/debug-options.ts';
import { launchChromium } from './support/launch-chromium.ts';
import { waitFor } from './support/wait-for.ts';

async function serve(
  tls: { cert: string; key: string },
  body: string,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer(tls, (req, res) => {
    res.setHeader('Content-Type', 'text/html');
    if (req.url === '/data') res.setHeader('Access-Control-Allow-Origin', '*');
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('the Chromium harness', () => {
  it('reaches *.junlog.dev on 127.0.0.1, accepts only the pinned leaf key, and reports CORS errors via CDP', async (t) => {
    const ca = createCertificateAuthority('harness CA');
    const pinned = issueServerCertificate(ca, ['*.junlog.dev']);
    const other = issueServerCertificate(ca, ['*.junlog.dev']);
    const good = await serve(pinned, '<!doctype html><title>pinned</title>');
    const bad = await serve(other, '<!doctype html><title>other</title>');
    const chromium = await launchChromium({ trustedLeafCerts: [pinned.cert], ...browserDebugOptions() });
    t.after(async () => {
      await chromium.close();
      await good.close();
      await bad.close();
    });
    const page = await chromium.newPage();
    const cdp = await captureCdp(chromium.context, page);

    await page.goto(`https://local.junlog.dev:${good.port}/`);
    assert.equal(await page.title(), 'pinned');

    // Same CA, same names, different key: still refused, so certificate checking stays on.
    const probe = await chromium.newPage();
    await assert.rejects(probe.goto(`https://other.junlog.dev:${bad.port}/`), /ERR_CERT_AUTHORITY_INVALID/);
    await probe.close();

    const outcome = await page.evaluate(async (url) => {
      try {
        await fetch(url, { credentials: 'include' });
        return 'ok';
      } catch (error) {
        return (error as Error).name;
      }
    }, `https://cdn.junlog.dev:${good.port}/data`);
    assert.equal(outcome, 'TypeError');
    await waitFor(() => cdp.logs.some((entry) => entry.text.includes('CORS policy')), 'a CORS log entry');
    const cors = cdp.logs.find((entry) => entry.text.includes('CORS policy'));
    assert.match(cors?.text ?? '', /has been blocked by CORS policy/);
    assert.match(
      cors?.text ?? '',
      /must not be the wildcard '\*' when the request's credentials mode is 'include'/,
    );
    assert.deepEqual(
      cdp.failures.map((failure) => [failure.url.replace(/:\d+/, ''), failure.corsError]),
      [['https://cdn.junlog.dev/data', 'WildcardOriginNotAllowed']],
    );
  });
});
