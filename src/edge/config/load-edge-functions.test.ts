import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { parseEdgeConfig } from './edge-config.ts';
import { findEdgeFunction, loadEdgeFunctions } from './load-edge-functions.ts';
import { loadEdgeSnapshot } from './load-edge-snapshot.ts';
import {
  keyValueStoreArn,
  keyValueStoreIdFor,
  parseEdgeFunctions,
  parseEdgeKeyValueStores,
} from './parse-edge-functions.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fg-functions-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('functions load their code from files next to the config and find their store by name', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'spa.js'), 'function handler(event) { return event.request; }');
  writeFileSync(join(dir, 'redirects.json'), JSON.stringify({ data: [{ key: '/a', value: '/b' }] }));
  const ctx = createConfigContext(dir);
  const functions = parseEdgeFunctions(
    [{ Name: 'spa', Runtime: 'cloudfront-js-2.0', Code: 'spa.js', KeyValueStoreAssociations: ['redirects'] }],
    ctx,
    'edge.functions',
  );
  const stores = parseEdgeKeyValueStores(
    [{ Name: 'redirects', Data: 'redirects.json' }],
    ctx,
    'edge.keyValueStores',
  );
  const loaded = loadEdgeFunctions(functions, stores, ctx, new Date('2026-01-01T00:00:00Z'));
  const arn = keyValueStoreArn(keyValueStoreIdFor('redirects'));
  const spa = findEdgeFunction(loaded, 'arn:aws:cloudfront::123456789012:function/spa');
  assert.equal(spa?.compiled.problems.length, 0);
  assert.equal(spa?.keyValueStoreArn, arn);
  assert.equal(loaded.keyValueStores.get(arn)?.entries.get('/a'), '/b');
  assert.deepEqual(loaded.watchedFiles, [join(dir, 'redirects.json'), join(dir, 'spa.js')]);
  assert.equal(
    findEdgeFunction(loaded, 'arn:aws:cloudfront::999999999999:function/spa'),
    spa,
    'matched by name',
  );
});

test('bad entries are ConfigErrors naming the JSON path', (t) => {
  const dir = tempDir(t);
  const ctx = createConfigContext(dir);
  assert.throws(
    () => parseEdgeFunctions([{ Name: 'x', Runtime: 'nodejs20.x', Code: 'x.js' }], ctx, 'edge.functions'),
    {
      name: 'ConfigError',
      message: /edge\.functions\[0\]\.Runtime/,
    },
  );
  assert.throws(
    () => parseEdgeFunctions([{ Name: 'bad name', Code: 'x.js' }], ctx, 'edge.functions'),
    ConfigError,
  );
  writeFileSync(join(dir, 'f.js'), 'function handler(e) { return e.request; }');
  const functions = parseEdgeFunctions(
    [{ Name: 'f', Code: 'f.js', KeyValueStoreAssociations: ['missing'] }],
    ctx,
    'edge.functions',
  );
  assert.throws(() => loadEdgeFunctions(functions, [], ctx, new Date()), {
    message: /edge\.functions\[0\]\.KeyValueStoreAssociations.*"missing" is not a key value store/,
  });
  const stores = parseEdgeKeyValueStores(
    [{ Name: 's', Data: { data: [{ key: 1 }] } }],
    ctx,
    'edge.keyValueStores',
  );
  assert.throws(() => loadEdgeFunctions([], stores, ctx, new Date()), {
    message: /edge\.keyValueStores\[0\]\.Data/,
  });
});

test('code that breaks a runtime rule still loads, carrying its problem', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'old.js'), 'const x = 1; function handler(e) { return e.request; }');
  const ctx = createConfigContext(dir);
  const functions = parseEdgeFunctions(
    [{ Name: 'old', Runtime: 'cloudfront-js-1.0', Code: 'old.js' }],
    ctx,
    'edge.functions',
  );
  const loaded = loadEdgeFunctions(functions, [], ctx, new Date());
  assert.deepEqual(
    loaded.functions.get('old')?.compiled.problems.map((p) => p.code),
    ['UnsupportedSyntax'],
  );
});

function distributionWith(functionArn: string) {
  return {
    CallerReference: 'fn-test',
    Comment: '',
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'o',
          DomainName: 'origin.example.com',
          CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      FunctionAssociations: {
        Quantity: 1,
        Items: [{ FunctionARN: functionArn, EventType: 'viewer-request' }],
      },
    },
  };
}

test('a distribution associating a defined function loads with the association on its behavior', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'spa.js'), 'function handler(event) { return event.request; }');
  const ctx = createConfigContext(dir);
  const arn = 'arn:aws:cloudfront::123456789012:function/spa';
  const edge = parseEdgeConfig(
    {
      distributions: [{ id: 'E1FN', config: distributionWith(arn) }],
      functions: [{ Name: 'spa', Code: 'spa.js' }],
    },
    ctx,
  );
  const snapshot = loadEdgeSnapshot(edge, ctx);
  assert.equal(snapshot.distributions[0]?.behaviors[0]?.functionAssociations['viewer-request'], arn);
  assert.equal(findEdgeFunction(snapshot.functions, arn)?.compiled.name, 'spa');
  assert.ok(snapshot.watchedFiles.includes(join(dir, 'spa.js')));
});

test('a distribution associating an undefined function is NoSuchFunctionExists', (t) => {
  const ctx = createConfigContext(tempDir(t));
  const edge = parseEdgeConfig(
    {
      distributions: [
        { id: 'E1FN', config: distributionWith('arn:aws:cloudfront::123456789012:function/missing') },
      ],
    },
    ctx,
  );
  assert.throws(() => loadEdgeSnapshot(edge, ctx), {
    code: 'NoSuchFunctionExists',
    message: /"arn:aws:cloudfront::123456789012:function\/missing" is not defined/,
  });
});
