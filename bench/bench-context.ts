// What the entries need from the run: fixture files, the servers that started (or why not), and memoised
// seeding so each object is uploaded once per server however many entries use it.

import { join } from 'node:path';
import type { RunningNginx } from './sides/nginx-side.ts';
import type { RunningS3rver } from './sides/s3rver-side.ts';
import type { RunningFrontgate } from './sides/frontgate-side.ts';
import type { FrontgateEdge } from './sides/frontgate-edge.ts';
import { SkipError } from './bench-types.ts';
import type { FixtureName } from './lib/fixtures.ts';
import { createPresigner, putFile } from './lib/presign-s3.ts';
import type { Presigner, S3Endpoint } from './lib/presign-s3.ts';

export type Available<T> =
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'missing'; readonly reason: string };

export type BenchContext = {
  readonly fixturesDir: string;
  readonly fixture: (name: FixtureName) => string;
  readonly frontgate: Available<RunningFrontgate>;
  readonly frontgateEdge: Available<FrontgateEdge>;
  /** A second Frontgate whose edge runs with `signatureCacheEntries: 0` (signed-access entry only). */
  readonly frontgateNoSignatureCache: Available<RunningFrontgate>;
  readonly frontgateEdgeNoSignatureCache: Available<FrontgateEdge>;
  readonly s3rver: Available<RunningS3rver>;
  readonly nginx: Available<RunningNginx>;
  /** Presigner for an S3 endpoint (one SDK client per endpoint). */
  readonly presigner: (endpoint: S3Endpoint) => Presigner;
  /** Uploads a fixture to bucket/key once (later calls reuse the first upload). */
  readonly seed: (endpoint: S3Endpoint, bucket: string, key: string, fixture: FixtureName) => Promise<void>;
  readonly close: () => void;
};

export function need<T>(available: Available<T>): T {
  if (available.kind === 'missing') throw new SkipError(available.reason);
  return available.value;
}

export function createBenchContext(input: {
  readonly fixturesDir: string;
  readonly frontgate: Available<RunningFrontgate>;
  readonly frontgateEdge: Available<FrontgateEdge>;
  /** A second Frontgate whose edge runs with `signatureCacheEntries: 0` (signed-access entry only). */
  readonly frontgateNoSignatureCache: Available<RunningFrontgate>;
  readonly frontgateEdgeNoSignatureCache: Available<FrontgateEdge>;
  readonly s3rver: Available<RunningS3rver>;
  readonly nginx: Available<RunningNginx>;
}): BenchContext {
  const presigners = new Map<string, Presigner>();
  const seeded = new Map<string, Promise<void>>();
  const presigner = (endpoint: S3Endpoint) => {
    let p = presigners.get(endpoint.url);
    if (p === undefined) presigners.set(endpoint.url, (p = createPresigner(endpoint)));
    return p;
  };
  const fixture = (name: FixtureName) => join(input.fixturesDir, name);
  return {
    ...input,
    fixture,
    presigner,
    seed: (endpoint, bucket, key, name) => {
      const id = `${endpoint.url}/${bucket}/${key}`;
      let done = seeded.get(id);
      if (done === undefined) {
        done = presigner(endpoint)
          .presign('PUT', bucket, key)
          .then((url) => putFile(url, fixture(name)));
        seeded.set(id, done);
      }
      return done;
    },
    close: () => {
      for (const p of presigners.values()) p.close();
    },
  };
}
