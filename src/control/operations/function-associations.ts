// The FunctionAssociations of distributions, as the function operations need them: which distributions use
// a function (Status DEPLOYED, FunctionInUse) and whether every association of a candidate distribution
// names a published function (NoSuchFunctionExists, Amazon CloudFront API Reference, CreateDistribution).

import { CloudFrontError } from '../cloudfront-error.ts';
import type { ControlPlane } from '../control-plane.ts';
import { functionNameOfArn, liveFunctionOfArn } from './function-records.ts';
import { allEntries } from './resource-catalog.ts';

type Json = Record<string, unknown>;

/** Every FunctionARN a DistributionConfig associates, in any cache behavior. */
export function associatedFunctionArns(config: unknown): string[] {
  const c = config as Json | undefined;
  const behaviors: Json[] = [];
  if (c?.DefaultCacheBehavior !== undefined) behaviors.push(c.DefaultCacheBehavior as Json);
  for (const behavior of ((c?.CacheBehaviors as Json | undefined)?.Items as Json[] | undefined) ?? [])
    behaviors.push(behavior);
  const arns: string[] = [];
  for (const behavior of behaviors) {
    const items = (behavior.FunctionAssociations as Json | undefined)?.Items as Json[] | undefined;
    for (const item of items ?? []) if (typeof item.FunctionARN === 'string') arns.push(item.FunctionARN);
  }
  return arns;
}

/** Ids of the distributions (file- or API-defined) that associate the function of this name. */
export function distributionsUsingFunction(plane: ControlPlane, name: string): string[] {
  return allEntries(plane, 'distribution')
    .filter((d) => associatedFunctionArns(d.config).some((arn) => functionNameOfArn(arn) === name))
    .map((d) => d.id);
}

/**
 * A distribution may associate only functions that exist in the LIVE stage: published through the API, or
 * defined in the config file's `edge.functions`.
 */
export function checkDistributionFunctions(plane: ControlPlane, config: unknown): void {
  for (const arn of associatedFunctionArns(config)) {
    if (liveFunctionOfArn(plane.db, arn) !== undefined) continue;
    if (plane.files.functions().some((f) => f.name === functionNameOfArn(arn))) continue;
    throw new CloudFrontError(
      'NoSuchFunctionExists',
      `The function ${arn} does not exist or is not published (LIVE stage).`,
    );
  }
}
