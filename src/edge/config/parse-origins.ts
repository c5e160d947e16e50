// The `edge.origins` table: where each origin's requests really go, keyed by origin domain name or origin Id.
// A value is `"embedded"` (the built-in store), an `http(s)://` URL, or `{ "s3": { … } }`: an external
// S3-compatible endpoint with the credentials the edge signs with as origin access control
// (docs/decisions/edge-config-origins.md). Secrets never appear in an error message.

import { isIP } from 'node:net';
import type { ConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import type { OriginEndpoint, S3EndpointOrigin } from '../distribution/compiled-distribution.ts';
import { concealedCredentials } from '../origin/origin-credentials.ts';

type Json = Readonly<Record<string, unknown>>;

const S3_KEYS = new Set(['endpoint', 'addressing', 'region', 'bucket', 'credentials']);
/** Same alphabet as S3 bucket names (general purpose buckets). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** AWS regions and the names S3-compatible stores use for theirs (Ceph's zonegroup `default`, MinIO's …). */
const REGION = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuseUnknownKeys(object: Json, known: ReadonlySet<string>, path: string): void {
  for (const key of Object.keys(object))
    if (!known.has(key))
      throw new ConfigError(`${path}.${key}`, `unknown setting (expected one of ${[...known].join(', ')})`);
}

function stringAt(object: Json, key: string, path: string, required: true): string;
function stringAt(object: Json, key: string, path: string, required: false): string | undefined;
function stringAt(object: Json, key: string, path: string, required: boolean): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) {
    if (required) throw new ConfigError(`${path}.${key}`, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' || value === '')
    throw new ConfigError(`${path}.${key}`, 'must be a non-empty string');
  return value;
}

export function parseOrigins(
  value: unknown,
  ctx: ConfigContext,
  path: string,
): ReadonlyMap<string, OriginEndpoint> {
  const origins = new Map<string, OriginEndpoint>();
  if (value === undefined || value === null) return origins;
  if (!isObject(value)) throw new ConfigError(path, 'must be an object keyed by origin domain name or Id');
  for (const [key, target] of Object.entries(value)) {
    const entryPath = `${path}["${key}"]`;
    if (isObject(target)) {
      refuseUnknownKeys(target, new Set(['s3']), entryPath);
      if (target.s3 === undefined) throw new ConfigError(`${entryPath}.s3`, 'is required');
      origins.set(key, parseS3Endpoint(target.s3, ctx, `${entryPath}.s3`));
      continue;
    }
    if (target === 'embedded') {
      origins.set(key, Object.freeze({ kind: 'embedded' }));
      continue;
    }
    if (typeof target !== 'string')
      throw new ConfigError(entryPath, 'must be "embedded", an http(s) URL or { "s3": { … } }');
    const url = parseEndpointUrl(target, entryPath);
    // Kept as written minus a trailing slash: the origin path is appended by the origin stage.
    origins.set(key, Object.freeze({ kind: 'url', url: url.replace(/\/+$/, '') }));
  }
  return origins;
}

/** Validates an origin URL and returns it as written; a URL never carries credentials, a query or a fragment. */
function parseEndpointUrl(text: string, path: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(path, `"${text}" is neither "embedded" nor a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(path, `"${text}" must be an http:// or https:// URL`);
  // The URL would end up in traces; credentials belong in `credentials` (and the message must not echo them).
  if (url.username !== '' || url.password !== '')
    throw new ConfigError(path, 'must not carry a user name or password; use "s3": { "credentials": … }');
  if (url.search !== '' || url.hash !== '') throw new ConfigError(path, 'must not carry a query or fragment');
  return text;
}

function parseS3Endpoint(value: unknown, ctx: ConfigContext, path: string): S3EndpointOrigin {
  if (!isObject(value)) throw new ConfigError(path, 'must be an object');
  refuseUnknownKeys(value, S3_KEYS, path);
  const endpointText = stringAt(value, 'endpoint', path, true);
  const endpoint = parseEndpointUrl(endpointText, `${path}.endpoint`).replace(/\/+$/, '');
  const addressing = stringAt(value, 'addressing', path, false) ?? 'path';
  if (addressing !== 'path' && addressing !== 'virtual')
    throw new ConfigError(`${path}.addressing`, `must be "path" or "virtual", not "${addressing}"`);
  const hostname = new URL(endpoint).hostname;
  if (addressing === 'virtual' && (isIP(hostname.replace(/^\[|\]$/g, '')) !== 0 || !hostname.includes('.')))
    throw new ConfigError(
      `${path}.addressing`,
      `virtual-hosted-style needs a DNS name under which <bucket>.${hostname} exists; "${hostname}" is not one (use "path")`,
    );
  const region = stringAt(value, 'region', path, false);
  if (region !== undefined && !REGION.test(region))
    throw new ConfigError(`${path}.region`, `"${region}" is not a region name (eu-west-1)`);
  const bucket = stringAt(value, 'bucket', path, false);
  if (bucket !== undefined && !BUCKET.test(bucket))
    throw new ConfigError(`${path}.bucket`, `"${bucket}" is not a bucket name (3-63 of a-z 0-9 . -)`);
  if (
    bucket !== undefined &&
    addressing === 'virtual' &&
    bucket.includes('.') &&
    endpoint.startsWith('https:')
  )
    throw new ConfigError(
      `${path}.bucket`,
      `"${bucket}" contains dots: its virtual host name cannot match a wildcard TLS certificate (use "path")`,
    );
  return Object.freeze({
    kind: 's3',
    url: endpoint,
    addressing,
    ...(region === undefined ? {} : { region }),
    ...(bucket === undefined ? {} : { bucket }),
    credentials: parseCredentials(value.credentials, ctx, `${path}.credentials`),
    jsonPath: path,
  });
}

/**
 * Inline `{ accessKeyId, secretAccessKey }`, a JSON file `{ "file": "…" }` holding those two members, or
 * environment variables `{ accessKeyIdEnv, secretAccessKeyEnv }`.
 */
function parseCredentials(value: unknown, ctx: ConfigContext, path: string) {
  if (value === undefined || value === null)
    throw new ConfigError(path, 'is required: the access key the edge signs origin requests with');
  if (!isObject(value))
    throw new ConfigError(
      path,
      'must be { accessKeyId, secretAccessKey }, { file } or { accessKeyIdEnv, secretAccessKeyEnv }',
    );
  if (value.file !== undefined) {
    refuseUnknownKeys(value, new Set(['file']), path);
    const file = stringAt(value, 'file', path, true);
    const text = ctx.readText(file, `${path}.file`);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      // The parser's message quotes the text around the error, which may be the secret.
      throw new ConfigError(`${path}.file`, `"${file}" is not valid JSON`);
    }
    if (!isObject(document))
      throw new ConfigError(`${path}.file`, `"${file}" must hold { "accessKeyId": …, "secretAccessKey": … }`);
    const member = (key: string): string => {
      const found = document[key];
      if (typeof found !== 'string' || found === '')
        throw new ConfigError(`${path}.file`, `"${file}": "${key}" must be a non-empty string`);
      return found;
    };
    return keyPair(member('accessKeyId'), member('secretAccessKey'), `${path}.file`);
  }
  if (value.accessKeyIdEnv !== undefined || value.secretAccessKeyEnv !== undefined) {
    refuseUnknownKeys(value, new Set(['accessKeyIdEnv', 'secretAccessKeyEnv']), path);
    const fromEnv = (key: string): string => {
      const name = stringAt(value, key, path, true);
      if (!ENV_NAME.test(name))
        throw new ConfigError(`${path}.${key}`, `"${name}" is not an environment variable name`);
      const found = ctx.env(name);
      if (found === undefined || found === '')
        throw new ConfigError(`${path}.${key}`, `environment variable ${name} is not set`);
      return found;
    };
    return keyPair(fromEnv('accessKeyIdEnv'), fromEnv('secretAccessKeyEnv'), path);
  }
  refuseUnknownKeys(value, new Set(['accessKeyId', 'secretAccessKey']), path);
  return keyPair(
    stringAt(value, 'accessKeyId', path, true),
    stringAt(value, 'secretAccessKey', path, true),
    path,
  );
}

function keyPair(accessKeyId: string, secretAccessKey: string, path: string) {
  // The access key id is written into `Credential=<id>/<scope>`: a slash or space would break the header.
  if (!/^[\x21-\x7e]+$/.test(accessKeyId) || accessKeyId.includes('/'))
    throw new ConfigError(`${path}.accessKeyId`, 'must be printable ASCII without spaces or "/"');
  if (!/^[\x20-\x7e]+$/.test(secretAccessKey))
    throw new ConfigError(`${path}.secretAccessKey`, 'must be printable ASCII');
  return concealedCredentials(accessKeyId, secretAccessKey);
}
