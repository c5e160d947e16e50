import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { createConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { parseOrigins } from './parse-origins.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz-this-is-secret';
const DOMAIN = 'media.s3.eu-west-1.amazonaws.com';
const ctx = createConfigContext('/srv/frontgate', {
  MEDIA_KEY: 'AKIAMEDIA',
  MEDIA_SECRET: SECRET,
  EMPTY: '',
});

function s3(settings: Record<string, unknown>) {
  return { [DOMAIN]: { s3: settings } };
}

const inline = { accessKeyId: 'AKIAMEDIA', secretAccessKey: SECRET };

function rejects(raw: unknown, jsonPath: string, message?: RegExp, context = ctx): void {
  assert.throws(
    () => parseOrigins(raw, context, 'edge.origins'),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.jsonPath, jsonPath);
      if (message) assert.match(error.message, message);
      assert.ok(!error.message.includes(SECRET), 'an error never quotes the secret');
      return true;
    },
  );
}

describe('edge.origins', () => {
  it('keeps "embedded" and URL targets as before', () => {
    const origins = parseOrigins({ a: 'embedded', b: 'http://127.0.0.1:9000/' }, ctx, 'edge.origins');
    assert.deepEqual(origins.get('a'), { kind: 'embedded' });
    assert.deepEqual(origins.get('b'), { kind: 'url', url: 'http://127.0.0.1:9000' });
  });

  it('reads an S3 endpoint with inline credentials, path-style by default', () => {
    const endpoint = parseOrigins(
      s3({ endpoint: 'http://127.0.0.1:7480/', region: 'eu-west-1', credentials: inline }),
      ctx,
      'edge.origins',
    ).get(DOMAIN);
    assert.ok(endpoint?.kind === 's3');
    assert.equal(endpoint.url, 'http://127.0.0.1:7480');
    assert.equal(endpoint.addressing, 'path');
    assert.equal(endpoint.region, 'eu-west-1');
    assert.equal(endpoint.bucket, undefined);
    assert.equal(endpoint.credentials.accessKeyId, 'AKIAMEDIA');
    assert.equal(endpoint.credentials.secretAccessKey, SECRET);
    assert.equal(endpoint.jsonPath, `edge.origins["${DOMAIN}"].s3`);
  });

  it('reads virtual-hosted addressing and a bucket name that differs from the origin domain', () => {
    const endpoint = parseOrigins(
      s3({
        endpoint: 'https://s3.example.net',
        addressing: 'virtual',
        bucket: 'media-prod',
        credentials: inline,
      }),
      ctx,
      'edge.origins',
    ).get(DOMAIN);
    assert.ok(endpoint?.kind === 's3');
    assert.equal(endpoint.addressing, 'virtual');
    assert.equal(endpoint.bucket, 'media-prod');
  });

  it('never shows the secret when the parsed table is serialised or inspected', () => {
    const origins = parseOrigins(
      s3({ endpoint: 'http://127.0.0.1:7480', credentials: inline }),
      ctx,
      'edge.origins',
    );
    const endpoint = origins.get(DOMAIN);
    assert.ok(endpoint?.kind === 's3');
    const json = JSON.stringify(Object.fromEntries(origins));
    assert.ok(!json.includes(SECRET), json);
    assert.match(json, /"secretAccessKey":"\[redacted\]"/);
    assert.ok(!inspect(origins, { depth: 10 }).includes(SECRET));
    assert.ok(!JSON.stringify({ ...endpoint.credentials }).includes(SECRET));
  });

  it('resolves credentials from environment variables the entry point handed over', () => {
    const endpoint = parseOrigins(
      s3({
        endpoint: 'http://127.0.0.1:7480',
        credentials: { accessKeyIdEnv: 'MEDIA_KEY', secretAccessKeyEnv: 'MEDIA_SECRET' },
      }),
      ctx,
      'edge.origins',
    ).get(DOMAIN);
    assert.ok(endpoint?.kind === 's3');
    assert.equal(endpoint.credentials.accessKeyId, 'AKIAMEDIA');
    assert.equal(endpoint.credentials.secretAccessKey, SECRET);
  });

  it('names the variable that is missing or empty', () => {
    const path = `edge.origins["${DOMAIN}"].s3.credentials.secretAccessKeyEnv`;
    const base = { endpoint: 'http://127.0.0.1:7480' };
    rejects(
      s3({ ...base, credentials: { accessKeyIdEnv: 'MEDIA_KEY', secretAccessKeyEnv: 'NOT_SET' } }),
      path,
      /environment variable NOT_SET is not set/,
    );
    rejects(s3({ ...base, credentials: { accessKeyIdEnv: 'MEDIA_KEY', secretAccessKeyEnv: 'EMPTY' } }), path);
    rejects(
      s3({ ...base, credentials: { accessKeyIdEnv: 'MEDIA_KEY', secretAccessKeyEnv: 'no spaces' } }),
      path,
      /not an environment variable name/,
    );
  });

  it('reads credentials from a JSON file relative to the config, without quoting it in errors', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'parse-origins-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const fileCtx = createConfigContext(dir);
    await writeFile(join(dir, 'media.json'), JSON.stringify({ ...inline, endpoint: 'ignored' }));
    const endpoint = parseOrigins(
      s3({ endpoint: 'http://127.0.0.1:7480', credentials: { file: 'media.json' } }),
      fileCtx,
      'edge.origins',
    ).get(DOMAIN);
    assert.ok(endpoint?.kind === 's3');
    assert.equal(endpoint.credentials.secretAccessKey, SECRET);

    const path = `edge.origins["${DOMAIN}"].s3.credentials.file`;
    await writeFile(join(dir, 'broken.json'), `{"secretAccessKey": "${SECRET}",`);
    rejects(
      s3({ endpoint: 'http://h:1', credentials: { file: 'broken.json' } }),
      path,
      /not valid JSON/,
      fileCtx,
    );
    await writeFile(join(dir, 'half.json'), JSON.stringify({ secretAccessKey: SECRET }));
    rejects(
      s3({ endpoint: 'http://h:1', credentials: { file: 'half.json' } }),
      path,
      /"accessKeyId"/,
      fileCtx,
    );
    rejects(
      s3({ endpoint: 'http://h:1', credentials: { file: 'absent.json' } }),
      path,
      /cannot read/,
      fileCtx,
    );
  });

  it('refuses malformed S3 endpoints with the JSON path of the wrong member', () => {
    const at = (member: string) => `edge.origins["${DOMAIN}"].s3${member}`;
    rejects(s3({ credentials: inline }), at('.endpoint'), /is required/);
    rejects(s3({ endpoint: 'ftp://x', credentials: inline }), at('.endpoint'), /http/);
    rejects(s3({ endpoint: 'http://127.0.0.1:7480?x=1', credentials: inline }), at('.endpoint'));
    rejects(
      s3({ endpoint: `http://AKIAMEDIA:${encodeURIComponent(SECRET)}@127.0.0.1:7480`, credentials: inline }),
      at('.endpoint'),
      /user name or password/,
    );
    rejects(
      s3({ endpoint: 'http://127.0.0.1:7480', addressing: 'dns', credentials: inline }),
      at('.addressing'),
    );
    rejects(
      s3({ endpoint: 'http://127.0.0.1:7480', addressing: 'virtual', credentials: inline }),
      at('.addressing'),
      /DNS name/,
    );
    rejects(s3({ endpoint: 'http://127.0.0.1:7480', region: 'EU West', credentials: inline }), at('.region'));
    rejects(s3({ endpoint: 'http://127.0.0.1:7480', bucket: 'No_Such', credentials: inline }), at('.bucket'));
    rejects(
      s3({ endpoint: 'https://s3.example.net', addressing: 'virtual', bucket: 'a.b.c', credentials: inline }),
      at('.bucket'),
      /dots/,
    );
    rejects(s3({ endpoint: 'http://127.0.0.1:7480' }), at('.credentials'), /is required/);
    rejects(
      s3({ endpoint: 'http://127.0.0.1:7480', credentials: { accessKeyId: 'A' } }),
      at('.credentials.secretAccessKey'),
    );
    rejects(
      s3({ endpoint: 'http://127.0.0.1:7480', credentials: { ...inline, sessionToken: 'x' } }),
      at('.credentials.sessionToken'),
      /unknown setting/,
    );
    rejects(
      s3({ endpoint: 'http://127.0.0.1:7480', credentials: { ...inline, accessKeyId: 'A/B' } }),
      at('.credentials.accessKeyId'),
    );
    rejects(s3({ endpoint: 'http://127.0.0.1:7480', credentials: inline, signing: 'v2' }), at('.signing'));
    rejects({ [DOMAIN]: { http: 'x' } }, `edge.origins["${DOMAIN}"].http`);
    rejects({ [DOMAIN]: 7480 }, `edge.origins["${DOMAIN}"]`);
  });
});
