// IAM's wildcard match for actions, resources and the `...Like` condition operators: `*` stands for any
// run of characters (`/` and `:` included), `?` for exactly one. IAM JSON policy elements: Resource,
// Action; condition operators (AWS IAM User Guide).

/** Whether `value` matches `pattern`; linear backtracking on the last `*`, no regular expressions. */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let resume = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** `ArnLike`/`ArnEquals`: the six colon-separated parts are matched one by one, the last taking the rest. */
export function matchesArn(pattern: string, value: string): boolean {
  const split = (arn: string): string[] => {
    const parts = arn.split(':');
    return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const v = split(value);
  if (p.length !== 6 || v.length !== 6) return false;
  return p.every((part, i) => matchesWildcard(part, v[i] as string));
}
