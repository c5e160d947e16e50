import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFunctionEngine } from './function-engine.ts';
import { compiled, requestEvent, responseEvent } from './function-test-support.ts';
import { runFunction } from './run-function.ts';

const engine = createFunctionEngine();

test('origin helpers return their effect as data with the request, in call order', async () => {
  const fn = await compiled(
    engine,
    `import cf from 'cloudfront';
function handler(event) {
  cf.updateRequestOrigin({ domainName: 'api.example.com', originPath: '/v2', timeouts: { readTimeout: 30, connectionTimeout: 5 },
    customOriginConfig: { port: 443, protocol: 'https', sslProtocols: ['TLSv1.2'] } });
  cf.selectRequestOriginById('backup-origin');
  cf.createRequestOriginGroup({ originIds: [{ originId: 'a' }, { originId: 'b' }], failoverCriteria: { statusCodes: [500, 503] } });
  return event.request;
}`,
  );
  const result = await runFunction(engine, fn, requestEvent());
  assert.equal(result.kind, 'request');
  if (result.kind !== 'request') return;
  assert.deepEqual(result.originModifications, [
    {
      kind: 'updateRequestOrigin',
      domainName: 'api.example.com',
      originPath: '/v2',
      timeouts: { readTimeout: 30, connectionTimeout: 5 },
      customOriginConfig: { port: 443, protocol: 'https', sslProtocols: ['TLSv1.2'] },
    },
    { kind: 'selectRequestOriginById', originId: 'backup-origin' },
    {
      kind: 'createRequestOriginGroup',
      originIds: ['a', 'b'],
      failoverStatusCodes: [500, 503],
      selectionCriteria: 'default',
    },
  ]);
});

test('parameters outside the documented ranges throw inside the function', async () => {
  const fn = await compiled(
    engine,
    `import cf from 'cloudfront';
function handler(event) { cf.updateRequestOrigin({ domainName: 'x.example', timeouts: { connectionTimeout: 11 } }); return event.request; }`,
  );
  const result = await runFunction(engine, fn, requestEvent());
  assert.equal(
    result.kind === 'error' && result.message,
    'Error: timeouts.connectionTimeout must be an integer from 1 to 10',
  );
});

test('origin helpers are refused in viewer-response functions', async () => {
  const fn = await compiled(
    engine,
    `import cf from 'cloudfront';
function handler(event) { cf.selectRequestOriginById('x'); return event.response; }`,
  );
  const result = await runFunction(engine, fn, responseEvent());
  assert.equal(
    result.kind === 'error' && result.message,
    'Error: selectRequestOriginById() can be used in viewer-request functions only',
  );
});
