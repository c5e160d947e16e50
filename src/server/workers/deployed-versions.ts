// Which distribution config every worker runs: the primary records each config version's distribution ETags
// as it sends the version; a distribution's deployed ETag is its ETag in the newest version every worker slot
// has acknowledged (CloudFront's `Deployed`: every edge location runs the config). Older versions are
// forgotten once a newer one is applied everywhere.

export type DeployedVersions = {
  readonly record: (
    version: number,
    distributions: readonly { readonly id: string; readonly etag: string }[],
  ) => void;
  /** The ETag of the newest version applied by every worker; undefined when that version has no such distribution. */
  readonly deployedEtag: (distributionId: string) => string | undefined;
};

export function createDeployedVersions(isApplied: (version: number) => boolean): DeployedVersions {
  const etagsByVersion = new Map<number, ReadonlyMap<string, string>>();
  return {
    record: (version, distributions) => {
      etagsByVersion.set(version, new Map(distributions.map((d) => [d.id, d.etag])));
    },
    deployedEtag: (distributionId) => {
      const versions = [...etagsByVersion.keys()].sort((a, b) => b - a);
      const newest = versions.find(isApplied);
      if (newest === undefined) return undefined;
      for (const version of versions) if (version < newest) etagsByVersion.delete(version);
      return etagsByVersion.get(newest)?.get(distributionId);
    },
  };
}
