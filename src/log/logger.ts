// The logger every component receives as an argument: structured records, one JSON line each.
// Redaction of secrets happens here, so callers can pass whole header maps.

export type LogFields = Readonly<Record<string, unknown>>;

export type Logger = {
  readonly debug: (event: string, fields?: LogFields) => void;
  readonly info: (event: string, fields?: LogFields) => void;
  readonly warn: (event: string, fields?: LogFields) => void;
  readonly error: (event: string, fields?: LogFields) => void;
  readonly child: (fields: LogFields) => Logger;
  /** Whether records at this level are written: lets hot paths skip building a record nobody will see. */
  readonly isEnabled: (level: Level) => boolean;
};

export type Level = 'debug' | 'info' | 'warn' | 'error';
const levelRank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_KEY =
  /^(authorization|x-amz-security-token|secretaccesskey|signature|policy|x-amz-signature|cloudfront-signature|cloudfront-policy)$/i;

/** Replaces values of secret-looking fields (and CloudFront-* cookies inside cookie strings) with "[redacted]". */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else if (/^cookie$/i.test(key) && typeof inner === 'string')
      out[key] = inner.replace(/(CloudFront-(?:Signature|Policy)=)[^;]*/g, '$1[redacted]');
    else out[key] = redact(inner, depth + 1);
  }
  return out;
}

export function createJsonLogger(
  write: (line: string) => void,
  options: { level?: Level; bound?: LogFields; now?: () => Date } = {},
): Logger {
  const minRank = levelRank[options.level ?? 'info'];
  const bound = options.bound ?? {};
  const now = options.now ?? (() => new Date());
  const emit = (level: Level, event: string, fields?: LogFields): void => {
    if (levelRank[level] < minRank) return;
    const record = { time: now().toISOString(), level, event, ...bound, ...(redact(fields ?? {}) as object) };
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    child: (fields) => createJsonLogger(write, { ...options, bound: { ...bound, ...fields } }),
    isEnabled: (level) => levelRank[level] >= minRank,
  };
}

/** A logger that drops everything: the default in tests that do not look at logs. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
  isEnabled: () => false,
};
