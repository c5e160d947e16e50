// Behavior selection (AWS: "Cache behavior settings"): the first path-pattern behavior in order whose pattern matches
// the raw request path wins, else the default behavior (always last). Pure; the doctor reuses it.

import type { CompiledBehavior, CompiledDistribution } from './compiled-distribution.ts';

/** `rawPath` is the path as received on the wire (percent-encoded, no query string). */
export function selectBehavior(distribution: CompiledDistribution, rawPath: string): CompiledBehavior {
  const { behaviors } = distribution;
  for (let index = 0; index < behaviors.length - 1; index++)
    if (behaviors[index].matches(rawPath)) return behaviors[index];
  return behaviors[behaviors.length - 1];
}
