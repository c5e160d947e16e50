// console output of one invocation, as TestFunction's FunctionExecutionLogs: one entry per console call,
// cut off once the invocation has logged 10 KB ("Function logs in CloudFront Functions are truncated at
// 10 KB", Restrictions on CloudFront Functions).

import { FUNCTION_LOG_LIMIT_BYTES } from './function-limits.ts';

export class FunctionLogBuffer {
  readonly #lines: string[] = [];
  #bytes = 0;

  push(line: string): void {
    const room = FUNCTION_LOG_LIMIT_BYTES - this.#bytes;
    if (room <= 0) return;
    const bytes = Buffer.from(line, 'utf8');
    const kept = bytes.length <= room ? line : bytes.subarray(0, room).toString('utf8');
    this.#lines.push(kept);
    this.#bytes += Math.min(bytes.length, room);
  }

  lines(): readonly string[] {
    return [...this.#lines];
  }
}
