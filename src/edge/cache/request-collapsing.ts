// Request collapsing (AWS: "Cache behavior settings"): concurrent misses for one cache key make one origin request;
// the others wait for it and are then served from the cache (logged as `Hit`). One instance per edge runtime.

export type CollapseClaim =
  | { readonly kind: 'owner'; readonly release: () => void }
  | { readonly kind: 'wait'; readonly done: Promise<void> };

export type RequestCollapser = {
  readonly claim: (key: string) => CollapseClaim;
  readonly inFlight: () => number;
};

export function createRequestCollapser(): RequestCollapser {
  const pending = new Map<string, Promise<void>>();
  return {
    claim: (key) => {
      const existing = pending.get(key);
      if (existing) return { kind: 'wait', done: existing };
      let resolve: () => void = () => {};
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      pending.set(key, done);
      let released = false;
      return {
        kind: 'owner',
        release: () => {
          if (released) return;
          released = true;
          if (pending.get(key) === done) pending.delete(key);
          resolve();
        },
      };
    },
    inFlight: () => pending.size,
  };
}
