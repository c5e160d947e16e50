// What every operation handler works with: the model, the database, the resources defined in the config
// file (read-only through the API), and the deployment port through which the running edge takes the API
// state into a snapshot and reports what it has swapped in.

import type { EdgeApiResources } from '../edge/config/index.ts';
import type { OriginAccessControlEntry } from '../edge/distribution/index.ts';
import type { FunctionEngine, KeyValueStore } from '../edge/functions/index.ts';
import type { ControlDatabase } from './state/control-database.ts';
import type { CloudFrontModel } from './model/cloudfront-model.ts';

/** The edge, as the control plane sees it (implemented by the composition root). */
export type ControlDeployment = {
  /** Compiles a candidate state exactly as the edge would; throws DistributionConfigError when it would not load. */
  readonly validate: (resources: EdgeApiResources) => void;
  /** Asks the edge to take the current database state into a new snapshot. */
  readonly requestDeploy: () => void;
  /** Resolves once every requested deployment and purge has been applied (or has failed). */
  readonly settled: () => Promise<void>;
  /** The config ETag the running edge serves for a distribution; undefined when it serves none. */
  readonly deployedEtag: (distributionId: string) => string | undefined;
  /** Purges the edge cache for the paths of an invalidation (after the snapshot that serves the distribution). */
  readonly purge: (
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
    onPurged: () => void,
  ) => void;
};

/** Resources defined in the config file: listed and readable, never changed through the API. */
export type FileResources = {
  readonly distributions: () => readonly {
    readonly id: string;
    readonly etag: string;
    readonly config: unknown;
    readonly jsonPath: string;
  }[];
  readonly publicKeys: readonly { readonly id: string; readonly name: string; readonly jsonPath: string }[];
  readonly publicKeyPem: (id: string) => string | undefined;
  readonly keyGroups: readonly unknown[];
  readonly cachePolicies: readonly unknown[];
  readonly originRequestPolicies: readonly unknown[];
  readonly responseHeadersPolicies: readonly unknown[];
  readonly originAccessControls: readonly OriginAccessControlEntry[];
  /** The functions of `edge.functions`, with their code as the file holds it now. */
  readonly functions: () => readonly FileFunction[];
  /** A store of `edge.keyValueStores` as the running edge holds it, by ARN. */
  readonly keyValueStore: (arn: string) => KeyValueStore | undefined;
};

/** A function of `edge.functions`: listed, readable and testable through the API, LIVE as loaded. */
export type FileFunction = {
  readonly name: string;
  readonly runtime: string;
  readonly code: string;
  readonly keyValueStoreArn?: string;
  readonly jsonPath: string;
};

export type ControlPlane = {
  readonly model: CloudFrontModel;
  readonly db: ControlDatabase;
  readonly files: FileResources;
  readonly deployment: ControlDeployment;
  readonly now: () => Date;
  /** When this process started serving the API (the times of file-defined resources). */
  readonly startedAt: Date;
  /** The account id in ARNs (`arn:aws:cloudfront::<account>:distribution/<id>`). */
  readonly accountId: string;
  /** A fresh identifier: `E…` distributions, `K…` public keys, `I…` invalidations (14 characters). */
  readonly newId: (prefix: string) => string;
  /** Runs TestFunction (the engine the edge uses, so both give the same FunctionOutput). */
  readonly functionEngine: FunctionEngine;
  /**
   * Reads an object of the embedded store for a KeyValueStore `ImportSource`
   * (`arn:aws:s3:::bucket/key`); undefined when there is no such object.
   */
  readonly readS3Object: (bucket: string, key: string) => Promise<Buffer | undefined>;
};

export const DEFAULT_ACCOUNT_ID = '123456789012';
