// Whether a header name or value can be written at all. Node refuses (and the connection is lost) a value
// holding CR, LF, NUL or any character outside latin1; the writers check with these first and drop the field.

// RFC 9110 §5.1 field-name = token.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// RFC 9110 §5.5 field-value: HTAB, SP, VCHAR and obs-text; node's own check is the same set.
const NOT_FIELD_VALUE = /[^\t\u0020-\u007e\u0080-\u00ff]/;

export function isHeaderFieldName(name: string): boolean {
  return TOKEN.test(name);
}

export function isHeaderFieldValue(value: string): boolean {
  return !NOT_FIELD_VALUE.test(value);
}
