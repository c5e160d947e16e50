// The doctor's static lint names the distribution settings the edge loads but does not emulate (Lambda@Edge,
// origin failover, geo restriction, WAF …), so a local run is never silently different from CloudFront.

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.ts';
import { lintConfig } from '../../src/doctor/index.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/junlog');

test('lint warns about geo restrictions in a distribution, naming the JSON path, and not about CloudFront Functions (they run)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'doctor-unemulated-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const distribution = JSON.parse(await readFile(join(EXAMPLES, 'distribution.after-fix.json'), 'utf8'));
  distribution.DistributionConfig.DefaultCacheBehavior.FunctionAssociations = {
    Quantity: 1,
    Items: [
      { FunctionARN: 'arn:aws:cloudfront::111122223333:function/rewrite', EventType: 'viewer-request' },
    ],
  };
  distribution.DistributionConfig.Restrictions = {
    GeoRestriction: { RestrictionType: 'whitelist', Quantity: 1, Items: ['KR'] },
  };
  await writeFile(join(dir, 'distribution.json'), JSON.stringify(distribution));
  await writeFile(join(dir, 'rewrite.js'), 'function handler(event) { return event.request; }');
  const cookies = JSON.parse(await readFile(join(EXAMPLES, 'cookies.json'), 'utf8'));
  const publicPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({
      dataDir: 'data',
      s3: { buckets: [{ name: 'junlog-media', cors: join(EXAMPLES, 'bucket-cors.json') }] },
      edge: {
        distributions: [{ id: 'E1JUNLOGDEV', config: 'distribution.json' }],
        functions: [{ Name: 'rewrite', Runtime: 'cloudfront-js-2.0', Code: 'rewrite.js' }],
        publicKeys: [
          {
            Id: cookies.keyPairId,
            PublicKeyConfig: { CallerReference: 'c', Name: 'k', EncodedKey: publicPem },
          },
        ],
        keyGroups: [{ Id: cookies.keyGroupId, KeyGroupConfig: { Name: 'g', Items: [cookies.keyPairId] } }],
      },
    }),
  );
  const findings = (await lintConfig(loadConfigFile(join(dir, 'frontgate.json')))).filter(
    (f) => f.code === 'feature-not-emulated',
  );
  assert.deepEqual(
    findings.map((f) => [f.severity, f.jsonPath.replace(/^.*DistributionConfig\./, '')]),
    [['warning', 'Restrictions.GeoRestriction']],
  );
  assert.match(findings[0]!.message, /geographic restrictions/);
});
