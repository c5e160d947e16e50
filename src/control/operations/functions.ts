// CloudFront Functions: CreateFunction, DescribeFunction, GetFunction, UpdateFunction, PublishFunction,
// TestFunction, ListFunctions, DeleteFunction (Amazon CloudFront API Reference). A function has a
// DEVELOPMENT stage (created, updated, tested) and, once published, a LIVE stage (what distributions run),
// each with its own ETag. Code is refused at create/update only over the size quota: CloudFront stores code
// that fails at run time, and TestFunction shows the failure (docs/decisions/control-api-functions.md).

import { createHash } from 'node:crypto';
import { FUNCTION_RUNTIMES, prepareFunction } from '../../edge/functions/index.ts';
import { testFunction } from '../../edge/functions/test-function.ts';
import { CloudFrontError } from '../cloudfront-error.ts';
import type { OperationHandler } from '../create-control-handler.ts';
import type { ControlPlane } from '../control-plane.ts';
import type { StoredResource } from '../state/control-database.ts';
import { distributionsUsingFunction } from './function-associations.ts';
import {
  associatedStoreArn,
  FUNCTION_KIND,
  type FunctionConfigJson,
  type FunctionRecord,
  functionArn,
  functionRecord,
  storedFunction,
} from './function-records.ts';
import { liveKeyValueStore } from './key-value-store-records.ts';
import { checkIfMatch, contentEtag, pageOf } from './resource-catalog.ts';

type Json = Record<string, unknown>;
type Stage = 'DEVELOPMENT' | 'LIVE';

const LOCATION = 'https://cloudfront.amazonaws.com/2020-05-31/function/';
/** "Quotas on CloudFront Functions": functions per AWS account. */
const MAX_FUNCTIONS = 100;

const noSuchFunction = (name: unknown, stage: Stage = 'DEVELOPMENT') =>
  new CloudFrontError(
    'NoSuchFunctionExists',
    stage === 'LIVE'
      ? `The function ${String(name)} has not been published (no LIVE stage).`
      : `The function ${String(name)} does not exist.`,
  );

function stageOf(value: unknown): Stage {
  if (value === undefined || value === '' || value === 'DEVELOPMENT') return 'DEVELOPMENT';
  if (value === 'LIVE') return 'LIVE';
  throw new CloudFrontError('InvalidArgument', `Stage must be DEVELOPMENT or LIVE, not "${String(value)}".`);
}

function requireName(value: unknown): string {
  const name = typeof value === 'string' ? value : '';
  if (!/^[a-zA-Z0-9\-_]{1,64}$/.test(name))
    throw new CloudFrontError(
      'InvalidArgument',
      'The function name must be 1 to 64 letters, digits, hyphens or underscores.',
    );
  return name;
}

function requireConfig(plane: ControlPlane, value: unknown): FunctionConfigJson {
  const config = value as Json | undefined;
  if (config === undefined || typeof config !== 'object')
    throw new CloudFrontError('InvalidArgument', 'FunctionConfig is required.');
  if (typeof config.Comment !== 'string')
    throw new CloudFrontError('InvalidArgument', 'FunctionConfig.Comment is required.');
  if (!(FUNCTION_RUNTIMES as readonly unknown[]).includes(config.Runtime))
    throw new CloudFrontError(
      'InvalidArgument',
      `FunctionConfig.Runtime must be one of ${FUNCTION_RUNTIMES.join(', ')}.`,
    );
  const associations = config.KeyValueStoreAssociations as FunctionConfigJson['KeyValueStoreAssociations'];
  const items = associations?.Items ?? [];
  if (associations !== undefined && associations.Quantity !== items.length)
    throw new CloudFrontError(
      'InvalidArgument',
      'KeyValueStoreAssociations.Quantity does not match the number of items.',
    );
  if (items.length > 1)
    throw new CloudFrontError('InvalidArgument', 'A function can be associated with one key value store.');
  if (items.length === 1) {
    if (config.Runtime !== 'cloudfront-js-2.0')
      throw new CloudFrontError(
        'InvalidArgument',
        'Key value stores are available to functions of the cloudfront-js-2.0 runtime.',
      );
    if (liveKeyValueStore(plane, items[0].KeyValueStoreARN) === undefined)
      throw new CloudFrontError(
        'EntityNotFound',
        `The key value store ${items[0].KeyValueStoreARN} does not exist.`,
      );
  }
  return config as FunctionConfigJson;
}

/** The code as received (base64 on the wire); refused only when empty or over the size quota. */
function requireCode(name: string, runtime: string, value: unknown): string {
  const base64 = typeof value === 'string' ? value.trim() : '';
  const code = Buffer.from(base64, 'base64');
  if (code.length === 0) throw new CloudFrontError('InvalidArgument', 'FunctionCode is required.');
  const oversize = prepareFunction({ name, runtime, code }).problems.find(
    (p) => p.code === 'FunctionSizeLimitExceeded',
  );
  if (oversize !== undefined) throw new CloudFrontError('FunctionSizeLimitExceeded', oversize.message);
  return code.toString('base64');
}

