/**
 * Parses `git diff -U0 --src-prefix=a/ --dst-prefix=b/` output into the line ranges of the new
 * version of each file that the diff adds or changes. Hunk bodies are consumed by their counts, so
 * a content line such as `++++ b/x` is never taken for a header. Paths are top-relative POSIX;
 * names git had to quote (`"b/new\nline.ts"`) are unquoted to their bytes and decoded as UTF-8.
 */

/** 1-based, inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

/** Top-relative path → the changed line ranges of its new version (sorted). */
export type ChangedLines = Map<string, LineRange[]>;

/** Every line of the file counts as changed (an untracked file). */
export const WHOLE_FILE: LineRange = { start: 1, end: Number.MAX_SAFE_INTEGER };

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseUnifiedZero(output: Buffer): ChangedLines {
  const changed: ChangedLines = new Map();
  // latin1 keeps every byte as one code unit, so quoted paths can be rebuilt byte for byte.
  const lines = output.toString('latin1').split('\n');
  let file: string | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of lines) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith('+')) newLeft--;
      continue; // and `\ No newline at end of file`, which counts for neither side
    }
    if (line.startsWith('diff --git ')) {
      file = undefined;
    } else if (line.startsWith('+++ ')) {
      file = newPath(line.slice(4));
    } else {
      const hunk = HUNK.exec(line);
      if (!hunk) continue;
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      const start = Number(hunk[2]);
      const count = hunk[3] === undefined ? 1 : Number(hunk[3]);
      newLeft = count;
      if (file !== undefined && count > 0) {
        const ranges = changed.get(file) ?? [];
        ranges.push({ start, end: start + count - 1 });
        changed.set(file, ranges);
      }
    }
  }
  return changed;
}

/** `b/path`, `"b/quoted\tpath"` (git appends a TAB after names with spaces), or `/dev/null`. */
function newPath(field: string): string | undefined {
  const raw = field.startsWith('"') ? unquoteC(field) : field.replace(/\t$/, '');
  if (raw === undefined || !raw.startsWith('b/')) return undefined;
  return Buffer.from(raw.slice(2), 'latin1').toString('utf8');
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };

/** Git's C-style quoting (quote.c): `\n`, `\"`, `\\`, `\ooo` octal bytes. Returns latin1 (one char per byte). */
export function unquoteC(field: string): string | undefined {
  let out = '';
  for (let i = 1; i < field.length; i++) {
    const ch = field[i]!;
    if (ch === '"') return out;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = field[i + 1] ?? '';
    if (/[0-3]/.test(next) && /^[0-7]{3}$/.test(field.slice(i + 1, i + 4))) {
      out += String.fromCharCode(parseInt(field.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (next in ESCAPES) {
      out += String.fromCharCode(ESCAPES[next]!);
      i += 1;
    } else {
      return undefined;
    }
  }
  return undefined; // no closing quote
}
