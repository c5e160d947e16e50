// A JavaScript tokenizer just deep enough to find statements in function code (imports, exports and the
// keywords a runtime does not support) without being fooled by strings, comments, template literals or
// regular expressions. Syntax errors themselves are left to the engine's compiler.

export type TokenKind = 'name' | 'string' | 'template' | 'regex' | 'number' | 'punct';

export interface SourceToken {
  readonly kind: TokenKind;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** After these a `/` starts a regular expression, not a division. */
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

function isIdentifierStart(ch: string): boolean {
  return /[A-Za-z_$\u0080-\uffff]/.test(ch);
}

function isIdentifierPart(ch: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);
}

function regexAllowedAfter(previous: SourceToken | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'name') return KEYWORDS_BEFORE_EXPRESSION.has(previous.value);
  if (previous.kind === 'punct')
    return !(previous.value === ')' || previous.value === ']' || previous.value === '}');
  return false;
}

const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  '**',
];

/** Tokens of `source`; an unterminated string, comment or template ends the scan at the end of the source. */
export function tokenize(source: string): SourceToken[] {
  const tokens: SourceToken[] = [];
  // Brace depth at which each open template literal's `${` was entered.
  const templateDepths: number[] = [];
  let braceDepth = 0;
  let line = 1;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, startLine: number) => {
    tokens.push({ kind, value: source.slice(start, end), start, end, line: startLine });
  };
  const scanTemplateRest = (start: number, startLine: number) => {
    // i points just after the opening backtick or the closing `}` of a substitution.
    while (i < source.length) {
      const ch = source[i]!;
      if (ch === '\\') {
        i += 2;
        continue;
      }
      if (ch === '\n') line++;
      if (ch === '`') {
        i++;
        push('template', start, i, startLine);
        return;
      }
      if (ch === '$' && source[i + 1] === '{') {
        i += 2;
        push('template', start, i, startLine);
        templateDepths.push(braceDepth);
        braceDepth++;
        return;
      }
      i++;
    }
    push('template', start, i, startLine);
  };
  while (i < source.length) {
    const ch = source[i]!;
    const start = i;
    const startLine = line;
    if (ch === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      const end = close === -1 ? source.length : close + 2;
      for (let k = i; k < end; k++) if (source[k] === '\n') line++;
      i = end;
      continue;
    }
    if (ch === '"' || ch === "'") {
      i++;
      while (i < source.length && source[i] !== ch && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, source.length);
      push('string', start, i, startLine);
      continue;
    }
    if (ch === '`') {
      i++;
      scanTemplateRest(start, startLine);
      continue;
    }
    if (
      ch === '}' &&
      templateDepths.length > 0 &&
      templateDepths[templateDepths.length - 1] === braceDepth - 1
    ) {
      templateDepths.pop();
      braceDepth--;
      i++;
      scanTemplateRest(start, startLine);
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      while (i < source.length && /[0-9A-Za-z_.]/.test(source[i]!)) i++;
      push('number', start, i, startLine);
      continue;
    }
    if (isIdentifierStart(ch) || ch === '\\') {
      i++;
      while (i < source.length && (isIdentifierPart(source[i]!) || source[i] === '\\')) i++;
      push('name', start, i, startLine);
      continue;
    }
    if (ch === '/' && regexAllowedAfter(tokens[tokens.length - 1])) {
      i++;
      let inClass = false;
      while (i < source.length && source[i] !== '\n') {
        const c = source[i]!;
        if (c === '\\') {
          i += 2;
          continue;
        }
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < source.length && isIdentifierPart(source[i]!)) i++;
      push('regex', start, Math.min(i, source.length), startLine);
      continue;
    }
    const punct = PUNCTUATORS.find((p) => source.startsWith(p, i)) ?? ch;
    i += punct.length;
    if (punct === '{') braceDepth++;
    else if (punct === '}') braceDepth--;
    push('punct', start, i, startLine);
  }
  return tokens;
}