function stageView(stored: StoredResource, stage: Stage) {
  const record = functionRecord(stored);
  if (stage === 'LIVE') {
    const live = record.Live;
    if (live === undefined) throw noSuchFunction(stored.id, 'LIVE');
    return {
      config: live.FunctionConfig,
      code: live.FunctionCode,
      etag: live.ETag,
      lastModifiedTime: live.LastModifiedTime,
    };
  }
  return {
    config: record.FunctionConfig,
    code: record.FunctionCode,
    etag: stored.etag,
    lastModifiedTime: stored.lastModifiedTime,
  };
}

/** UNPUBLISHED until the development stage is published; then UNASSOCIATED, or DEPLOYED once associated. */
function statusOf(plane: ControlPlane, stored: StoredResource, stage: Stage): string {
  const record = functionRecord(stored);
  const live = record.Live;
  if (live === undefined) return 'UNPUBLISHED';
  if (
    stage === 'DEVELOPMENT' &&
    (live.FunctionCode !== record.FunctionCode ||
      JSON.stringify(live.FunctionConfig) !== JSON.stringify(record.FunctionConfig))
  )
    return 'UNPUBLISHED';
  return distributionsUsingFunction(plane, stored.id).length > 0 ? 'DEPLOYED' : 'UNASSOCIATED';
}

function summary(plane: ControlPlane, stored: StoredResource, stage: Stage): Json {
  const view = stageView(stored, stage);
  return {
    Name: stored.id,
    Status: statusOf(plane, stored, stage),
    FunctionConfig: view.config,
    FunctionMetadata: {
      FunctionARN: functionArn(plane.accountId, stored.id),
      Stage: stage,
      CreatedTime: stored.createdTime,
      LastModifiedTime: view.lastModifiedTime,
    },
  };
}

/**
 * A function of `edge.functions` as the API shows it: both stages hold the file's code (the edge runs what
 * it loaded), and its ETag follows the code (docs/decisions/control-api-file-resources.md).
 */
function fileFunction(
  plane: ControlPlane,
  name: string,
): (StoredResource & { jsonPath: string }) | undefined {
  const file = plane.files.functions().find((f) => f.name === name);
  if (file === undefined) return undefined;
  const etag = contentEtag(`${name}:${createHash('sha256').update(file.code).digest('hex')}`);
  const at = plane.startedAt.toISOString();
  const config = {
    Comment: '',
    Runtime: file.runtime,
    ...(file.keyValueStoreArn === undefined
      ? {}
      : { KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: file.keyValueStoreArn }] } }),
  } as FunctionConfigJson;
  const code = Buffer.from(file.code, 'utf8').toString('base64');
  const record: FunctionRecord = {
    FunctionConfig: config,
    FunctionCode: code,
    Live: { FunctionConfig: config, FunctionCode: code, ETag: etag, LastModifiedTime: at },
  };
  return {
    kind: FUNCTION_KIND,
    id: name,
    etag,
    config: record,
    createdTime: at,
    lastModifiedTime: at,
    jsonPath: file.jsonPath,
  };
}

function found(plane: ControlPlane, name: unknown): StoredResource {
  const stored = fileFunction(plane, String(name)) ?? storedFunction(plane.db, String(name));
  if (stored === undefined) throw noSuchFunction(name);
  return stored;
}

/** The API-defined function to change; a file-defined one answers IllegalUpdate/IllegalDelete naming the file. */
function changeable(plane: ControlPlane, name: unknown, change: 'update' | 'delete'): StoredResource {
  const file = fileFunction(plane, String(name));
  if (file !== undefined)
    throw new CloudFrontError(
      change === 'update' ? 'IllegalUpdate' : 'IllegalDelete',
      `${file.id} is defined in the Frontgate config file (${file.jsonPath}); change it there, not through the API.`,
    );
  return found(plane, name);
}

export const CreateFunction: OperationHandler = (input, plane) => {
  const name = requireName(input.Name);
  const config = requireConfig(plane, input.FunctionConfig);
  const code = requireCode(name, config.Runtime, input.FunctionCode);
  if (storedFunction(plane.db, name) !== undefined || fileFunction(plane, name) !== undefined)
    throw new CloudFrontError('FunctionAlreadyExists', `A function named ${name} already exists.`);
  if (plane.db.listResources(FUNCTION_KIND).length >= MAX_FUNCTIONS)
    throw new CloudFrontError(
      'TooManyFunctions',
      `You have reached the maximum number of functions (${MAX_FUNCTIONS}).`,
    );
  const now = plane.now().toISOString();
  const record: FunctionRecord = { FunctionConfig: config, FunctionCode: code };
  const stored = {
    kind: FUNCTION_KIND,
    id: name,
    etag: plane.newId('E'),
    config: record,
    createdTime: now,
    lastModifiedTime: now,
  };
  plane.db.putResource(stored);
  return {
    FunctionSummary: summary(plane, stored, 'DEVELOPMENT'),
    Location: `${LOCATION}${functionArn(plane.accountId, name)}`,
    ETag: stored.etag,
  };
};

