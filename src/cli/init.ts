// `frontgate init [DIR]`: writes a complete, working setup of one's own — frontgate.json with the example
// distribution (as `aws cloudfront get-distribution-config` prints it), the bucket's CORS rules, a fresh key
// pair registered in the key group the distribution trusts, a certificate for the distribution's alias from
// the local CA, and one object in the bucket — then prints the command that serves it and a signed curl
// that fetches the object through the edge.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { junlogScenario } from '../demo/junlog-scenario.ts';
import { createPublicKeyId, generateKeyPair, getSignedUrl } from '../signer/index.ts';
import { createFileObjectStore, StoreError } from '../store/index.ts';
import { issueServerCertificate, loadOrCreateCertificateAuthority } from '../tls/index.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

const DEFAULT_PORTS = { s3: 9000, http: 8080, https: 8443, admin: 9090 } as const;
type Ports = { -readonly [K in keyof typeof DEFAULT_PORTS]: number };

const usage = `Usage: frontgate init [DIR] [--force] [--s3-port N] [--http-port N] [--https-port N] [--admin-port N]

Writes a working setup into DIR (default: the current directory):
  frontgate.json              the store (bucket junlog-media, fresh S3 credentials) and the edge
  distribution.json           the example distribution E1JUNLOGDEV (examples/junlog/distribution.after-fix.json)
  bucket-cors.json            the bucket's CORS rules (examples/junlog/bucket-cors.json)
  keys/init.private.pem       a fresh RSA key pair (private key mode 0600), registered in edge.publicKeys and
  keys/init.public.pem        in the key group the distribution trusts (edge.keyGroups)
  tls-cert.pem, tls-key.pem   a certificate for the distribution's alias from the local CA (.frontgate/ca/)
  .frontgate/                 the data dir, with videos/course-1/lesson.json in the bucket
Then prints the command that serves it and a signed curl --resolve … that fetches the object through the edge.
Ports (loopback): S3 ${DEFAULT_PORTS.s3}, edge HTTP ${DEFAULT_PORTS.http}, edge HTTPS ${DEFAULT_PORTS.https}, admin ${DEFAULT_PORTS.admin}.
Refuses to overwrite an existing DIR/frontgate.json unless --force.`;

const DISTRIBUTION_ID = 'E1JUNLOGDEV';
const BUCKET = 'junlog-media';
const REGION = 'ap-northeast-2';
const ORIGIN_DOMAIN = `${BUCKET}.s3.${REGION}.amazonaws.com`;
const OBJECT_KEY = 'videos/course-1/lesson.json';
const KEY_NAME = 'init';
const SIGNED_URL_LIFETIME_SECONDS = 3600;

type ExampleDistribution = {
  DistributionConfig: {
    Aliases: { Items: string[] };
    DefaultCacheBehavior: { TrustedKeyGroups: { Items: string[] } };
  };
};

