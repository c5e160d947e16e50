import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { generatedDomainName } from '../distribution/generated-domain-name.ts';
import { selectBehavior } from '../distribution/select-behavior.ts';
import { parseEdgeConfig } from './edge-config.ts';
import { loadEdgeSnapshot, normalizeHost } from './load-edge-snapshot.ts';

const junlogDir = join(import.meta.dirname, '../../../examples/junlog');
const KEY_GROUP_ID = '7c1f3a52-9d0e-4b6a-8e21-4f5d6c7b8a90';

/** A temp dir holding both junlog distributions and a freshly generated public key. */
async function junlogDirWithKey(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-edge-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  for (const name of ['distribution.before-fix.json', 'distribution.after-fix.json'])
    await copyFile(join(junlogDir, name), join(dir, name));
  return dir;
}

const junlogEdge = (distributionFile: string) => ({
  listen: '127.0.0.1:8080',
  tls: { listen: '127.0.0.1:8443', cert: 'cert.pem', key: 'key.pem' },
  distributions: [{ id: 'E1JUNLOGDEV', config: distributionFile }],
  origins: { 'junlog-media.s3.ap-northeast-2.amazonaws.com': 'embedded' },
  publicKeys: [
    {
      Id: 'K2JUNLOGDEVKEY01',
      PublicKeyConfig: { CallerReference: 'junlog-dev-key', Name: 'junlog-dev', EncodedKey: 'public.pem' },
    },
  ],
  keyGroups: [{ Id: KEY_GROUP_ID, KeyGroupConfig: { Name: 'junlog-dev', Items: ['K2JUNLOGDEVKEY01'] } }],
  pop: 'IAD89-C1',
});

describe('loadEdgeSnapshot', () => {
  it('loads the junlog before-fix distribution from its file with the key group resolved', async (t) => {
    const dir = await junlogDirWithKey(t);
    const ctx = createConfigContext(dir);
    const snapshot = loadEdgeSnapshot(parseEdgeConfig(junlogEdge('distribution.before-fix.json'), ctx), ctx);
    assert.equal(snapshot.distributions.length, 1);
    const distribution = snapshot.distributions[0];
    const behavior = selectBehavior(distribution, '/videos/course-1/intro.mp4');
    assert.equal(behavior.cachePolicy.name, 'Managed-CachingOptimized');
    assert.equal(behavior.originRequestPolicy, undefined);
    assert.equal(behavior.responseHeadersPolicy?.name, 'Managed-CORS-With-Preflight');
    assert.equal(behavior.trustedKeys.get('K2JUNLOGDEVKEY01'), snapshot.publicKeys.get('K2JUNLOGDEVKEY01'));
    assert.deepEqual(snapshot.watchedFiles, [
      join(dir, 'public.pem'),
      join(dir, 'distribution.before-fix.json'),
    ]);
  });

  it('a reload after the file changed yields the after-fix distribution', async (t) => {
    const dir = await junlogDirWithKey(t);
    const ctx = createConfigContext(dir);
    const edge = parseEdgeConfig(junlogEdge('live.json'), ctx);
    await copyFile(join(dir, 'distribution.before-fix.json'), join(dir, 'live.json'));
    const before = loadEdgeSnapshot(edge, ctx);
    await copyFile(join(dir, 'distribution.after-fix.json'), join(dir, 'live.json'));
    const after = loadEdgeSnapshot(edge, ctx);
    assert.equal(before.distributions[0].etag, 'E1BROKEN');
    assert.equal(after.distributions[0].etag, 'E2FIXED');
    assert.equal(after.distributions[0].behaviors[0].originRequestPolicy?.name, 'Managed-CORS-S3Origin');
    assert.equal(before.distributions[0].behaviors[0].originRequestPolicy, undefined);
  });

  it('finds distributions by alias and generated domain, ignoring case, port and trailing dot', async (t) => {
    const dir = await junlogDirWithKey(t);
    const ctx = createConfigContext(dir);
    const snapshot = loadEdgeSnapshot(parseEdgeConfig(junlogEdge('distribution.after-fix.json'), ctx), ctx);
    const distribution = snapshot.distributions[0];
    for (const host of [
      'dev.cloudfront.junlog.dev',
      'DEV.CloudFront.junlog.dev:8443',
      'dev.cloudfront.junlog.dev.',
      generatedDomainName('E1JUNLOGDEV'),
      `${generatedDomainName('E1JUNLOGDEV').toUpperCase()}:443`,
    ])
      assert.equal(snapshot.findByHost(host), distribution, host);
    for (const host of ['other.junlog.dev', 'cloudfront.junlog.dev', '', '[::1]:8080'])
      assert.equal(snapshot.findByHost(host), undefined, host);
  });

  it('matches a wildcard alias one label deep, exact aliases first', async (t) => {
    const dir = await junlogDirWithKey(t);
    const ctx = createConfigContext(dir);
    const document = JSON.parse(
      await (await import('node:fs/promises')).readFile(join(dir, 'distribution.after-fix.json'), 'utf8'),
    );
    const wildcard = structuredClone(document);
    wildcard.DistributionConfig.Aliases = { Quantity: 1, Items: ['*.junlog.dev'] };
    const edge = parseEdgeConfig(
      {
        ...junlogEdge('distribution.after-fix.json'),
        distributions: [
          { id: 'E1JUNLOGDEV', config: 'distribution.after-fix.json' },
          { id: 'E2WILDCARD', config: wildcard },
        ],
      },
      ctx,
    );
    const snapshot = loadEdgeSnapshot(edge, ctx);
    assert.equal(snapshot.findByHost('dev.cloudfront.junlog.dev')?.id, 'E1JUNLOGDEV');
    assert.equal(snapshot.findByHost('media.junlog.dev')?.id, 'E2WILDCARD');
    assert.equal(snapshot.findByHost('a.b.junlog.dev'), undefined);
  });

  it('refuses one alias on two distributions with CNAMEAlreadyExists', async (t) => {
    const dir = await junlogDirWithKey(t);
    const ctx = createConfigContext(dir);
    const edge = parseEdgeConfig(
      {
        ...junlogEdge('distribution.after-fix.json'),
        distributions: [
          { id: 'E1JUNLOGDEV', config: 'distribution.after-fix.json' },
          { id: 'E2COPY', config: 'distribution.before-fix.json' },
        ],
      },
      ctx,
    );
    assert.throws(
      () => loadEdgeSnapshot(edge, ctx),
      (error: unknown) =>
        error instanceof DistributionConfigError &&
        error.code === 'CNAMEAlreadyExists' &&
        error.jsonPath === 'edge.distributions[1]',
    );
  });

  it('names the distribution file in errors found inside it', async (t) => {
    const dir = await junlogDirWithKey(t);
    const ctx = createConfigContext(dir);
    const edge = parseEdgeConfig({ ...junlogEdge('distribution.before-fix.json'), keyGroups: [] }, ctx);
    assert.throws(
      () => loadEdgeSnapshot(edge, ctx),
      (error: unknown) =>
        error instanceof DistributionConfigError &&
        error.code === 'TrustedKeyGroupDoesNotExist' &&
        error.jsonPath === 'DistributionConfig.DefaultCacheBehavior.TrustedKeyGroups.Items[0]' &&
        error.message.includes(join(dir, 'distribution.before-fix.json')),
    );
  });

  it('reports unreadable and malformed distribution files at the config entry', async (t) => {
    const dir = await junlogDirWithKey(t);
    const ctx = createConfigContext(dir);
    await writeFile(join(dir, 'bad.json'), '{ "ETag": ');
    for (const file of ['missing.json', 'bad.json'])
      assert.throws(
        () => loadEdgeSnapshot(parseEdgeConfig(junlogEdge(file), ctx), ctx),
        (error: unknown) => error instanceof ConfigError && error.jsonPath === 'edge.distributions[0].config',
      );
  });

  it('accepts an inline PEM and refuses a key group naming an unknown key', async (t) => {
    const dir = await junlogDirWithKey(t);
    const ctx = createConfigContext(dir);
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const config = junlogEdge('distribution.after-fix.json');
    config.publicKeys[0].PublicKeyConfig.EncodedKey = pem;
    const snapshot = loadEdgeSnapshot(parseEdgeConfig(config, ctx), ctx);
    assert.equal(snapshot.publicKeys.get('K2JUNLOGDEVKEY01')?.key.asymmetricKeyType, 'ec');
    assert.deepEqual(snapshot.watchedFiles, [join(dir, 'distribution.after-fix.json')]);
    config.keyGroups[0].KeyGroupConfig.Items = ['K2UNKNOWN'];
    assert.throws(
      () => loadEdgeSnapshot(parseEdgeConfig(config, ctx), ctx),
      (error: unknown) =>
        error instanceof DistributionConfigError &&
        error.code === 'NoSuchPublicKey' &&
        error.jsonPath === 'edge.keyGroups[0].KeyGroupConfig.Items[0]',
    );
  });
});

