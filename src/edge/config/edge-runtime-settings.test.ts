// The runtime settings of the `edge` section (admin listener, trace switches, cache budgets): defaults and
// ConfigErrors that name the JSON path of the bad member.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { parseEdgeConfig } from './edge-config.ts';

const ctx = createConfigContext('/srv/frontgate');

function rejects(raw: unknown, jsonPath: string, message?: RegExp): void {
  assert.throws(
    () => parseEdgeConfig(raw, ctx),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.jsonPath, jsonPath);
      if (message) assert.match(error.message, message);
      return true;
    },
  );
}

describe('edge runtime settings', () => {
  it('default to the admin listener on 127.0.0.1:9090, no trace log, no traceAll and default cache budgets', () => {
    const edge = parseEdgeConfig({}, ctx);
    assert.deepEqual(edge.admin, { listen: { host: '127.0.0.1', port: 9090 } });
    assert.equal(edge.traceLog, false);
    assert.equal(edge.traceAll, false);
    assert.deepEqual(edge.cache, {});
    assert.deepEqual(edge.extra, {}, 'known settings are no longer left in extra');
  });

  it('reads admin.listen, the trace switches and cache budgets', () => {
    const edge = parseEdgeConfig(
      {
        admin: { listen: '0.0.0.0:9191' },
        traceLog: true,
        traceAll: true,
        cache: { memoryMaxBytes: 1_000_000, memoryObjectMaxBytes: 1000, maxCacheableObjectBytes: 5000 },
      },
      ctx,
    );
    assert.deepEqual(edge.admin.listen, { host: '0.0.0.0', port: 9191 });
    assert.equal(edge.traceLog, true);
    assert.equal(edge.traceAll, true);
    assert.deepEqual(edge.cache, {
      memoryMaxBytes: 1_000_000,
      memoryObjectMaxBytes: 1000,
      maxCacheableObjectBytes: 5000,
    });
  });

  it('refuses bad values with the JSON path of the member', () => {
    rejects({ traceAll: 'yes' }, 'edge.traceAll', /true or false/);
    rejects({ traceLog: 1 }, 'edge.traceLog');
    rejects({ admin: 'x' }, 'edge.admin');
    rejects({ admin: { listen: 'nowhere' } }, 'edge.admin.listen');
    rejects({ admin: { port: 1 } }, 'edge.admin.port', /unknown option/);
    rejects({ cache: { memoryMaxBytes: -1 } }, 'edge.cache.memoryMaxBytes', /positive/);
    rejects({ cache: { diskMaxBytes: 1.5 } }, 'edge.cache.diskMaxBytes');
    rejects({ cache: { diskBytes: 10 } }, 'edge.cache.diskBytes', /unknown option/);
    rejects({ cache: [] }, 'edge.cache');
    rejects(
      { cache: { memoryMaxBytes: 100, memoryObjectMaxBytes: 200 } },
      'edge.cache.memoryObjectMaxBytes',
      /memoryMaxBytes/,
    );
  });
});
