// Watches the files a distribution snapshot was read from and calls `onChange` (debounced). Directories are
// watched, not files: editors and `mv` replace a file, which would orphan a watch on the file itself.

import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../../log/logger.ts';

export function watchSnapshotFiles(
  files: readonly string[],
  options: { readonly debounceMs: number; readonly onChange: () => void; readonly logger: Logger },
): { readonly close: () => void } {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const names = byDir.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    byDir.set(dirname(file), names);
  }
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const watcher = watch(dir, (_event, filename) => {
        if (filename !== null && !names.has(filename.toString())) return;
        clearTimeout(timer);
        timer = setTimeout(options.onChange, options.debounceMs);
      });
      watcher.on('error', (error) =>
        options.logger.warn('edge-config-watch-failed', { dir, error: error.message }),
      );
      watchers.push(watcher);
    } catch (error) {
      options.logger.warn('edge-config-watch-failed', { dir, error: (error as Error).message });
    }
  }
  return {
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