describe('loadEdgeSnapshot with external S3 endpoints', () => {
  const s3Endpoint = {
    s3: {
      endpoint: 'http://127.0.0.1:7480',
      credentials: { accessKeyId: 'EXTERNALKEY', secretAccessKey: 'external-secret' },
    },
  };
  const inlineDistribution = (domainName: string, s3: boolean) => ({
    DistributionConfig: {
      CallerReference: 'external',
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: 'origin-1',
            DomainName: domainName,
            ...(s3
              ? { S3OriginConfig: { OriginAccessIdentity: '' } }
              : { CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }),
          },
        ],
      },
      DefaultCacheBehavior: {
        TargetOriginId: 'origin-1',
        ViewerProtocolPolicy: 'allow-all',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      },
      Comment: '',
      Enabled: true,
    },
  });
  const ctx = createConfigContext('/srv/frontgate');

  it('gives an S3 origin mapped by domain name the external endpoint', () => {
    const domain = 'media.s3.eu-west-1.amazonaws.com';
    const edge = parseEdgeConfig(
      {
        distributions: [{ id: 'E1EXTERNAL', config: inlineDistribution(domain, true) }],
        origins: { [domain]: s3Endpoint },
      },
      ctx,
    );
    const origin = loadEdgeSnapshot(edge, ctx).distributions[0].origins.get('origin-1');
    assert.equal(origin?.endpoint.kind, 's3');
    assert.equal(origin?.config.kind, 's3');
  });

  it('refuses an S3 endpoint for a custom origin, naming the edge.origins entry', () => {
    const edge = parseEdgeConfig(
      {
        distributions: [{ id: 'E1EXTERNAL', config: inlineDistribution('app.example.com', false) }],
        origins: { 'origin-1': s3Endpoint },
      },
      ctx,
    );
    assert.throws(
      () => loadEdgeSnapshot(edge, ctx),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.jsonPath === 'edge.origins["origin-1"].s3' &&
        /custom origin/.test(error.message),
    );
  });
});

describe('normalizeHost', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['Example.COM', 'example.com'],
    ['example.com:8443', 'example.com'],
    ['example.com.', 'example.com'],
    ['[::1]:8080', '[::1]'],
    ['127.0.0.1:80', '127.0.0.1'],
  ];
  for (const [host, expected] of cases)
    it(`normalizes ${host} to ${expected}`, () => assert.equal(normalizeHost(host), expected));
});
