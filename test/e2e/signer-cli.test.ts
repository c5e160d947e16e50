// `frontgate keys create` and `frontgate sign url|cookies` run as real processes (Node 24 from npm), in a temp
// dir: the key files and config they write, and that what they print verifies with the edge's verifier.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parsePublicKeyPem, verifySignedRequest } from '../../src/signer/index.ts';
import type { TrustedKey } from '../../src/signer/index.ts';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

function frontgate(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-signer-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

type Config = {
  dataDir: string;
  edge: {
    distributions: unknown[];
    publicKeys: {
      Id: string;
      PublicKeyConfig: { CallerReference: string; Name: string; EncodedKey: string; Comment: string };
    }[];
    keyGroups: { Id: string; KeyGroupConfig: { Name: string; Items: string[] } }[];
  };
};

async function createKey(t: Parameters<typeof tempDir>[0], type: 'rsa' | 'ecdsa') {
  const dir = await tempDir(t);
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({ dataDir: '.data', edge: { distributions: [] } }),
  );
  const result = await frontgate(
    ['keys', 'create', '--name', 'junlog-dev', '--key-group', 'junlog', '--type', type],
    dir,
  );
  assert.equal(result.code, 0, result.stderr);
  const id = result.stdout.trim();
  const config = JSON.parse(await readFile(join(dir, 'frontgate.json'), 'utf8')) as Config;
  const publicKey = parsePublicKeyPem(
    await readFile(join(dir, config.edge.publicKeys[0].PublicKeyConfig.EncodedKey), 'utf8'),
  );
  const trustedKeys = new Map<string, TrustedKey>([[id, { id, key: publicKey }]]);
  return { dir, id, config, publicKey, trustedKeys };
}

describe('frontgate keys create', () => {
  it('writes a 0600 private key and a public key, registers them in the config and key group, and prints the id', async (t) => {
    const { dir, id, config, publicKey } = await createKey(t, 'rsa');
    assert.match(id, /^K[A-Z0-9]{13}$/);
    assert.equal((await stat(join(dir, 'junlog-dev.private.pem'))).mode & 0o777, 0o600);
    assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(config.dataDir, '.data');
    assert.deepEqual(config.edge.distributions, []);
    assert.equal(config.edge.publicKeys[0].Id, id);
    assert.equal(config.edge.publicKeys[0].PublicKeyConfig.Name, 'junlog-dev');
    assert.equal(config.edge.publicKeys[0].PublicKeyConfig.EncodedKey, 'junlog-dev.public.pem');
    assert.equal(config.edge.keyGroups[0].KeyGroupConfig.Name, 'junlog');
    assert.deepEqual(config.edge.keyGroups[0].KeyGroupConfig.Items, [id]);
    assert.match(config.edge.keyGroups[0].Id, /^[0-9a-f-]{36}$/);
  });

  it('adds a second key to the existing group found by id, and refuses a duplicate name', async (t) => {
    const { dir, id, config } = await createKey(t, 'ecdsa');
    const second = await frontgate(
      ['keys', 'create', '--name', 'second', '--key-group', config.edge.keyGroups[0].Id],
      dir,
    );
    assert.equal(second.code, 0, second.stderr);
    const updated = JSON.parse(await readFile(join(dir, 'frontgate.json'), 'utf8')) as Config;
    assert.equal(updated.edge.keyGroups.length, 1);
    assert.deepEqual(updated.edge.keyGroups[0].KeyGroupConfig.Items, [id, second.stdout.trim()]);
    const duplicate = await frontgate(['keys', 'create', '--name', 'second'], dir);
    assert.equal(duplicate.code, 2);
    assert.match(duplicate.stderr, /already exists/);
  });
});

