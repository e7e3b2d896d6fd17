/**
 * Line arithmetic over decoded source text, using the same line breaks as Babel
 * (`\r\n`, `\r`, `\n`, U+2028, U+2029) so fallback and AST findings agree on positions.
 */
import type { Position } from '../rule.js';
import { regexLiteralEnd, startsRegex } from '../util/regex-literal.js';
import { lastAtOrBefore } from '../util/search.js';

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

export class SourceText {
  readonly text: string;
  private starts: number[] | undefined;

  constructor(text: string) {
    this.text = text;
  }

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (const match of this.text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
      this.starts = starts;
    }
    return this.starts;
  }

  /** 0-based offset -> 1-based line and 1-based column (UTF-16 code units). */
  position(offset: number): Position {
    const starts = this.lineStarts();
    const line = lastAtOrBefore(starts, offset);
    return { line: line + 1, column: offset - starts[line]! + 1 };
  }

  /** 0-based offset where a 1-based line starts. */
  lineStart(line: number): number | undefined {
    return this.lineStarts()[line - 1];
  }

  /** The text of a 1-based line without its line break. */
  line(line: number): string {
    const starts = this.lineStarts();
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    const raw = this.text.slice(start, next ?? this.text.length);
    return raw.replace(/(\r\n|[\n\r\u2028\u2029])$/, '');
  }
}

/**
 * Replaces the content of every quoted string and comment on a line with `…`, so a code frame or a
 * fingerprint built from the line cannot carry a key. An unterminated quote masks the rest of the
 * line. Text this cannot recognise (JSX text, a line inside a multi-line template) is covered by
 * `scrubSecrets`, which removes the reported keys themselves.
 */
export function maskStrings(line: string, openQuote?: string): string {
  let out = '';
  let i = 0;
  if (openQuote) {
    // The line starts inside a string literal (after a U+2028 in it, or in a multi-line template).
    let j = 0;
    while (j < line.length && line[j] !== openQuote) j += line[j] === '\\' ? 2 : 1;
    out = `…${openQuote}`;
    i = j + 1;
    if (j >= line.length) return '…';
  }
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '/' && line[i + 1] === '/') return out + line.slice(i, i + 2) + ' …';
    if (ch === '/' && line[i + 1] === '*') {
      const close = line.indexOf('*/', i + 2);
      out += '/* … */';
      if (close < 0) return out;
      i = close + 2;
      continue;
    }
    const regexEndsAt = ch === '/' && startsRegex(out) ? regexLiteralEnd(line, i) : -1;
    if (regexEndsAt > 0) {
      // A regex literal (`/['"]/`): its quotes are not string delimiters. Masked like a string.
      out += '/…/';
      i = regexEndsAt;
      continue;
    }
    if (ch !== '"' && ch !== "'" && ch !== '`') {
      out += ch;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
    out += `${ch}…${ch}`;
    i = j + 1;
  }
  return out;
}

/** Pieces of a key long enough to identify it: the whole value and its runs of key-like characters. */
function secretPieces(secret: string): string[] {
  const pieces = secret.split(/[^A-Za-z0-9+/=_-]+/).filter((p) => p.length >= 6);
  return secret.length >= 4 ? [secret, ...pieces] : pieces;
}

/** Removes every occurrence of the given keys (and of their long pieces) from a line. */
export function scrubSecrets(line: string, secrets: Iterable<string>): string {
  let out = line;
  for (const secret of secrets) {
    for (const piece of secretPieces(secret).sort((a, b) => b.length - a.length)) {
      if (out.includes(piece)) out = out.split(piece).join('…');
    }
  }
  return out;
}
