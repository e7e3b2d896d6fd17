import fs from 'node:fs';

/**
 * Reads semgrep-style annotations from fixture files:
 *   `// ruleid: a, b`      this line must have findings of rules a and b
 *   `// ruleid: a[msgId]`  … and the finding of rule a must be the message variant msgId
 *   `// ok: a`              this line must have no finding of rule a (a near-miss)
 *   `// todoruleid: a`      a known miss: fails once the finding appears ("promote it")
 *   `// todook: a`          a known false positive: fails once it disappears
 *   `// level: error`       the level the finding on this line is reported at (required beside `ruleid`;
 *                           `level: error, note` when the line has findings at both levels)
 *   `// related: a`         this line is a related location of a finding of rule a (in any file of the case:
 *                           the other places of a key reused across files)
 * A finding is one per key literal: `ruleid: a, b` means the key on this line has the problems of
 * rules a and b (the finding's `problems`). Several kinds in one comment are separated by `;`. A trailing comment applies to its own line, a
 * comment alone on a line to the next line that is not itself only an annotation. `/* … *\/` works too (JSX).
 */
export type AnnotationKind = 'ruleid' | 'ok' | 'todoruleid' | 'todook' | 'level' | 'related';

export interface Annotation {
  kind: AnnotationKind;
  /** A rule id; for `level`, the level. */
  ruleId: string;
  /** Pinned message variant, from `rule-id[messageId]`. */
  messageId?: string;
  /** 1-based line the annotation is about. */
  line: number;
}

const COMMENT = /(?:\/\/|\/\*|\{\/\*|(?:^|\s)#)\s*((?:(?:todo)?(?:ruleid|ok)|related)\s*:[^*\n]*?)\s*(?:\*\/\}?)?\s*$/;
const SEGMENT = /^(todoruleid|todook|ruleid|ok|level|related)\s*:\s*(.+)$/;

/**
 * The annotations of a fixture file: in its comments (`//`, `/* *\/`, `{/* *\/}`, and `#` in .env and
 * YAML), or, for JSON (no comments), in a sidecar `<file>.annotations` of `<line>: <annotation>` lines.
 */
export function annotationsFor(file: string): Annotation[] {
  const sidecar = `${file}.annotations`;
  if (!fs.existsSync(sidecar)) return parseAnnotations(fs.readFileSync(file, 'utf8'));
  return fs
    .readFileSync(sidecar, 'utf8')
    .split(/\r?\n/)
    .flatMap((text) => {
      const m = /^(\d+):\s*(.+)$/.exec(text.trim());
      return m ? parseSegments(m[2]!).map((a) => ({ ...a, line: Number(m[1]) })) : [];
    });
}

export function parseAnnotations(source: string): Annotation[] {
  const lines = source.split(/\r\n|\n|\r/);
  const out: Annotation[] = [];
  const waiting: Omit<Annotation, 'line'>[] = [];
  lines.forEach((text, index) => {
    const match = COMMENT.exec(text);
    const standalone = match !== null && text.slice(0, match.index).trim().replace(/^\{$/, '') === '';
    const found = match ? parseSegments(match[1]!) : [];
    if (standalone) {
      waiting.push(...found);
      return;
    }
    const line = index + 1;
    for (const a of [...waiting.splice(0), ...found]) out.push({ ...a, line });
  });
  return out;
}

function parseSegments(text: string): Omit<Annotation, 'line'>[] {
  return text.split(';').flatMap((segment) => {
    const m = SEGMENT.exec(segment.trim());
    if (!m) return [];
    return m[2]!
      .split(',')
      .map((text) => /^([\w-]+)(?:\[(\w+)\])?$/.exec(text.trim()))
      .filter((id): id is RegExpExecArray => id !== null)
      .map((id) => ({ kind: m[1] as AnnotationKind, ruleId: id[1]!, ...(id[2] ? { messageId: id[2] } : {}) }));
  });
}
