// Fallback used only while `frontgate serve` cannot start (the edge service not landed yet): runs the same S3
// composition as src/server/start-frontgate.ts — file store + S3 service from the same config file — and prints
// the CLI's ready lines, so the S3 entries still measure Frontgate's real store and request path.
// Usage: node bench/sides/frontgate-s3-launcher.ts --config FILE

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../src/config/index.ts';
import { createJsonLogger } from '../../src/log/logger.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createFileObjectStore } from '../../src/store/index.ts';

const { values } = parseArgs({ options: { config: { type: 'string' } } });
if (values.config === undefined) throw new Error('--config FILE is required');
const config = loadConfigFile(values.config);
const logger = createJsonLogger((text: string) => process.stderr.write(text), { level: 'warn' });
const store = await createFileObjectStore({ dataDir: join(config.dataDir, 's3') });
const s3 = await startS3Service(config.s3, { store, logger });
process.stdout.write(`S3 API:  ${s3.url}\nReady. (bench S3 launcher)\n`);
const stop = async () => {
  await s3.close();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
