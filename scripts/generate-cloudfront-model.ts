// Generates src/control/model/cloudfront-2020-05-31.json: the compact table of CloudFront API operations
// (method, request URI, status) and XML shapes (member order, element names, list member names, scalar
// types, header/query/URI bindings, error statuses) that the control API reads and writes.
//
// Source: AWS's published API definition for CloudFront 2020-05-31 as botocore ships it (the same
// definition the Amazon CloudFront API Reference, https://docs.aws.amazon.com/cloudfront/latest/APIReference/,
// is built from). Documentation strings are dropped; only the wire facts are kept.
//
//   node scripts/generate-cloudfront-model.ts [path/to/service-2.json[.gz]]

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

type BotocoreMember = {
  shape: string;
  location?: 'header' | 'querystring' | 'uri' | 'headers' | 'statusCode';
  locationName?: string;
};
type BotocoreShape = {
  type: string;
  members?: Record<string, BotocoreMember>;
  member?: BotocoreMember;
  payload?: string;
  required?: string[];
  error?: { httpStatusCode: number; code?: string };
  exception?: boolean;
};
type BotocoreModel = {
  metadata: { apiVersion: string; xmlNamespace?: string };
  operations: Record<
    string,
    {
      http: { method: string; requestUri: string; responseCode?: number };
      input?: { shape: string };
      output?: { shape: string };
    }
  >;
  shapes: Record<string, BotocoreShape>;
};

const DEFAULT_SOURCE =
  '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data/cloudfront/2020-05-31/service-2.json.gz';
const source = process.argv[2] ?? DEFAULT_SOURCE;
const bytes = readFileSync(source);
const model = JSON.parse(
  (source.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'),
) as BotocoreModel;

const SCALARS = new Set(['string', 'integer', 'long', 'boolean', 'timestamp', 'blob', 'float', 'double']);
/** A member's type: a scalar name, or the name of a structure/list shape. */
const typeOf = (shapeName: string): string => {
  const shape = model.shapes[shapeName];
  return SCALARS.has(shape.type) ? shape.type : shapeName;
};

const shapes: Record<string, unknown> = {};
const errors: Record<string, number> = {};
for (const [name, shape] of Object.entries(model.shapes)) {
  if (shape.exception) {
    errors[shape.error?.code ?? name] = shape.error?.httpStatusCode ?? 400;
    continue;
  }
  if (shape.type === 'structure') {
    const members: Record<string, unknown> = {};
    for (const [memberName, member] of Object.entries(shape.members ?? {})) {
      const entry: Record<string, unknown> = { type: typeOf(member.shape) };
      if (member.location !== undefined) entry.location = member.location;
      if (member.locationName !== undefined && member.locationName !== memberName)
        entry.name = member.locationName;
      members[memberName] = entry;
    }
    shapes[name] = {
      kind: 'structure',
      members,
      ...(shape.payload === undefined ? {} : { payload: shape.payload }),
      ...(shape.required === undefined ? {} : { required: shape.required }),
    };
  } else if (shape.type === 'list') {
    const member = shape.member as BotocoreMember;
    shapes[name] = {
      kind: 'list',
      member: typeOf(member.shape),
      memberName: member.locationName ?? 'member',
    };
  }
}

const operations: Record<string, unknown> = {};
for (const [name, op] of Object.entries(model.operations)) {
  operations[name] = {
    method: op.http.method,
    requestUri: op.http.requestUri,
    status: op.http.responseCode ?? 200,
    ...(op.input ? { input: op.input.shape } : {}),
    ...(op.output ? { output: op.output.shape } : {}),
  };
}

const out = join(import.meta.dirname, '../src/control/model/cloudfront-2020-05-31.json');
writeFileSync(
  out,
  `${JSON.stringify({ apiVersion: model.metadata.apiVersion, operations, errors, shapes }, null, 2)}\n`,
);
// The repository's formatter owns the layout, so a regenerated file diffs only where the model changed.
execFileSync(join(import.meta.dirname, '../node_modules/.bin/biome'), ['format', '--write', out], {
  stdio: 'ignore',
});
process.stdout.write(
  `wrote ${out}: ${Object.keys(operations).length} operations, ${Object.keys(shapes).length} shapes, ${Object.keys(errors).length} errors\n`,
);
