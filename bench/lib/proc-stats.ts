// Reads a server's memory and CPU from procfs (Linux only): the process and all its descendants,
// so nginx's worker and any child Node spawns are counted with their parent.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

export type TreeMemory = { readonly rssKiB: number; readonly hwmKiB: number };

/** Clock ticks per second for utime/stime in /proc/<pid>/stat; 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `pid` plus every live descendant, found through each process's parent pid. */
export function listProcessTree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (stat === undefined) continue;
    // The command name sits in parentheses and may contain spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parentOf.set(Number(name), Number(fields[1]));
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parentOf) if (parent === tree[i] && !tree.includes(child)) tree.push(child);
  }
  return tree.filter((p) => parentOf.has(p));
}

function statusKiB(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

/** Current resident set (VmRSS) and high-water mark (VmHWM) summed over the process tree. */
export function readTreeMemory(pids: readonly number[]): TreeMemory {
  let rssKiB = 0;
  let hwmKiB = 0;
  for (const pid of pids) {
    const status = readText(`/proc/${pid}/status`);
    if (status === undefined) continue;
    rssKiB += statusKiB(status, 'VmRSS');
    hwmKiB += statusKiB(status, 'VmHWM');
  }
  return { rssKiB, hwmKiB };
}

/**
 * Resets VmHWM to the current RSS (writing "5" to clear_refs, Linux ≥ 4.0), so the next reading is the
 * peak of this measurement only, not of the process's whole life. Returns false where the kernel refuses.
 */
export function resetPeakMemory(pids: readonly number[]): boolean {
  let ok = true;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      ok = false;
    }
  }
  return ok;
}

/** utime + stime of the tree, in seconds. */
export function readTreeCpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readText(`/proc/${pid}/stat`);
    if (stat === undefined) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state (field 3 of stat(5)); utime and stime are fields 14 and 15.
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS_PER_SECOND;
}
