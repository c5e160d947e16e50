// The console's front-end: plain ES modules and one stylesheet served as they are (no build step).

import { readFile } from 'node:fs/promises';

const UI_DIR = new URL('./ui/', import.meta.url);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The files of src/console/ui/ the console serves, by name. */
export const CONSOLE_ASSETS: readonly string[] = [
  'index.html',
  'console.js',
  'api.js',
  'pipeline.js',
  'views.js',
  'console.css',
  'pipeline.css',
];

export async function readConsoleAsset(
  name: string,
): Promise<{ readonly body: Buffer; readonly contentType: string } | undefined> {
  if (!CONSOLE_ASSETS.includes(name)) return undefined;
  const body = await readFile(new URL(name, UI_DIR));
  return { body, contentType: CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream' };
}
