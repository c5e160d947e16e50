// A throwaway single-node Ceph cluster with its RADOS Gateway for one fleet test file, started by
// scripts/start-ceph-rgw.sh (never installing: `npm run test:fleet` does that) and stopped after the file.
// `skip` carries the script's reason when Ceph cannot run here.

import { execFile } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '../../scripts/start-ceph-rgw.sh');

export type CephGateway = {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly dataDir: string;
  readonly startSeconds: number;
  readonly cephVersion: string;
};

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('bash', [SCRIPT, ...args], { timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

export async function startTestCeph(
  dir: string,
): Promise<{ gateway: CephGateway; stop: () => Promise<void> } | { skip: string }> {
  const started = await run(['start', '--no-install', dir]);
  if (started.code !== 0)
    return {
      skip: `Ceph RGW is not available here (start-ceph-rgw.sh exit ${started.code}): ${
        started.stderr.trim().split('\n')[0] ?? 'no reason given'
      }`,
    };
  const gateway = JSON.parse(started.stdout) as CephGateway;
  return {
    gateway,
    stop: async () => {
      await run(['stop', gateway.dataDir]);
    },
  };
}