describe('frontgate sign', () => {
  it('prints a signed URL that the verifier accepts, for RSA and ECDSA with SHA-256', async (t) => {
    for (const type of ['rsa', 'ecdsa'] as const) {
      const { dir, id, trustedKeys } = await createKey(t, type);
      const result = await frontgate(
        [
          'sign',
          'url',
          '--url',
          'https://d111.cloudfront.net/a b/[1].txt?x=y',
          '--key-pair-id',
          id,
          '--private-key',
          'junlog-dev.private.pem',
          '--expires-in',
          '300',
          '--algorithm',
          'SHA256',
        ],
        dir,
      );
      assert.equal(result.code, 0, result.stderr);
      const signed = result.stdout.trim();
      assert.match(
        signed,
        /^https:\/\/d111\.cloudfront\.net\/a%20b\/%5B1%5D\.txt\?x=y&Expires=\d+&Key-Pair-Id=K[A-Z0-9]{13}&Signature=[^&]+&Hash-Algorithm=SHA256$/,
      );
      const [, target, query] = /^https:\/\/d111\.cloudfront\.net([^?]*)\?(.*)$/.exec(signed) ?? [];
      const decision = verifySignedRequest({
        scheme: 'https',
        host: 'd111.cloudfront.net',
        rawPath: target,
        rawQuery: query,
        cookies: {},
        clientIp: '192.0.2.1',
        now: new Date(),
        trustedKeys,
      });
      assert.equal(decision.kind, 'allowed', JSON.stringify(decision));
      assert.equal(decision.kind === 'allowed' && decision.policy, 'canned');
    }
  });

  it('signs a custom policy for --policy-resource that covers other paths', async (t) => {
    const { dir, id, trustedKeys } = await createKey(t, 'rsa');
    const result = await frontgate(
      [
        'sign',
        'url',
        '--url',
        'https://d111.cloudfront.net/videos/a.m3u8',
        '--policy-resource',
        'https://d111.cloudfront.net/videos/*',
        '--key-pair-id',
        id,
        '--private-key',
        'junlog-dev.private.pem',
        '--date-less-than',
        new Date(Date.now() + 60_000).toISOString(),
      ],
      dir,
    );
    assert.equal(result.code, 0, result.stderr);
    const query = result.stdout.trim().split('?')[1];
    const at = (rawPath: string) =>
      verifySignedRequest({
        scheme: 'https',
        host: 'd111.cloudfront.net',
        rawPath,
        rawQuery: query,
        cookies: {},
        clientIp: '192.0.2.1',
        now: new Date(),
        trustedKeys,
      });
    assert.equal(at('/videos/segment1.ts').kind, 'allowed');
    assert.equal(at('/images/x.png').kind, 'denied');
  });

  it('prints Set-Cookie lines and a curl -b flag whose cookies verify for the junlog resource', async (t) => {
    const { dir, id, trustedKeys } = await createKey(t, 'rsa');
    const result = await frontgate(
      [
        'sign',
        'cookies',
        '--resource',
        'https://dev.cloudfront.junlog.dev/videos/course-1/*',
        '--key-pair-id',
        id,
        '--private-key',
        'junlog-dev.private.pem',
        '--expires-in',
        '100',
        '--domain',
        '.junlog.dev',
      ],
      dir,
    );
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 4);
    for (const line of lines.slice(0, 3))
      assert.match(
        line,
        /^Set-Cookie: CloudFront-[A-Za-z-]+=[^;]+; Domain=\.junlog\.dev; Path=\/; Max-Age=(99|100); Secure; HttpOnly; SameSite=Lax$/,
      );
    const flag = /^-b '(.*)'$/.exec(lines[3]);
    assert.ok(flag, lines[3]);
    const cookies = new Map(
      flag[1]
        .split('; ')
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    assert.deepEqual(
      [...cookies.keys()],
      ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id'],
    );
    const at = (rawPath: string) =>
      verifySignedRequest({
        scheme: 'https',
        host: 'dev.cloudfront.junlog.dev',
        rawPath,
        rawQuery: '',
        cookies,
        clientIp: '192.0.2.1',
        now: new Date(),
        trustedKeys,
      });
    assert.equal(at('/videos/course-1/master.m3u8').kind, 'allowed');
    assert.equal(at('/videos/course-2/x').kind, 'denied');
  });

  it('exits 2 with the usage for missing or contradictory options', async (t) => {
    const dir = await tempDir(t);
    const missing = await frontgate(['sign', 'url', '--url', 'https://a/b'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--key-pair-id is required/);
    assert.match(missing.stderr, /Usage: frontgate sign url/);
    const help = await frontgate(['sign', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--policy-resource PATTERN/);
  });
});
