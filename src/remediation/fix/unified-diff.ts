/**
 * A unified diff of planned changes for `fix --dry-run`, built from the edits themselves (their line
 * ranges, three lines of context). Every line shown has the keys of the scan removed; every line of
 * the file shown (context, removed, and added lines that keep some of the old line) has its values
 * masked too: strings in code, as in the text report, values in config files. Only lines the fix
 * writes whole are shown as they are. The diff never carries a key, nor any other secret beside it.
 */
import { configKindOf } from '../../config-files/kind.js';
import type { ConfigFileKind } from '../../rule.js';
import { maskStrings, scrubSecrets } from '../../engine/source-text.js';
import { isSourceFile } from '../../files/walk.js';
import { lastAtOrBefore } from '../../util/search.js';
import { applyEdits } from './apply-edits.js';
import type { Edit, FileChange } from './types.js';

const CONTEXT = 3;

export function unifiedDiff(changes: readonly FileChange[], secrets: ReadonlySet<string>): string {
  return changes.map((change) => fileDiff(change, secrets)).join('');
}

function fileDiff(change: FileChange, secrets: ReadonlySet<string>): string {
  const old = change.original ?? '';
  const lines = splitLines(old);
  const starts = lineStarts(lines);
  const kind = configKindOf(change.file);
  /** Lines the fix writes whole (a start-up check, an .env.example entry): nothing of the file in them. */
  const written = new Set(change.edits.flatMap((e) => e.text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line !== '')));
  const clean = (line: string, mark: Mark) => {
    const scrubbed = scrubSecrets(line, secrets);
    if (mark === '+' && written.has(line)) return scrubbed;
    if (isSourceFile(change.file)) return maskStrings(scrubbed);
    return kind ? maskConfigValues(scrubbed, kind) : scrubbed;
  };
  const header = `--- ${change.original === undefined ? '/dev/null' : `a/${change.file}`}\n+++ b/${change.file}\n`;
  let out = '';
  /** Lines added minus lines removed by the hunks so far: where the next hunk starts in the new file. */
  let delta = 0;
  for (const span of spans(change.edits, starts, lines.length)) {
    const from = starts[span.first] ?? old.length;
    const to = starts[span.last + 1] ?? old.length;
    const inside = change.edits.filter((e) => e.start >= from && e.end <= to).map((e) => ({ ...e, start: e.start - from, end: e.end - from }));
    const before = lines.slice(span.first, span.last + 1);
    const after = splitLines(applyEdits(old.slice(from, to), inside));
    for (const hunk of hunks(lines, span.first, before, after)) {
      const newStart = hunk.newCount === 0 ? hunk.from + delta : hunk.from + 1 + delta;
      out += `@@ -${hunk.oldCount === 0 ? hunk.from : hunk.from + 1},${hunk.oldCount} +${newStart},${hunk.newCount} @@\n`;
      delta += hunk.newCount - hunk.oldCount;
      for (const [mark, line] of hunk.lines) out += `${mark}${clean(strip(line), mark)}\n`;
    }
  }
  return out ? header + out : '';
}

/** Lines with their line breaks (the last one may have none). */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function lineStarts(lines: readonly string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += line.length;
  }
  return starts;
}

/** The line ranges the edits touch, merged when their contexts would overlap (an empty file: no lines). */
function spans(edits: readonly Edit[], starts: readonly number[], count: number): { first: number; last: number }[] {
  if (count === 0) return edits.length > 0 ? [{ first: 0, last: -1 }] : [];
  const ranges = [...edits]
    .sort((a, b) => a.start - b.start)
    .map((e) => {
      const first = lastAtOrBefore(starts, e.start);
      return { first, last: Math.max(first, lastAtOrBefore(starts, Math.max(e.start, e.end - 1))) };
    });
  const merged: { first: number; last: number }[] = [];
  for (const range of ranges) {
    const previous = merged.at(-1);
    if (previous && range.first <= previous.last + 2 * CONTEXT + 1) previous.last = Math.max(previous.last, range.last);
    else merged.push({ ...range });
  }
  return merged;
}

