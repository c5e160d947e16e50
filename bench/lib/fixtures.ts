// Writes the benchmark's object bodies (random bytes, so nothing compresses) into a temp directory.
// The same files are uploaded to every S3 server and served by nginx's origin, so all sides move identical bytes.

import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export const FIXTURE_SIZES = {
  '1k.bin': 1024,
  '64k.bin': 64 * 1024,
  '1m.bin': 1024 * 1024,
  '64m.bin': 64 * 1024 * 1024,
  '100m.bin': 100 * 1024 * 1024,
} as const;

export type FixtureName = keyof typeof FIXTURE_SIZES;

export async function writeFixtures(dir: string, names: readonly FixtureName[]): Promise<void> {
  for (const name of names) {
    const handle = await open(join(dir, name), 'w');
    try {
      let left: number = FIXTURE_SIZES[name];
      while (left > 0) {
        const chunk = randomBytes(Math.min(left, 1024 * 1024));
        await handle.write(chunk);
        left -= chunk.length;
      }
    } finally {
      await handle.close();
    }
  }
}
