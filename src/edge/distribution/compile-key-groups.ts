// Validates key groups (`{ Id, KeyGroupConfig: { Name, Items, Comment } }`, AWS: "Specify signers that can create signed URLs and signed cookies", "Amazon CloudFront API Reference")
// against the known public keys: every key must exist, at most 5 keys per group.

import { optionalString, readObject, requiredObject, requiredString } from './aws-json-reader.ts';
import type { TrustedPublicKey } from './compiled-distribution.ts';
import { DistributionConfigError } from './distribution-config-error.ts';

export type KeyGroupEntry = {
  readonly Id: string;
  readonly KeyGroupConfig: {
    readonly Name: string;
    readonly Items: readonly string[];
    readonly Comment?: string;
  };
};

export type CompiledKeyGroup = {
  readonly id: string;
  readonly name: string;
  readonly keys: readonly TrustedPublicKey[];
};

const MAX_KEYS_PER_GROUP = 5;

export function compileKeyGroups(
  raw: readonly unknown[],
  publicKeys: ReadonlyMap<string, TrustedPublicKey>,
  listPath: string,
): ReadonlyMap<string, CompiledKeyGroup> {
  const groups = new Map<string, CompiledKeyGroup>();
  raw.forEach((entryRaw, index) => {
    const path = `${listPath}[${index}]`;
    const entry = readObject(entryRaw, path);
    const id = requiredString(entry, 'Id', path);
    if (groups.has(id))
      throw new DistributionConfigError(`${path}.Id`, 'InvalidArgument', `"${id}" is defined twice`);
    const configPath = `${path}.KeyGroupConfig`;
    const config = requiredObject(entry, 'KeyGroupConfig', path);
    const name = requiredString(config, 'Name', configPath);
    optionalString(config, 'Comment', configPath);
    // KeyGroupConfig.Items is a plain array, without Quantity (AWS: "Amazon CloudFront API Reference").
    const items = config.Items;
    if (!Array.isArray(items) || items.length === 0)
      throw new DistributionConfigError(
        `${configPath}.Items`,
        'InvalidArgument',
        'must list at least one public key id',
      );
    if (items.length > MAX_KEYS_PER_GROUP)
      throw new DistributionConfigError(
        `${configPath}.Items`,
        'TooManyPublicKeysInKeyGroup',
        `${items.length} keys exceed ${MAX_KEYS_PER_GROUP}`,
      );
    const keys = items.map((keyId: unknown, keyIndex) => {
      const keyPath = `${configPath}.Items[${keyIndex}]`;
      if (typeof keyId !== 'string')
        throw new DistributionConfigError(keyPath, 'InvalidArgument', 'must be a string');
      const key = publicKeys.get(keyId);
      if (key === undefined)
        throw new DistributionConfigError(keyPath, 'NoSuchPublicKey', `no public key has the id "${keyId}"`);
      return key;
    });
    groups.set(id, Object.freeze({ id, name, keys: Object.freeze(keys) }));
  });
  return groups;
}
