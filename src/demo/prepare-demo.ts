// Lays out the demo's files under the data dir on first use: the local CA and a certificate for the
// story's names, the signing key pair of key K2JUNLOGDEVKEY01, the distribution file the edge
// watches, and the Frontgate config that ties them together.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '../signer/index.ts';
import { issueServerCertificate, loadOrCreateCertificateAuthority } from '../tls/index.ts';
import type { DemoNames, DemoPorts } from './demo-names.ts';
import { junlogScenario } from './junlog-scenario.ts';

export type PreparedDemo = {
  readonly dir: string;
  readonly configPath: string;
  readonly distributionPath: string;
  readonly caCertPath: string;
  readonly tls: { readonly cert: string; readonly key: string };
  readonly privateKey: string;
  readonly keyPairId: string;
};

/** The scenario's distribution with the alias replaced by the name the browser uses in this mode. */
export function distributionForNames(which: 'before-fix' | 'after-fix', names: DemoNames): unknown {
  const source = structuredClone(junlogScenario.distributions[which]) as {
    DistributionConfig: { Aliases: { Quantity: number; Items: string[] } };
  };
  source.DistributionConfig.Aliases = { Quantity: 1, Items: [names.cdnHost] };
  return source;
}

/** The page origin the scenario files name (bucket CORS rules); the demo serves the page elsewhere. */
const STORY_PAGE_ORIGIN = 'https://local.junlog.dev:3000';

/**
 * The scenario's bucket CORS rules with the story's page origin replaced by the one the browser uses in this
 * mode (other ports, or junlog.localhost names): verbatim rules never match the demo page, so step 4 failed.
 */
export function bucketCorsForNames(names: DemoNames): unknown {
  const rules = junlogScenario.bucketCors as readonly { readonly AllowedOrigins?: readonly string[] }[];
  return rules.map((rule) => ({
    ...rule,
    AllowedOrigins: (rule.AllowedOrigins ?? []).map((origin) =>
      origin === STORY_PAGE_ORIGIN ? names.pageOrigin : origin,
    ),
  }));
}

export function writeDistribution(
  prepared: PreparedDemo,
  which: 'before-fix' | 'after-fix',
  names: DemoNames,
): void {
  writeFileSync(
    prepared.distributionPath,
    `${JSON.stringify(distributionForNames(which, names), null, 2)}\n`,
  );
}

async function loadOrCreateSigningKey(dir: string): Promise<{ privateKey: string; publicKey: string }> {
  const privatePath = join(dir, 'private_key.pem');
  const publicPath = join(dir, 'public_key.pem');
  if (existsSync(privatePath) && existsSync(publicPath)) {
    return { privateKey: readFileSync(privatePath, 'utf8'), publicKey: readFileSync(publicPath, 'utf8') };
  }
  const pair = await generateKeyPair({ type: 'rsa' });
  writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(publicPath, pair.publicKeyPem);
  return { privateKey: pair.privateKeyPem, publicKey: pair.publicKeyPem };
}

export async function prepareDemo(
  dataDir: string,
  names: DemoNames,
  ports: DemoPorts,
): Promise<PreparedDemo> {
  const dir = join(dataDir, `demo-${names.mode}`);
  mkdirSync(dir, { recursive: true });
  const ca = loadOrCreateCertificateAuthority(join(dataDir, 'ca'));
  const tls = issueServerCertificate(ca, names.certificateNames);
  writeFileSync(join(dir, 'tls-cert.pem'), tls.cert);
  writeFileSync(join(dir, 'tls-key.pem'), tls.key, { mode: 0o600 });
  const signingKey = await loadOrCreateSigningKey(dir);
  const { keyPairId, keyGroupId } = junlogScenario.cookies;
  const prepared: PreparedDemo = {
    dir,
    configPath: join(dir, 'frontgate.json'),
    distributionPath: join(dir, 'distribution.json'),
    caCertPath: ca.certPath,
    tls,
    privateKey: signingKey.privateKey,
    keyPairId,
  };
  writeDistribution(prepared, 'before-fix', names);
  const originDomain = 'junlog-media.s3.ap-northeast-2.amazonaws.com';
  const config = {
    comment: 'Written by `frontgate demo`: the junlog founding story on this machine.',
    dataDir: 'data',
    s3: {
      listen: `127.0.0.1:${ports.s3}`,
      region: 'ap-northeast-2',
      buckets: [
        {
          name: 'junlog-media',
          acl: 'private',
          cors: bucketCorsForNames(names),
          allowedDistributions: ['E1JUNLOGDEV'],
        },
      ],
    },
    edge: {
      listen: `127.0.0.1:${ports.edgeHttp}`,
      tls: { listen: `127.0.0.1:${ports.edgeHttps}`, cert: 'tls-cert.pem', key: 'tls-key.pem' },
      admin: { listen: `127.0.0.1:${ports.admin}` },
      // Every request is traced so the demo page can show the final headers of each edge answer.
      traceAll: true,
      distributions: [{ id: 'E1JUNLOGDEV', config: 'distribution.json' }],
      origins: { [originDomain]: 'embedded' },
      publicKeys: [
        {
          Id: keyPairId,
          PublicKeyConfig: {
            CallerReference: 'frontgate-demo',
            Name: 'junlog-dev',
            EncodedKey: 'public_key.pem',
          },
        },
      ],
      keyGroups: [{ Id: keyGroupId, KeyGroupConfig: { Name: 'junlog-dev', Items: [keyPairId] } }],
    },
  };
  writeFileSync(prepared.configPath, `${JSON.stringify(config, null, 2)}\n`);
  return prepared;
}
