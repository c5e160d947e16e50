// `edge.functions` and `edge.keyValueStores`: CloudFront Functions and KeyValueStores defined next to the
// distributions that associate them (FunctionAssociations name a function by ARN; the name after
// `function/` picks the entry here). Code and store data live in files named relative to the config file;
// docs/functions.md describes the section.
//
//   "functions": [{ "Name": "spa", "Runtime": "cloudfront-js-2.0", "Code": "functions/spa.js",
//                   "KeyValueStoreAssociations": ["redirects"] }]
//   "keyValueStores": [{ "Name": "redirects", "Data": "kvs/redirects.json" }]

import { createHash } from 'node:crypto';
import type { ConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { optionalString, readObject, requiredString } from '../distribution/aws-json-reader.ts';
import { FUNCTION_RUNTIMES } from '../functions/function-limits.ts';
import { readConfigArray } from './read-config-array.ts';

/** The account in the ARNs Frontgate gives functions and stores (AWS's documentation example account). */
export const LOCAL_ACCOUNT_ID = '123456789012';

export type EdgeFunctionSource = {
  readonly name: string;
  readonly arn: string;
  readonly runtime: string;
  /** Absolute path of the code file. */
  readonly codePath: string;
  /** Names or ARNs of associated stores (CloudFront allows one). */
  readonly keyValueStores: readonly string[];
  readonly jsonPath: string;
};

export type EdgeKeyValueStoreSource = {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly comment: string;
  /** Absolute path of an import-format file ({"data":[{"key","value"}]}), or undefined for inline data. */
  readonly dataPath?: string;
  readonly inlineData?: unknown;
  readonly jsonPath: string;
};

const NAME = /^[a-zA-Z0-9-_]{1,64}$/;

export function functionArn(name: string): string {
  return `arn:aws:cloudfront::${LOCAL_ACCOUNT_ID}:function/${name}`;
}

/** A store id shaped like AWS's (a UUID), stable for a name so ARNs in config files keep working. */
export function keyValueStoreIdFor(name: string): string {
  const hex = createHash('sha256').update(`kvs:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function keyValueStoreArn(id: string): string {
  return `arn:aws:cloudfront::${LOCAL_ACCOUNT_ID}:key-value-store/${id}`;
}

function readName(entry: Record<string, unknown>, path: string, seen: Set<string>): string {
  const name = requiredString(entry, 'Name', path);
  if (!NAME.test(name)) {
    throw new ConfigError(`${path}.Name`, `"${name}" must be 1–64 letters, digits, hyphens or underscores`);
  }
  if (seen.has(name)) throw new ConfigError(`${path}.Name`, `"${name}" is used twice`);
  seen.add(name);
  return name;
}

/** Store references as plain strings or in the API's {Quantity, Items: [{KeyValueStoreARN}]} shape. */
function readStoreAssociations(value: unknown, path: string): readonly string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value)
    ? value
    : readConfigArray(readObject(value, path).Items, `${path}.Items`);
  const names = items.map((item, index) => {
    if (typeof item === 'string' && item !== '') return item;
    const arn = readObject(item, `${path}[${index}]`).KeyValueStoreARN;
    if (typeof arn === 'string' && arn !== '') return arn;
    throw new ConfigError(`${path}[${index}]`, 'must be a key value store name or ARN');
  });
  if (names.length > 1) throw new ConfigError(path, 'a function can be associated with one key value store');
  return Object.freeze(names);
}

export function parseEdgeFunctions(
  value: unknown,
  ctx: ConfigContext,
  path: string,
): readonly EdgeFunctionSource[] {
  const seen = new Set<string>();
  return Object.freeze(
    readConfigArray(value, path).map((raw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(raw, entryPath);
      const name = readName(entry, entryPath, seen);
      const runtime = optionalString(entry, 'Runtime', entryPath) ?? 'cloudfront-js-2.0';
      if (!(FUNCTION_RUNTIMES as readonly string[]).includes(runtime)) {
        throw new ConfigError(
          `${entryPath}.Runtime`,
          `"${runtime}" is not ${FUNCTION_RUNTIMES.join(' or ')}`,
        );
      }
      const code = requiredString(entry, 'Code', entryPath);
      if (code === '')
        throw new ConfigError(`${entryPath}.Code`, 'must name the file holding the function code');
      return Object.freeze({
        name,
        arn: functionArn(name),
        runtime,
        codePath: ctx.resolvePath(code),
        keyValueStores: readStoreAssociations(
          entry.KeyValueStoreAssociations,
          `${entryPath}.KeyValueStoreAssociations`,
        ),
        jsonPath: entryPath,
      });
    }),
  );
}

export function parseEdgeKeyValueStores(
  value: unknown,
  ctx: ConfigContext,
  path: string,
): readonly EdgeKeyValueStoreSource[] {
  const seen = new Set<string>();
  return Object.freeze(
    readConfigArray(value, path).map((raw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(raw, entryPath);
      const name = readName(entry, entryPath, seen);
      const id = optionalString(entry, 'Id', entryPath) ?? keyValueStoreIdFor(name);
      const data = entry.Data;
      const common = {
        name,
        id,
        arn: keyValueStoreArn(id),
        comment: optionalString(entry, 'Comment', entryPath) ?? '',
        jsonPath: entryPath,
      };
      if (data === undefined || data === null) return Object.freeze({ ...common, inlineData: { data: [] } });
      if (typeof data === 'string') {
        if (data === '') throw new ConfigError(`${entryPath}.Data`, 'must name a file');
        return Object.freeze({ ...common, dataPath: ctx.resolvePath(data) });
      }
      return Object.freeze({ ...common, inlineData: readObject(data, `${entryPath}.Data`) });
    }),
  );
}