export const DescribeFunction: OperationHandler = (input, plane) => {
  const stage = stageOf(input.Stage);
  const stored = found(plane, input.Name);
  return {
    FunctionSummary: summary(plane, stored, stage),
    ETag: stageView(stored, stage).etag,
  };
};

export const GetFunction: OperationHandler = (input, plane) => {
  const stage = stageOf(input.Stage);
  const view = stageView(found(plane, input.Name), stage);
  return {
    FunctionCode: Buffer.from(view.code, 'base64'),
    ETag: view.etag,
    ContentType: 'application/octet-stream',
  };
};

export const UpdateFunction: OperationHandler = (input, plane) => {
  const stored = changeable(plane, input.Name, 'update');
  checkIfMatch(input.IfMatch, stored.etag);
  const config = requireConfig(plane, input.FunctionConfig);
  const code = requireCode(stored.id, config.Runtime, input.FunctionCode);
  const record: FunctionRecord = { ...functionRecord(stored), FunctionConfig: config, FunctionCode: code };
  const updated = {
    ...stored,
    etag: plane.newId('E'),
    config: record,
    lastModifiedTime: plane.now().toISOString(),
  };
  plane.db.putResource(updated);
  return { FunctionSummary: summary(plane, updated, 'DEVELOPMENT'), ETag: updated.etag };
};

export const PublishFunction: OperationHandler = (input, plane) => {
  const stored = changeable(plane, input.Name, 'update');
  checkIfMatch(input.IfMatch, stored.etag);
  const record = functionRecord(stored);
  const now = plane.now().toISOString();
  const published = {
    ...stored,
    config: {
      ...record,
      Live: {
        FunctionConfig: record.FunctionConfig,
        FunctionCode: record.FunctionCode,
        ETag: plane.newId('E'),
        LastModifiedTime: now,
      },
    } satisfies FunctionRecord,
  };
  plane.db.putResource(published);
  return { FunctionSummary: summary(plane, published, 'LIVE') };
};

export const TestFunction: OperationHandler = async (input, plane) => {
  const stored = found(plane, input.Name);
  const stage = stageOf(input.Stage);
  const view = stageView(stored, stage);
  checkIfMatch(input.IfMatch, view.etag);
  const event = Buffer.from(String(input.EventObject ?? '').trim(), 'base64');
  const program = prepareFunction({
    name: stored.id,
    runtime: view.config.Runtime,
    code: Buffer.from(view.code, 'base64'),
  });
  const storeArn = associatedStoreArn(view.config);
  const store = storeArn === undefined ? undefined : liveKeyValueStore(plane, storeArn);
  const answer = await testFunction(plane.functionEngine, program, event, store);
  if (!answer.ok) throw new CloudFrontError('InvalidArgument', answer.message);
  return {
    TestResult: { FunctionSummary: summary(plane, stored, stage), ...answer.result },
  };
};

export const ListFunctions: OperationHandler = (input, plane) => {
  const stage = input.Stage === undefined ? undefined : stageOf(input.Stage);
  const fromFile = plane.files
    .functions()
    .map((f) => fileFunction(plane, f.name))
    .filter((f) => f !== undefined);
  const functions = [...fromFile, ...plane.db.listResources(FUNCTION_KIND)].filter(
    (f) => stage !== 'LIVE' || functionRecord(f).Live !== undefined,
  );
  const page = pageOf(functions, (f) => f.id, input.Marker, input.MaxItems);
  return {
    FunctionList: {
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      MaxItems: page.maxItems,
      Quantity: page.items.length,
      ...(page.items.length === 0
        ? {}
        : { Items: page.items.map((f) => summary(plane, f, stage ?? 'DEVELOPMENT')) }),
    },
  };
};

export const DeleteFunction: OperationHandler = (input, plane) => {
  const stored = changeable(plane, input.Name, 'delete');
  checkIfMatch(input.IfMatch, stored.etag);
  const users = distributionsUsingFunction(plane, stored.id);
  if (users.length > 0)
    throw new CloudFrontError(
      'FunctionInUse',
      `The function is associated with distribution ${users.join(', ')}.`,
    );
  plane.db.deleteResource(FUNCTION_KIND, stored.id);
  return undefined;
};
