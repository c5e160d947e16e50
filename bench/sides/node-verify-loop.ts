// The anchor for a signed request whose signature was never seen: bare Node verifying an RSA-2048 SHA-1
// signature over a custom policy of the bench's size, in a loop, nothing else. Run pinned to the server CPU
// as `node node-verify-loop.ts <seconds>`; prints one `VERIFY_JSON {…}` line (verifies, wall and CPU time).

import { generateKeyPairSync, sign, verify } from 'node:crypto';

const seconds = Number(process.argv[2] ?? '3');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
// A custom policy like the bench's cookie (resource wildcard, two dates), as the exact bytes that are verified.
const policy = Buffer.from(
  JSON.stringify({
    Statement: [
      {
        Resource: 'http://bench.frontgate.test/signed/*',
        Condition: {
          DateLessThan: { 'AWS:EpochTime': Math.floor(Date.now() / 1000) + 3600 },
          DateGreaterThan: { 'AWS:EpochTime': Math.floor(Date.now() / 1000) - 60 },
        },
      },
    ],
  }),
);
const signature = sign('sha1', policy, privateKey);

function loop(untilMs: number): number {
  let n = 0;
  while (performance.now() < untilMs) {
    // 16 verifies per clock read: the loop measures verify, not performance.now().
    for (let i = 0; i < 16; i++)
      if (!verify('sha1', policy, publicKey, signature)) throw new Error('verify failed');
    n += 16;
  }
  return n;
}

loop(performance.now() + 500);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const verifies = loop(t0 + seconds * 1000);
const wallSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `VERIFY_JSON ${JSON.stringify({ verifies, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`,
);
