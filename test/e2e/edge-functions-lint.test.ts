// The doctor's lint catches a broken CloudFront function before it is deployed: code over the quota, code
// outside its runtime, and a function that changes a header CloudFront keeps read-only.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.ts';
import { lintConfig } from '../../src/doctor/index.ts';

const ACCOUNT = '123456789012';

function distribution(associations: { name: string; eventType: string }[]) {
  return {
    CallerReference: 'lint-functions',
    Comment: '',
    Enabled: true,
    Aliases: { Quantity: 1, Items: ['cdn.example.test'] },
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
      FunctionAssociations: {
        Quantity: associations.length,
        Items: associations.map((a) => ({
          FunctionARN: `arn:aws:cloudfront::${ACCOUNT}:function/${a.name}`,
          EventType: a.eventType,
        })),
      },
    },
  };
}

test('lint reports function code that CloudFront would fail on, with the function entry as JSON path', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'edge-functions-lint-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'rewrite-host.js'),
    'function handler(event) {\n  event.request.headers.host = { value: "internal.example" };\n  return event.request;\n}\n',
  );
  await writeFile(
    join(dir, 'legacy.js'),
    'const target = "/"; function handler(event) { return event.response; }',
  );
  await writeFile(join(dir, 'good.js'), 'function handler(event) { return event.request; }');
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({
      dataDir: 'data',
      edge: {
        origins: { 'app.example.test': 'http://127.0.0.1:9' },
        distributions: [
          {
            id: 'E1LINTFN',
            config: distribution([
              { name: 'rewrite-host', eventType: 'viewer-request' },
              { name: 'legacy', eventType: 'viewer-response' },
            ]),
          },
        ],
        functions: [
          { Name: 'rewrite-host', Runtime: 'cloudfront-js-2.0', Code: 'rewrite-host.js' },
          { Name: 'legacy', Runtime: 'cloudfront-js-1.0', Code: 'legacy.js' },
          { Name: 'good', Runtime: 'cloudfront-js-2.0', Code: 'good.js' },
        ],
      },
    }),
  );
  const findings = (await lintConfig(loadConfigFile(join(dir, 'frontgate.json')))).filter((f) =>
    f.code.startsWith('function-'),
  );
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.jsonPath]),
    [
      ['function-changes-read-only-header', 'error', 'edge.functions[0].Code'],
      ['function-code-invalid', 'error', 'edge.functions[1].Code'],
    ],
  );
  assert.match(findings[0]!.message, /line 2\) changes host, read-only in viewer-request functions/);
  assert.match(findings[1]!.message, /"const" is not supported in cloudfront-js-1.0/);
});
