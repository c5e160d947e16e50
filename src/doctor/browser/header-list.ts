// Response/request header access shared by the browser model: header names are case-insensitive, and a
// header sent several times reads as one value joined by ", " — what Chromium's net stack hands to CORS checks.

/** Headers as Node and undici give them: lower- or mixed-case names, repeated headers as arrays. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The combined value of `name` (repeated headers joined by ", "), or undefined when absent. */
export function getHeader(headers: HeaderRecord, name: string): string | undefined {
  const values = getHeaderValues(headers, name);
  return values.length === 0 ? undefined : values.join(', ');
}

/** Every value of `name` separately (a repeated `Set-Cookie` stays a list). */
export function getHeaderValues(headers: HeaderRecord, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (typeof value === 'string') values.push(value);
    else values.push(...value);
  }
  return values;
}
