// Builds the `edge` config section the benchmark runs Frontgate with, and, once the server is up, how wrk
// reaches it (see frontgate-edge.ts). Kept apart so the harness still runs the S3 entries without an edge.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Available } from '../bench-context.ts';
import type { FrontgateEdge } from './frontgate-edge.ts';
import type { RunningFrontgate } from './frontgate-side.ts';

export type EdgePlan = {
  readonly edgeSection: Record<string, unknown>;
  readonly extraBuckets: readonly Record<string, unknown>[];
  readonly finish: (running: RunningFrontgate) => FrontgateEdge;
};

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export async function planFrontgateEdge(input: { readonly workDir: string }): Promise<Available<EdgePlan>> {
  void input;
  if (!existsSync(join(REPO_ROOT, 'src', 'server', 'edge-service.ts'))) {
    return { kind: 'missing', reason: 'edge service not in this checkout yet (src/server/edge-service.ts)' };
  }
  return { kind: 'missing', reason: 'edge config format not wired into the bench yet' };
}
