/**
 * The streaming text pass for files too large to read whole (over --max-file-size) or to parse
 * (over the parse limit): the bytes go through in windows of bounded size, each window is checked by
 * the rules' text fallbacks (`scanText`), and positions are mapped back to the whole file. Memory
 * stays bounded by the window size whatever the file size; a key that straddles two windows is
 * found thanks to the overlap, and reported once.
 */
import type { AnyRule, Diagnostic, Finding, Region, RuleSettings } from '../rule.js';
import { NO_SETTINGS } from '../rule.js';
import { FileReport } from './file-report.js';
import { rulesForSource } from './prefilter.js';

const WINDOW = 1024 * 1024;
/** Longer than any JWT call with an inline key the text fallback recognises. */
const OVERLAP = 16 * 1024;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

export async function scanTextStream(
  file: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  rules: readonly AnyRule[],
  settings: RuleSettings = NO_SETTINGS,
): Promise<Finding[]> {
  const textRules = rules.filter((r) => r.scanText);
  const found = new Map<string, Finding>();
  let pending = '';
  // Where `pending` starts in the whole file: 1-based line, and 1-based column on that line.
  let line = 1;
  let column = 1;

  // The head of the file (imports, `var o = require('jsonwebtoken')` in a bundle) is prepended to
  // every later window, so a call far down the file is still recognised as a JWT call.
  let head: string | undefined;
  const check = (windowText: string) => {
    const prefix = head === undefined ? '' : `${head}\n`;
    const prefixLines = prefix === '' ? 0 : (prefix.match(LINE_BREAKS) ?? []).length;
    const text = prefix + windowText;
    const report = new FileReport(file, text);
    for (const rule of rulesForSource(text, textRules, settings, true)) {
      rule.scanText!({ file, source: text, settings, report: (d) => report.addTextFinding(rule, d) });
    }
    for (const finding of report.finish()) {
      if (finding.region.start.line <= prefixLines) continue; // in the head: found by the first window
      const at = (r: Region) => shift(unprefix(r, prefixLines), line, column);
      const shifted = { ...finding, region: at(finding.region), related: finding.related.map((r) => ({ ...r, region: at(r.region) })) };
      const key = `${shifted.ruleId}:${shifted.region.start.line}:${shifted.region.start.column}`;
      if (!found.has(key)) found.set(key, shifted);
    }
  };
  /** Moves the window start past `consumed` (never ending between CR and LF), keeping line and column in step. */
  const advance = (consumed: string) => {
    const breaks = consumed.match(LINE_BREAKS) ?? [];
    if (breaks.length === 0) {
      column += consumed.length;
      return;
    }
    line += breaks.length;
    const lastBreak = Math.max(...['\n', '\r', '\u2028', '\u2029'].map((b) => consumed.lastIndexOf(b)));
    column = consumed.length - lastBreak;
  };

  let decoder: InstanceType<typeof TextDecoder> | undefined;
  for await (const chunk of chunks) {
    // UTF-16 with a BOM is decoded as such, as the whole-file reader does; anything else as UTF-8.
    decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8');
    pending += decoder.decode(chunk, { stream: true });
    while (pending.length >= WINDOW + OVERLAP) {
      check(pending.slice(0, WINDOW + OVERLAP));
      head ??= pending.slice(0, OVERLAP);
      const cut = pending[WINDOW - 1] === '\r' && pending[WINDOW] === '\n' ? WINDOW + 1 : WINDOW;
      advance(pending.slice(0, cut));
      pending = pending.slice(cut);
    }
  }
  pending += decoder?.decode() ?? '';
  if (pending.length > 0) check(pending);
  return [...found.values()];
}

/** A region in `head + '\n' + window` as a region in the window. */
function unprefix(region: Region, prefixLines: number): Region {
  const move = (p: Region['start']) => ({ line: p.line - prefixLines, column: p.column });
  return { start: move(region.start), end: move(region.end) };
}

/** A region found in a window that starts at (line, column) of the file. */
function shift(region: Region, line: number, column: number): Region {
  const move = (p: Region['start']) => ({ line: p.line + line - 1, column: p.line === 1 ? p.column + column - 1 : p.column });
  return { start: move(region.start), end: move(region.end) };
}

/** The note of a file over --max-file-size that the streaming pass checked (`tooLarge`: the read's diagnostic). */
export function streamedNote(tooLarge: Diagnostic): Diagnostic {
  return { ...tooLarge, message: `${tooLarge.message}; checked for inline keys by the streaming text pass only` };
}

/** The note of a file over the parse limit that the text pass checked instead. */
export function parseLimitNote(file: string, characters: number, maxParseSize: number): Diagnostic {
  return {
    kind: 'large-file',
    level: 'note',
    file,
    message: `not parsed: ${characters} characters is over the parse limit of ${maxParseSize} (--max-parse-size); checked by the text pass only`,
  };
}

