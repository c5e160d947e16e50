// Typed readers for the AWS JSON shapes `aws cloudfront …` prints: each takes an untrusted value and the
// JSON path it came from, and throws a DistributionConfigError naming that path when the shape is wrong.

import { DistributionConfigError } from './distribution-config-error.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(value: unknown, path: string): JsonObject {
  if (!isJsonObject(value)) throw new DistributionConfigError(path, 'InvalidArgument', 'must be an object');
  return value;
}

export function optionalObject(parent: JsonObject, name: string, path: string): JsonObject | undefined {
  const value = parent[name];
  return value === undefined || value === null ? undefined : readObject(value, `${path}.${name}`);
}

export function requiredObject(parent: JsonObject, name: string, path: string): JsonObject {
  const value = parent[name];
  if (value === undefined || value === null)
    throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'is required');
  return readObject(value, `${path}.${name}`);
}

export function requiredString(parent: JsonObject, name: string, path: string): string {
  const value = parent[name];
  if (value === undefined || value === null)
    throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'is required');
  if (typeof value !== 'string')
    throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'must be a string');
  return value;
}

export function optionalString(parent: JsonObject, name: string, path: string): string | undefined {
  const value = parent[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'must be a string');
  return value;
}

export function optionalBoolean(parent: JsonObject, name: string, path: string): boolean | undefined {
  const value = parent[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'must be true or false');
  return value;
}

export function requiredBoolean(parent: JsonObject, name: string, path: string): boolean {
  const value = optionalBoolean(parent, name, path);
  if (value === undefined)
    throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'is required');
  return value;
}

/** Integers may arrive as JSON numbers or (XML-derived) numeric strings, as `ResponseCode` does. */
export function optionalInteger(parent: JsonObject, name: string, path: string): number | undefined {
  const value = parent[name];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number))
    throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'must be an integer');
  return number;
}

export function requiredInteger(parent: JsonObject, name: string, path: string): number {
  const value = optionalInteger(parent, name, path);
  if (value === undefined)
    throw new DistributionConfigError(`${path}.${name}`, 'InvalidArgument', 'is required');
  return value;
}

/**
 * An AWS list wrapper `{ Quantity, Items }` (AWS: "Amazon CloudFront API Reference"): `Quantity` must equal the number of items
 * (`InconsistentQuantities`); `Items` may be omitted when `Quantity` is 0. A missing wrapper is an empty list.
 */
export function optionalList(
  parent: JsonObject,
  name: string,
  path: string,
): { items: readonly unknown[]; path: string } {
  const listPath = `${path}.${name}`;
  const raw = parent[name];
  if (raw === undefined || raw === null) return { items: [], path: `${listPath}.Items` };
  const list = readObject(raw, listPath);
  const quantity = optionalInteger(list, 'Quantity', listPath);
  const itemsRaw = list.Items;
  if (itemsRaw !== undefined && itemsRaw !== null && !Array.isArray(itemsRaw))
    throw new DistributionConfigError(`${listPath}.Items`, 'InvalidArgument', 'must be an array');
  const items: readonly unknown[] = Array.isArray(itemsRaw) ? itemsRaw : [];
  if (quantity === undefined)
    throw new DistributionConfigError(`${listPath}.Quantity`, 'InvalidArgument', 'is required');
  if (quantity !== items.length)
    throw new DistributionConfigError(
      `${listPath}.Quantity`,
      'InconsistentQuantities',
      `is ${quantity} but Items has ${items.length} entries`,
    );
  return { items, path: `${listPath}.Items` };
}

/** A `{ Quantity, Items: [string…] }` wrapper read as an array of strings. */
export function optionalStringList(parent: JsonObject, name: string, path: string): readonly string[] {
  const { items, path: itemsPath } = optionalList(parent, name, path);
  return items.map((item, index) => {
    if (typeof item !== 'string')
      throw new DistributionConfigError(`${itemsPath}[${index}]`, 'InvalidArgument', 'must be a string');
    return item;
  });
}
