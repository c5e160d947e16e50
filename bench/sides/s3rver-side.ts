// The reference S3 server: s3rver (npm) in its own Node 24 process, pinned to the server CPU,
// with the benchmark bucket created at start-up (docs/benchmarks.md).

import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ProcessGroup } from '../lib/child-processes.ts';
import { findFreePort, waitForPort } from '../lib/child-processes.ts';
import type { S3Endpoint } from '../lib/presign-s3.ts';

export type RunningS3rver = { readonly pid: number; readonly endpoint: S3Endpoint; readonly bucket: string };

/** s3rver's built-in account (lib/models/account.js); it verifies SigV4 against these. */
const S3RVER_KEY = 'S3RVER';

export async function startS3rver(input: {
  readonly group: ProcessGroup;
  readonly workDir: string;
  readonly serverCpu?: number;
}): Promise<RunningS3rver> {
  const require = createRequire(import.meta.url);
  const script = join(dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
  const dataDir = join(input.workDir, 's3rver-data');
  await mkdir(dataDir, { recursive: true });
  const port = await findFreePort('127.0.0.1');
  const bucket = 'bench';
  const nodeArgs = [
    script,
    '-d',
    dataDir,
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '--silent',
    '--configure-bucket',
    bucket,
  ];
  const [command, args] =
    input.serverCpu === undefined
      ? [process.execPath, nodeArgs]
      : ['taskset', ['-c', String(input.serverCpu), process.execPath, ...nodeArgs]];
  const child = input.group.start(command as string, args as string[], {
    logFile: join(input.workDir, 's3rver.log'),
  });
  await waitForPort('127.0.0.1', port, 15_000);
  if (child.pid === undefined) throw new Error('s3rver did not start');
  return {
    pid: child.pid,
    bucket,
    endpoint: {
      url: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      accessKeyId: S3RVER_KEY,
      secretAccessKey: S3RVER_KEY,
    },
  };
}
