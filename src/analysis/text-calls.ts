/**
 * Without an AST (the file does not parse), find `<obj>.sign(<arg>, '<literal>'` and
 * `<obj>.verify(<arg>, '<literal>'` where `<obj>` is bound to jsonwebtoken in the text or is named
 * like a JWT module (`jwt`, `JWT`, `jsonwebtoken`). Deliberately narrow: a syntax error must not hide
 * an inline key, and must not make the scanner guess either.
 */
import type { TextCandidate } from '../rule.js';
import { regexLiteralEnd, startsRegex } from '../util/regex-literal.js';
import { lastAtOrBefore } from '../util/search.js';

// `.sign(` / `.verify(` first, the object's name read backwards from there: a pattern that starts at
// every identifier of a large file costs several times more.
const CALL = /\.\s*(sign|verify)\s*\(/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const JWT_NAMED = /^(jwt|jsonwebtoken|jsonWebToken)$/i;
const BOUND = [
  /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(\s*['"]jsonwebtoken['"]\s*\)/g,
  /\bimport\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s+['"]jsonwebtoken['"]/g,
];
const MAX_ARG_SCAN = 2000;
const MAX_GROUPING = 10_000;

export function findInlineKeyCallsText(source: string): TextCandidate[] {
  const bound = new Set<string>();
  if (source.includes('jsonwebtoken')) for (const pattern of BOUND) for (const m of source.matchAll(pattern)) bound.add(m[1]!);
  const regionAt = regionMap(source);
  const out: TextCandidate[] = [];
  for (const m of source.matchAll(CALL)) {
    const objectEnd = skipSpaceBack(source, m.index);
    const objectStart = identifierStart(source, objectEnd);
    const object = source.slice(objectStart, objectEnd);
    if (!IDENTIFIER.test(object)) continue;
    if (!bound.has(object) && !JWT_NAMED.test(object)) continue;
    if (regionAt(objectStart) !== 'code') continue; // a call quoted in a comment or a string is an example, not code
    const afterParen = m.index + m[0].length;
    const second = skipArgument(source, afterParen);
    if (second === undefined) continue;
    const literal = readLiteral(source, skipSpace(source, second));
    if (!literal) continue;
    const next = source[skipSpace(source, literal.after ?? literal.end)];
    if (next !== ',' && next !== ')') continue;
    out.push({
      start: literal.start,
      end: literal.end,
      value: literal.value,
      sinkLabel: `jsonwebtoken.${m[1]}`,
      sinkStart: objectStart,
      sinkEnd: afterParen,
    });
  }
  return out;
}

/** The offset just after the last non-space character before `from`. */
function skipSpaceBack(source: string, from: number): number {
  let i = from;
  while (i > 0 && /\s/.test(source[i - 1]!)) i--;
  return i;
}

/** Where the run of identifier characters that ends at `end` starts. */
function identifierStart(source: string, end: number): number {
  let i = end;
  while (i > 0 && /[\w$]/.test(source[i - 1]!)) i--;
  return i;
}

/** From the start of an argument, the offset just after its top-level comma. */
function skipArgument(source: string, from: number): number | undefined {
  let depth = 0;
  const limit = Math.min(source.length, from + MAX_ARG_SCAN);
  for (let i = from; i < limit; i++) {
    const ch = source[i]!;
    if (ch === '"' || ch === "'" || ch === '`') {
      const end = closingQuote(source, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) return undefined;
      depth--;
    } else if (ch === ',' && depth === 0) return i + 1;
  }
  return undefined;
}

function skipSpace(source: string, from: number): number {
  let i = from;
  while (i < source.length && /\s/.test(source[i]!)) i++;
  return i;
}

/** A key literal longer than this is not looked for: it bounds the work on unterminated quotes. */
const MAX_LITERAL = 4096;

function closingQuote(source: string, open: number): number | undefined {
  const quote = source[open];
  const limit = Math.min(source.length, open + MAX_LITERAL);
  for (let i = open + 1; i < limit; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i;
    else if (quote !== '`' && (ch === '\n' || ch === '\r')) return undefined;
  }
  return undefined;
}

/** A quoted string without interpolation starting at `start`, with its unescaped value. */
function readLiteral(source: string, from: number): { start: number; end: number; value: string; after?: number } | undefined {
  // `jwt.sign(p, ((('key'))))`: grouping parentheses do not change the value.
  let start = from;
  let opened = 0;
  while (source[start] === '(' && opened < MAX_GROUPING) {
    start = skipSpace(source, start + 1);
    opened++;
  }
  const quote = source[start];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  const close = closingQuote(source, start);
  if (close === undefined) return undefined;
  const raw = source.slice(start + 1, close);
  if (quote === '`' && raw.includes('${')) return undefined;
  let end = close + 1;
  for (let i = 0; i < opened; i++) {
    end = skipSpace(source, end);
    if (source[end] !== ')') return undefined;
    end++;
  }
  return { start, end: close + 1, value: unescape(raw), ...(opened > 0 ? { after: end } : {}) };
}

function unescape(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/gs, (_, esc: string) => {
    if (esc.startsWith('u{')) {
      const code = parseInt(esc.slice(2, -1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : esc;
    }
    if (esc.startsWith('u') || esc.startsWith('x')) return String.fromCharCode(parseInt(esc.slice(1), 16));
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };
    return simple[esc] ?? esc;
  });
}

export type TextRegion = 'code' | 'comment' | 'string';

/**
 * What each offset of a source is (code, comment or string content) by a single forward pass that
 * knows quotes, template literals (without nesting) and comments. Good enough for a file the parser
 * rejected; regex literals are not recognised and count as code.
 */
const LINE_END = /[\n\r\u2028\u2029]/g;

export function regionMap(source: string): (offset: number) => TextRegion {
  // Built on the first question, once per text: several text fallbacks ask about the same window of
  // a large file, most of them never (no call or token in it).
  if (source === lastMapped?.source) return lastMapped.regionAt;
  let regionAt: ((offset: number) => TextRegion) | undefined;
  const lazy = (offset: number) => (regionAt ??= buildRegionMap(source))(offset);
  lastMapped = { source, regionAt: lazy };
  return lazy;
}

let lastMapped: { source: string; regionAt: (offset: number) => TextRegion } | undefined;

function buildRegionMap(source: string): (offset: number) => TextRegion {
  const bounds: number[] = []; // start offsets of alternating regions, kinds in `kinds`
  const kinds: TextRegion[] = [];
  const open = (at: number, kind: TextRegion) => {
    if (kinds[kinds.length - 1] !== kind) {
      bounds.push(at);
      kinds.push(kind);
    }
  };
  let i = 0;
  open(0, 'code');
  while (i < source.length) {
    const ch = source[i]!;
    const next = source[i + 1];
    let end = -1;
    let kind: TextRegion = 'code';
    if (ch === '/' && next === '/') {
      // A line comment ends at any line terminator (a lone CR, U+2028 too, as in JavaScript).
      LINE_END.lastIndex = i;
      end = LINE_END.exec(source)?.index ?? source.length;
      kind = 'comment';
    } else if (ch === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      end = close < 0 ? source.length : close + 2;
      kind = 'comment';
    } else if (ch === '/' && startsRegex(source.slice(Math.max(0, i - 16), i)) && (end = regexLiteralEnd(source, i)) > 0) {
      kind = 'string'; // a regex literal: its quotes open no string
    } else if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      // U+2028/U+2029 may stand inside a string literal (ES2019); only CR and LF end an unterminated one.
      while (j < source.length && source[j] !== ch && (ch === '`' || (source[j] !== '\n' && source[j] !== '\r'))) j += source[j] === '\\' ? 2 : 1;
      end = Math.min(source.length, j + 1);
      kind = 'string';
    }
    if (end < 0) {
      i++;
      continue;
    }
    open(i, kind);
    open(end, 'code');
    i = end;
  }
  return (offset) => kinds[lastAtOrBefore(bounds, offset)]!;
}
