// `frontgate keys create`: makes a CloudFront key pair, writes the private key (mode 0600) and the public key PEM,
// registers the public key in the config's `edge.publicKeys` and adds it to a key group in `edge.keyGroups`
// (AWS shapes, the rest of the JSON preserved), then prints the new public key id.

import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicKeyId, generateKeyPair } from '../signer/index.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

const usage = `Usage: frontgate keys create --name NAME [-c|--config FILE] [--key-group NAME_OR_ID] [--type rsa|ecdsa] [--out DIR]

Creates a key pair CloudFront accepts (RSA 2048, default, or ECDSA P-256):
  DIR/NAME.private.pem  private key, mode 0600 — keep it secret; your backend signs with it
  DIR/NAME.public.pem   public key (SPKI PEM)
registers the public key in the config file (default ./frontgate.json, created if missing) under
"edge.publicKeys" as { "Id": "K…", "PublicKeyConfig": { "CallerReference", "Name", "EncodedKey": <path>, "Comment" } },
and adds its id to the key group --key-group (by Name or Id) in "edge.keyGroups", creating the group if needed.
DIR defaults to the config file's directory. Prints the public key id (use it as Key-Pair-Id) on stdout and
what it wrote on stderr.`;

const NAME = /^[A-Za-z0-9_-]{1,128}$/;
const MAX_KEYS_PER_GROUP = 5; // AWS: "Quotas"

type Json = Record<string, unknown>;

export const keysCommand: Command = {
  name: 'keys',
  usage,
  run: async (args, io) => {
    const [action, ...rest] = args;
    if (action !== 'create')
      throw new UsageError(
        `expected "create", got ${action === undefined ? 'nothing' : JSON.stringify(action)}`,
      );
    let values: {
      name?: string;
      config?: string;
      'key-group'?: string;
      type?: string;
      out?: string;
      debug?: boolean;
    };
    try {
      ({ values } = parseArgs({
        args: [...rest],
        options: {
          name: { type: 'string' },
          config: { type: 'string', short: 'c' },
          'key-group': { type: 'string' },
          type: { type: 'string' },
          out: { type: 'string' },
          debug: { type: 'boolean' },
        },
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const name = values.name;
    if (name === undefined || !NAME.test(name))
      throw new UsageError(
        '--name is required: 1–128 letters, digits, "-" or "_" (CloudFront public key name rules)',
      );
    const type = values.type ?? 'rsa';
    if (type !== 'rsa' && type !== 'ecdsa')
      throw new UsageError(`--type must be rsa or ecdsa, got ${JSON.stringify(type)}`);
    const configPath = resolve(io.cwd, values.config ?? 'frontgate.json');
    const outDir = resolve(io.cwd, values.out ?? dirname(configPath));

    const config = readConfig(configPath);
    const edge = objectAt(config, 'edge', configPath);
    const publicKeys = arrayAt(edge, 'publicKeys', configPath);
    const keyGroups = arrayAt(edge, 'keyGroups', configPath);
    if (
      publicKeys.some(
        (key) => (key as { PublicKeyConfig?: { Name?: unknown } }).PublicKeyConfig?.Name === name,
      )
    ) {
      throw new UsageError(
        `a public key named ${JSON.stringify(name)} already exists in ${configPath} (edge.publicKeys)`,
      );
    }
    const groupRef = values['key-group'];
    const group = groupRef === undefined ? undefined : findOrCreateGroup(keyGroups, groupRef);
    if (group !== undefined && group.items.length >= MAX_KEYS_PER_GROUP) {
      throw new UsageError(
        `key group ${JSON.stringify(groupRef)} already has ${MAX_KEYS_PER_GROUP} public keys, CloudFront's limit per key group`,
      );
    }

    const privatePath = resolve(outDir, `${name}.private.pem`);
    const publicPath = resolve(outDir, `${name}.public.pem`);
    for (const path of [privatePath, publicPath]) {
      if (existsSync(path)) throw new UsageError(`${path} already exists; choose another --name or --out`);
    }
    const existingIds = new Set(publicKeys.map((key) => (key as { Id?: unknown }).Id));
    let id = createPublicKeyId();
    while (existingIds.has(id)) id = createPublicKeyId();
    const pair = await generateKeyPair({ type });

    mkdirSync(outDir, { recursive: true });
    writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
    chmodSync(privatePath, 0o600); // the mode above is filtered by the umask; make sure it is exactly 0600
    writeFileSync(publicPath, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });

    const encodedKey = relative(dirname(configPath), publicPath).split(sep).join('/');
    publicKeys.push({
      Id: id,
      PublicKeyConfig: {
        CallerReference: `frontgate-keys-create-${Date.now()}-${id}`,
        Name: name,
        EncodedKey: encodedKey,
        Comment: `${type === 'rsa' ? 'RSA 2048' : 'ECDSA P-256'} key created by frontgate keys create`,
      },
    });
    group?.items.push(id);
    writeConfig(configPath, config);

    io.stdout(`${id}\n`);
    io.stderr(
      [
        `public key ${id} (${type === 'rsa' ? 'RSA 2048' : 'ECDSA P-256'}) registered in ${configPath}`,
        `  private key: ${privatePath} (mode 0600, keep it secret)`,
        `  public key:  ${publicPath}`,
        group === undefined
          ? '  not in any key group yet: pass --key-group to let a behavior trust it'
          : `  key group:   ${group.name} (${group.id})${group.created ? ', created' : ''}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};

function readConfig(path: string): Json {
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`${path}: expected a JSON object`);
  return parsed as Json;
}

/** Write to a temporary file and rename, so a crash never leaves a half-written config. */
function writeConfig(path: string, config: Json): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(temporary, path);
}

function objectAt(parent: Json, key: string, file: string): Json {
  if (parent[key] === undefined) parent[key] = {};
  const value = parent[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${file}: "${key}" must be an object`);
  return value as Json;
}

function arrayAt(parent: Json, key: string, file: string): unknown[] {
  if (parent[key] === undefined) parent[key] = [];
  const value = parent[key];
  if (!Array.isArray(value)) throw new UsageError(`${file}: "edge.${key}" must be an array`);
  return value;
}

function findOrCreateGroup(
  keyGroups: unknown[],
  ref: string,
): { id: string; name: string; items: unknown[]; created: boolean } {
  for (const entry of keyGroups) {
    const group = entry as { Id?: unknown; KeyGroupConfig?: { Name?: unknown; Items?: unknown } };
    if (group.Id === ref || group.KeyGroupConfig?.Name === ref) {
      const config = group.KeyGroupConfig ?? (group.KeyGroupConfig = { Name: ref });
      if (!Array.isArray(config.Items)) config.Items = [];
      return {
        id: String(group.Id),
        name: String(config.Name),
        items: config.Items as unknown[],
        created: false,
      };
    }
  }
  if (!NAME.test(ref))
    throw new UsageError(
      `--key-group ${JSON.stringify(ref)} matches no key group, and is not a valid name for a new one`,
    );
  const items: unknown[] = [];
  const id = randomUUID();
  keyGroups.push({ Id: id, KeyGroupConfig: { Name: ref, Items: items } });
  return { id, name: ref, items, created: true };
}