type Mark = ' ' | '-' | '+';

/**
 * One hunk for a changed span: the old and new lines compared line by line (a longest common
 * subsequence, the span is a few lines), with CONTEXT unchanged lines of the file around it.
 */
function hunks(lines: readonly string[], firstLine: number, before: readonly string[], after: readonly string[]) {
  const body = compareLines(before, after);
  let head = 0;
  while (head < body.length && body[head]![0] === ' ') head++;
  let tail = 0;
  while (tail < body.length - head && body[body.length - 1 - tail]![0] === ' ') tail++;
  const changed = body.slice(head, body.length - tail);
  if (changed.length === 0) return [];
  const firstChanged = firstLine + head;
  const lastChanged = firstLine + before.length - tail - 1;
  const from = Math.max(0, firstChanged - CONTEXT);
  const to = Math.min(lines.length - 1, lastChanged + CONTEXT);
  const leading: [Mark, string][] = lines.slice(from, firstChanged).map((l) => [' ', l]);
  const trailing: [Mark, string][] = lines.slice(lastChanged + 1, to + 1).map((l) => [' ', l]);
  const all = [...leading, ...changed, ...trailing];
  const oldCount = all.filter(([m]) => m !== '+').length;
  const newCount = all.filter(([m]) => m !== '-').length;
  return [{ from, oldCount, newCount, lines: all }];
}

function compareLines(before: readonly string[], after: readonly string[]): [Mark, string][] {
  const n = before.length;
  const m = after.length;
  const common: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) common[i]![j] = before[i] === after[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  }
  const out: [Mark, string][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push([' ', before[i++]!]);
      j++;
    } else if (i < n && (j === m || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      out.push(['-', before[i++]!]);
    } else {
      out.push(['+', after[j++]!]);
    }
  }
  return out;
}

/** A quoted string not followed by `:` (a value, not a key). */
const QUOTED_VALUE = /(["'])((?:\\.|(?!\1)[^\\])*)\1(\s*:)?/g;
const DOTENV_ENTRY = /^(\s*(?:export\s+)?[\w.-]+\s*=\s*)(.*)$/;
const YAML_ENTRY = /^(\s*(?:-\s+)?[^\s:#'"][^:#'"]*:)(\s+)(.*)$/;
const YAML_ITEM = /^(\s*-\s+)(.*)$/;

/**
 * A config-file line with its values masked and its names kept (`JWT_SECRET=…`, `"secret": "…"`,
 * `password: …`). A line that is none of these (a multi-line value's continuation) is masked whole.
 */
function maskConfigValues(line: string, kind: ConfigFileKind): string {
  const quoted = line.replace(QUOTED_VALUE, (whole, quote: string, _body: string, colon: string | undefined) => (colon ? whole : `${quote}…${quote}`));
  if (kind === 'json' || /^\s*(?:#.*)?$/.test(quoted)) return quoted;
  if (kind === 'dotenv') {
    const entry = DOTENV_ENTRY.exec(quoted);
    return entry ? entry[1]! + (entry[2] === '' || entry[2]!.startsWith('"…') || entry[2]!.startsWith("'…") ? entry[2]! : '…') : '…';
  }
  const entry = YAML_ENTRY.exec(quoted);
  if (entry) return entry[1]! + entry[2]! + (/^(?:["'][^\w]*\u2026|[|>]|&|\*|$)/.test(entry[3]!) ? entry[3]! : '…');
  const item = YAML_ITEM.exec(quoted);
  if (item) return item[1]! + (/^["']\u2026/.test(item[2]!) ? item[2]! : '…');
  return quoted.replace(/\S.*$/, '…');
}

function strip(line: string): string {
  return line.replace(/\r?\n$/, '');
}
