// HTTP dates (RFC 9110 §5.6.7): format as IMF-fixdate, parse the three historic forms.
// Used by the S3 API for Last-Modified / conditionals and by the edge for caching headers.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC_850 =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** `Tue, 15 Nov 1994 08:12:31 GMT` — sub-second precision is dropped, as on the wire. */
export function formatHttpDate(date: Date): string {
  return date.toUTCString();
}

/**
 * `formatHttpDate` for a clock reading in ms, computed once per second: a server's `Date` header changes
 * once a second however many responses carry it (RFC 9110 §6.6.1).
 */
export function createHttpDateFormatter(): (nowMs: number) => string {
  let second = Number.NaN;
  let text = '';
  return (nowMs) => {
    const s = Math.floor(nowMs / 1000);
    if (s !== second) {
      second = s;
      text = formatHttpDate(new Date(s * 1000));
    }
    return text;
  };
}

function build(year: number, month: string, day: number, h: number, m: number, s: number): Date | undefined {
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const date = new Date(Date.UTC(year, monthIndex, day, h, m, Math.min(s, 59)));
  return date.getUTCDate() === day ? date : undefined;
}

/** Parses IMF-fixdate, RFC 850 and asctime forms; anything else is `undefined` (callers then ignore the header). */
export function parseHttpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let m = IMF_FIXDATE.exec(text);
  if (m) return build(Number(m[3]), m[2], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC_850.exec(text);
  if (m) {
    // RFC 9110: a two-digit year more than 50 years in the future means the previous century.
    const yy = Number(m[3]);
    const year = yy + (yy < 70 ? 2000 : 1900);
    return build(year, m[2], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = ASCTIME.exec(text);
  if (m) return build(Number(m[6]), m[1], Number(m[2].trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  return undefined;
}

/** Whole seconds since the epoch: HTTP dates have one-second resolution, so comparisons must too. */
export function toHttpSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