/** A shell word that survives any POSIX shell unchanged. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function parsePort(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`${flag} must be a port number 1–65535, got ${JSON.stringify(value)}`);
  return port;
}

export const initCommand: Command = {
  name: 'init',
  usage,
  run: async (args, io) => {
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: [...args],
        options: {
          force: { type: 'boolean' },
          's3-port': { type: 'string' },
          'http-port': { type: 'string' },
          'https-port': { type: 'string' },
          'admin-port': { type: 'string' },
          debug: { type: 'boolean' },
        },
        allowPositionals: true,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (positionals.length > 1) throw new UsageError('expected at most one DIR');
    const ports: Ports = {
      s3: parsePort(values['s3-port'] as string | undefined, DEFAULT_PORTS.s3, '--s3-port'),
      http: parsePort(values['http-port'] as string | undefined, DEFAULT_PORTS.http, '--http-port'),
      https: parsePort(values['https-port'] as string | undefined, DEFAULT_PORTS.https, '--https-port'),
      admin: parsePort(values['admin-port'] as string | undefined, DEFAULT_PORTS.admin, '--admin-port'),
    };
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const configPath = join(dir, 'frontgate.json');
    if (existsSync(configPath) && values.force !== true) {
      io.stderr(`frontgate init: ${configPath} exists; pass --force to overwrite it\n`);
      return 1;
    }
    mkdirSync(join(dir, 'keys'), { recursive: true });

    const distribution = structuredClone(junlogScenario.distributions['after-fix']) as ExampleDistribution;
    const alias = distribution.DistributionConfig.Aliases.Items[0]!;
    const keyGroupId = distribution.DistributionConfig.DefaultCacheBehavior.TrustedKeyGroups.Items[0]!;
    writeJson(join(dir, 'distribution.json'), distribution);
    writeJson(join(dir, 'bucket-cors.json'), junlogScenario.bucketCors);

    const keys = await generateKeyPair({ type: 'rsa' });
    const keyPairId = createPublicKeyId();
    const privateKeyPath = join(dir, 'keys', `${KEY_NAME}.private.pem`);
    writeFileSync(privateKeyPath, keys.privateKeyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'keys', `${KEY_NAME}.public.pem`), keys.publicKeyPem);

    const dataDir = join(dir, '.frontgate');
    const ca = loadOrCreateCertificateAuthority(join(dataDir, 'ca'));
    const tls = issueServerCertificate(ca, [alias]);
    writeFileSync(join(dir, 'tls-cert.pem'), tls.cert);
    writeFileSync(join(dir, 'tls-key.pem'), tls.key, { mode: 0o600 });

    const credentials = {
      accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64url'),
    };
    writeJson(configPath, {
      dataDir: '.frontgate',
      s3: {
        listen: `127.0.0.1:${ports.s3}`,
        region: REGION,
        credentials: [credentials],
        buckets: [
          { name: BUCKET, acl: 'private', cors: 'bucket-cors.json', allowedDistributions: [DISTRIBUTION_ID] },
        ],
      },
      edge: {
        listen: `127.0.0.1:${ports.http}`,
        tls: { listen: `127.0.0.1:${ports.https}`, cert: 'tls-cert.pem', key: 'tls-key.pem' },
        admin: { listen: `127.0.0.1:${ports.admin}` },
        distributions: [{ id: DISTRIBUTION_ID, config: 'distribution.json' }],
        origins: { [ORIGIN_DOMAIN]: 'embedded' },
        publicKeys: [
          {
            Id: keyPairId,
            PublicKeyConfig: {
              CallerReference: `frontgate-init-${keyPairId}`,
              Name: KEY_NAME,
              EncodedKey: `keys/${KEY_NAME}.public.pem`,
              Comment: 'written by frontgate init',
            },
          },
        ],
        keyGroups: [{ Id: keyGroupId, KeyGroupConfig: { Name: 'junlog-dev', Items: [keyPairId] } }],
      },
    });
    await seedObject(join(dataDir, 's3'));

    // The viewer's URL, port included: a signed Resource must match the URL the viewer requests.
    const url = `https://${alias}:${ports.https}/${OBJECT_KEY}`;
    const signedUrl = getSignedUrl({
      url,
      keyPairId,
      privateKey: keys.privateKeyPem,
      dateLessThan: new Date(Date.now() + SIGNED_URL_LIFETIME_SECONDS * 1000).toISOString(),
    });
    const shown = (path: string): string => shellQuote(relative(io.cwd, path) || '.');
    const configArg = shown(configPath);
    io.stdout(
      [
        `Wrote ${shown(dir)}: frontgate.json, distribution.json (${DISTRIBUTION_ID}, alias ${alias}), bucket-cors.json,`,
        `keys/${KEY_NAME}.{private,public}.pem (key ${keyPairId} in key group ${keyGroupId}), tls-cert.pem/tls-key.pem`,
        `(CA: ${shown(ca.certPath)}), and s3://${BUCKET}/${OBJECT_KEY}.`,
        '',
        'Serve it:',
        `  npx frontgate serve --config ${configArg}`,
        '',
        `Then fetch through the edge with a signed URL (valid ${SIGNED_URL_LIFETIME_SECONDS / 60} minutes):`,
        `  ${curlCommand(alias, ports.https, shown(ca.certPath), signedUrl)}`,
        '',
        'Sign another:',
        `  npx frontgate sign url --url ${url} --key-pair-id ${keyPairId} --private-key ${shown(privateKeyPath)} --expires-in 3600`,
        'Check it in a browser setup:',
        `  npx frontgate doctor --config ${configArg}`,
        'S3 API (AWS CLI):',
        `  AWS_ACCESS_KEY_ID=${credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey} \\`,
        `    aws --endpoint-url http://127.0.0.1:${ports.s3} --region ${REGION} s3 ls s3://${BUCKET}/ --recursive`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};

/** The curl line init prints: the alias resolved to loopback, the local CA trusted, the signed URL quoted. */
export function curlCommand(alias: string, port: number, caCertArg: string, signedUrl: string): string {
  return `curl --resolve ${alias}:${port}:127.0.0.1 --cacert ${caCertArg} ${shellQuote(signedUrl)}`;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Puts one object in the bucket so the printed curl has something to fetch (the bucket is made if missing). */
async function seedObject(storeDir: string): Promise<void> {
  const store = await createFileObjectStore({ dataDir: storeDir });
  try {
    await store.createBucket(BUCKET, { region: REGION, acl: 'private' }).catch((error: unknown) => {
      if (!(error instanceof StoreError)) throw error;
    });
    const body = `${JSON.stringify({ course: 'course-1', title: 'Served by frontgate init' }, null, 2)}\n`;
    await store.putObject(BUCKET, OBJECT_KEY, Readable.from([Buffer.from(body)]), {
      contentType: 'application/json',
      userMetadata: {},
    });
  } finally {
    await store.close();
  }
}
