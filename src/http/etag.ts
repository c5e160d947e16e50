// Entity-tag lists and comparison (RFC 9110 §8.8.3, docs/decisions/) for If-Match / If-None-Match on S3 and the edge.

/** Parses `*` or a comma-separated list of entity tags; unquoted tokens are accepted (S3 tolerates them). */
export function parseEtagList(value: string): '*' | readonly string[] {
  const text = value.trim();
  if (text === '*') return '*';
  const tags: string[] = [];
  const re = /\s*(W\/)?("[^"]*"|[^,\s]+)\s*(?:,|$)/gy;
  let match: RegExpExecArray | null = re.exec(text);
  while (match !== null && match[0] !== '') {
    tags.push((match[1] ?? '') + match[2]);
    match = re.exec(text);
  }
  return tags;
}

/** The opaque part of a tag without `W/` and quotes: `W/"abc"` → `abc`. */
export function opaqueEtag(tag: string): string {
  const t = tag.startsWith('W/') ? tag.slice(2) : tag;
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** Strong comparison (If-Match): weak tags never match. */
export function etagMatchesStrong(header: string, etag: string): boolean {
  const list = parseEtagList(header);
  if (list === '*') return true;
  if (etag.startsWith('W/')) return false;
  return list.some((tag) => !tag.startsWith('W/') && opaqueEtag(tag) === opaqueEtag(etag));
}

/** Weak comparison (If-None-Match): `W/` prefixes are ignored on both sides. */
export function etagMatchesWeak(header: string, etag: string): boolean {
  const list = parseEtagList(header);
  if (list === '*') return true;
  return list.some((tag) => opaqueEtag(tag) === opaqueEtag(etag));
}
