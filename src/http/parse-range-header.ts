// Single byte-range parsing as S3 applies it (AWS: "Amazon S3 API Reference" GetObject Range): one range or nothing.
// Multi-range and syntactically invalid values are ignored (full 200), as S3 does.

export type RangeDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'ignored'; readonly reason: 'not-bytes' | 'syntax' | 'multiple' }
  | { readonly kind: 'satisfiable'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const SINGLE = /^(\d*)-(\d*)$/;

/** Decides what a `Range` header means for an object of `size` bytes; `end` is inclusive. */
export function parseRangeHeader(value: string | undefined, size: number): RangeDecision {
  if (value === undefined) return { kind: 'none' };
  const text = value.trim();
  const eq = text.indexOf('=');
  if (eq < 0 || text.slice(0, eq).trim().toLowerCase() !== 'bytes')
    return { kind: 'ignored', reason: 'not-bytes' };
  const spec = text.slice(eq + 1).trim();
  if (spec.includes(',')) return { kind: 'ignored', reason: 'multiple' };
  const m = SINGLE.exec(spec.replace(/\s+/g, ''));
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'ignored', reason: 'syntax' };
  if (m[1] === '') {
    // Suffix range: the last n bytes; `-0` and any suffix of an empty object cannot be satisfied.
    const n = Number(m[2]);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'satisfiable', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? undefined : Number(m[2]);
  if (end !== undefined && end < start) return { kind: 'ignored', reason: 'syntax' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'satisfiable', start, end: end === undefined ? size - 1 : Math.min(end, size - 1) };
}

/** `bytes a-b/size` for 206 responses. */
export function renderContentRange(start: number, end: number, size: number): string {
  return `bytes ${start}-${end}/${size}`;
}
