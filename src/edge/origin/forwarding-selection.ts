// Which query strings, cookies and headers reach the origin: the cache policy's selection united with the
// origin request policy's, per the combination table of AWS: "Control origin requests with a policy". Pure predicates on names.

export type SelectionBehavior = 'none' | 'whitelist' | 'allExcept' | 'all';

export type Selection = { readonly behavior: SelectionBehavior; readonly names: readonly string[] };

function selects(selection: Selection, name: string, caseInsensitive: boolean): boolean {
  const n = caseInsensitive ? name.toLowerCase() : name;
  switch (selection.behavior) {
    case 'none':
      return false;
    case 'all':
      return true;
    case 'whitelist':
      return selection.names.includes(n);
    case 'allExcept':
      return !selection.names.includes(n);
  }
}

/** The cache key's own selection (cache policy alone). */
export function createKeySelector(
  cachePolicy: Selection,
  caseInsensitive = false,
): (name: string) => boolean {
  if (cachePolicy.behavior === 'none') return () => false;
  if (cachePolicy.behavior === 'all') return () => true;
  return (name) => selects(cachePolicy, name, caseInsensitive);
}

/**
 * Cache policy ∪ origin request policy (AWS: "Control origin requests with a policy"): a value is forwarded when either selects it, except
 * that two block lists combine into one block list (their union).
 */
export function createForwardSelector(
  cachePolicy: Selection,
  originRequestPolicy: Selection | undefined,
  caseInsensitive = false,
): (name: string) => boolean {
  const orp = originRequestPolicy ?? { behavior: 'none', names: [] };
  if (cachePolicy.behavior === 'allExcept' && orp.behavior === 'allExcept') {
    const blocked = new Set([...cachePolicy.names, ...orp.names]);
    return (name) => !blocked.has(caseInsensitive ? name.toLowerCase() : name);
  }
  if (cachePolicy.behavior === 'all' || orp.behavior === 'all') return () => true;
  if (cachePolicy.behavior === 'none' && orp.behavior === 'none') return () => false;
  return (name) => selects(cachePolicy, name, caseInsensitive) || selects(orp, name, caseInsensitive);
}

/** Maps the header behaviors of cache and origin request policies onto the generic selection. */
export function headerSelection(
  behavior: 'none' | 'whitelist' | 'allViewer' | 'allViewerAndWhitelistCloudFront' | 'allExcept',
  names: readonly string[],
): Selection {
  if (behavior === 'allViewer' || behavior === 'allViewerAndWhitelistCloudFront')
    return { behavior: 'all', names };
  return { behavior, names: names.map((n) => n.toLowerCase()) };
}
