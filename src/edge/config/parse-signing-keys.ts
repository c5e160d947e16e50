// The account-level tables signed access trusts, as the `edge` config section lists them: CloudFront public
// keys (`{ Id, PublicKeyConfig }`, PEM inline or a file) and legacy trusted signers (key pair ids).

import type { ConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { readObject, requiredObject, requiredString } from '../distribution/aws-json-reader.ts';
import type { TrustedSignerEntry } from '../distribution/compile-distribution.ts';
import { readConfigArray } from './read-config-array.ts';

export type EdgePublicKeySource = {
  readonly id: string;
  readonly name: string;
  readonly jsonPath: string;
  /** Inline PEM, or an absolute file path to read at load time. */
  readonly encodedKey:
    | { readonly kind: 'pem'; readonly pem: string }
    | { readonly kind: 'file'; readonly path: string };
};

export function parsePublicKeys(
  value: unknown,
  ctx: ConfigContext,
  path: string,
): readonly EdgePublicKeySource[] {
  const ids = new Set<string>();
  return Object.freeze(
    readConfigArray(value, path).map((entryRaw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(entryRaw, entryPath);
      const id = requiredString(entry, 'Id', entryPath);
      if (!/^[A-Z0-9]{1,64}$/.test(id))
        throw new ConfigError(
          `${entryPath}.Id`,
          `"${id}" is not a public key id (upper-case letters and digits, e.g. K2JCJMDEHXQW5F)`,
        );
      if (ids.has(id)) throw new ConfigError(`${entryPath}.Id`, `"${id}" is used twice`);
      ids.add(id);
      const configPath = `${entryPath}.PublicKeyConfig`;
      const config = requiredObject(entry, 'PublicKeyConfig', entryPath);
      requiredString(config, 'CallerReference', configPath);
      const name = requiredString(config, 'Name', configPath);
      const encoded = requiredString(config, 'EncodedKey', configPath);
      const jsonPath = `${configPath}.EncodedKey`;
      return Object.freeze({
        id,
        name,
        jsonPath,
        encodedKey: encoded.includes('-----BEGIN')
          ? Object.freeze({ kind: 'pem' as const, pem: encoded })
          : Object.freeze({ kind: 'file' as const, path: ctx.resolvePath(encoded) }),
      });
    }),
  );
}

export function parseTrustedSigners(value: unknown, path: string): readonly TrustedSignerEntry[] {
  return Object.freeze(
    readConfigArray(value, path).map((entryRaw, index) => {
      const entryPath = `${path}[${index}]`;
      const entry = readObject(entryRaw, entryPath);
      const account = requiredString(entry, 'AwsAccountNumber', entryPath);
      if (account !== 'self' && !/^\d{12}$/.test(account))
        throw new ConfigError(
          `${entryPath}.AwsAccountNumber`,
          `"${account}" is not "self" or a 12-digit account number`,
        );
      const keyPairIds = readConfigArray(entry.KeyPairIds, `${entryPath}.KeyPairIds`).map(
        (keyPairId, keyIndex) => {
          if (typeof keyPairId !== 'string' || keyPairId === '')
            throw new ConfigError(`${entryPath}.KeyPairIds[${keyIndex}]`, 'must be a key pair id');
          return keyPairId;
        },
      );
      return Object.freeze({ AwsAccountNumber: account, KeyPairIds: Object.freeze(keyPairIds) });
    }),
  );
}
