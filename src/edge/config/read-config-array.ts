// Reads an optional array member of the `edge` config section: absent or null is empty, anything but an
// array is a ConfigError naming the JSON path.

import { ConfigError } from '../../config/config-error.ts';

export function readConfigArray(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError(path, 'must be an array');
  return value;
}
