// The `edge.originAccessControls` table: `{ Id, OriginAccessControlConfig }` entries as CloudFront prints them
// (AWS: "Restrict access to an Amazon S3 origin"), validated for the fields the origin request stage uses.

import { ConfigError } from '../../config/config-error.ts';
import {
  optionalString,
  readObject,
  requiredObject,
  requiredString,
} from '../distribution/aws-json-reader.ts';
import type { OriginAccessControlEntry } from '../distribution/compile-distribution.ts';
import { readConfigArray } from './read-config-array.ts';

export function parseOriginAccessControls(value: unknown, path: string): readonly OriginAccessControlEntry[] {
  const ids = new Set<string>();
  return Object.freeze(
    readConfigArray(value, path).map((entryRaw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(entryRaw, entryPath);
      const id = requiredString(entry, 'Id', entryPath);
      if (ids.has(id)) throw new ConfigError(`${entryPath}.Id`, `"${id}" is used twice`);
      ids.add(id);
      const configPath = `${entryPath}.OriginAccessControlConfig`;
      const config = requiredObject(entry, 'OriginAccessControlConfig', entryPath);
      const name = requiredString(config, 'Name', configPath);
      if (name.length === 0 || name.length > 64)
        throw new ConfigError(`${configPath}.Name`, 'must be 1-64 characters');
      const description = optionalString(config, 'Description', configPath);
      const protocol = optionalString(config, 'SigningProtocol', configPath) ?? 'sigv4';
      if (protocol !== 'sigv4') throw new ConfigError(`${configPath}.SigningProtocol`, 'must be sigv4');
      const behavior = optionalString(config, 'SigningBehavior', configPath) ?? 'always';
      if (behavior !== 'always' && behavior !== 'never' && behavior !== 'no-override')
        throw new ConfigError(`${configPath}.SigningBehavior`, 'must be always, never or no-override');
      const originType = optionalString(config, 'OriginAccessControlOriginType', configPath) ?? 's3';
      if (
        originType !== 's3' &&
        originType !== 'mediastore' &&
        originType !== 'mediapackagev2' &&
        originType !== 'lambda'
      )
        throw new ConfigError(
          `${configPath}.OriginAccessControlOriginType`,
          'must be s3, mediastore, mediapackagev2 or lambda',
        );
      return Object.freeze({
        Id: id,
        OriginAccessControlConfig: Object.freeze({
          Name: name,
          ...(description === undefined ? {} : { Description: description }),
          SigningProtocol: protocol,
          SigningBehavior: behavior,
          OriginAccessControlOriginType: originType,
        }),
      });
    }),
  );
}
