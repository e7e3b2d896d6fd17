/**
 * Precision and recall of the rules over the annotated fixture corpus. Every annotation is a case:
 * `ruleid` found = true positive, not found = false negative; `ok` found = false positive, not found
 * = true negative; `todoruleid` counts as a miss and `todook` as a false alarm (known gaps stay
 * visible in the figures). A finding on a line with no annotation for its rule is a false positive.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/rule.js';
import { annotationsFor } from '../helpers/annotations.js';
import { configKindOf } from '../../src/config-files/kind.js';
import { filesOf, fixtureCases, idiomOf, libraryOf } from '../helpers/fixture-cases.js';
import { ROOT, RULE_FIXTURES, scanPaths } from '../helpers/scan-helpers.js';

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Measurement {
  byRule: Map<string, Tally>;
  byLibrary: Map<string, Tally>;
  /** Config files: by file kind (`.env`, JSON, YAML) and by how the value was found (linked, framework, named). */
  byConfigKind: Map<string, Tally>;
  byConfigLink: Map<string, Tally>;
  /** Flow idioms (`// idiom:` headers): the project's helpers, key providers, classes, containers, aliases, objects. */
  byIdiom: Map<string, Tally>;
  total: Tally;
  cases: number;
  nearMisses: number;
  crossFile: number;
}

const empty = (): Tally => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

export async function measure(): Promise<Measurement> {
  const m: Measurement = { byRule: new Map(), byLibrary: new Map(), byConfigKind: new Map(), byConfigLink: new Map(), byIdiom: new Map(), total: empty(), cases: 0, nearMisses: 0, crossFile: 0 };
  const tallyIn = (map: Map<string, Tally>, key: string, outcome: keyof Tally) => {
    const tally = map.get(key) ?? empty();
    tally[outcome]++;
    map.set(key, tally);
  };
  const count = (rule: string, library: string, outcome: keyof Tally) => {
    for (const [map, key] of [[m.byRule, rule], [m.byLibrary, library]] as const) {
      const tally = map.get(key) ?? empty();
      tally[outcome]++;
      map.set(key, tally);
    }
    m.total[outcome]++;
  };
  for (const entry of fixtureCases()) {
    const absolute = path.join(RULE_FIXTURES, entry);
    const multiFile = fs.statSync(absolute).isDirectory();
    const result = await scanPaths([absolute]);
    // A case's idiom: the first header among its files (a multi-file case is one flow).
    const caseIdiom = filesOf(absolute).map((f) => idiomOf(fs.readFileSync(f, 'utf8'))).find((i) => i !== undefined);
    for (const file of filesOf(absolute)) {
      const relative = path.relative(ROOT, file).split(path.sep).join('/');
      const source = fs.readFileSync(file, 'utf8');
      const kind = configKindOf(relative);
      const library = kind ? `config: ${kind}` : libraryOf(source);
      const findings = result.findings.filter((f: Finding) => f.file === relative && !f.suppression);
      // One finding per key: each of its problems counts as that rule's finding on the line.
      const found = new Set(findings.flatMap((f) => (f.problems ?? [f.ruleId]).map((id) => `${f.region.start.line}:${id}`)));
      const annotated = new Set<string>();
      for (const a of annotationsFor(file).filter((a) => a.kind !== 'level' && a.kind !== 'related')) {
        const key = `${a.line}:${a.ruleId}`;
        annotated.add(key);
        m.cases++;
        if (a.kind === 'ok' || a.kind === 'todook') m.nearMisses++;
        if (multiFile) m.crossFile++;
        const hit = found.has(key);
        const outcome: keyof Tally = a.kind === 'ruleid' || a.kind === 'todoruleid' ? (hit ? 'tp' : 'fn') : hit ? 'fp' : 'tn';
        count(a.ruleId, library, outcome);
        if (caseIdiom) tallyIn(m.byIdiom, caseIdiom, outcome);
        if (kind && a.ruleId === 'jwt-config-secret') {
          tallyIn(m.byConfigKind, kind, outcome);
          // How the value was found: the pinned message variant (linkedKey, frameworkKey, namedKey), or a near miss.
          tallyIn(m.byConfigLink, a.messageId ?? (a.kind === 'ok' ? 'near miss (ok)' : 'unpinned'), outcome);
        }
      }
      for (const key of found) {
        if (annotated.has(key)) continue;
        count(key.split(':')[1]!, library, 'fp');
        if (caseIdiom) tallyIn(m.byIdiom, caseIdiom, 'fp');
      }
    }
  }
  return m;
}

export const precision = (t: Tally) => (t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp));
export const recall = (t: Tally) => (t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn));

export function formatMeasurement(m: Measurement): string {
  const row = (name: string, t: Tally) =>
    `${name.padEnd(34)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(4)} ${String(t.fn).padStart(4)} ${String(t.tn).padStart(4)}   ${precision(t).toFixed(3)}   ${recall(t).toFixed(3)}`;
  const header = `${''.padEnd(34)}   TP   FP   FN   TN   precision recall`;
  const section = (title: string, map: Map<string, Tally>) => [title, header, ...[...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => row(k, t))];
  return [
    `jwtscan eval: ${m.cases} annotated cases (${m.nearMisses} near misses, ${m.crossFile} in multi-file cases)`,
    '',
    ...section('By rule', m.byRule),
    '',
    ...section('By library', m.byLibrary),
    '',
    ...section('Config files by kind (jwt-config-secret)', m.byConfigKind),
    '',
    ...section('Config files by link (jwt-config-secret)', m.byConfigLink),
    '',
    ...section('Flow idioms (issue #15; `// idiom:` headers)', m.byIdiom),
    '',
    row('TOTAL', m.total),
  ].join('\n');
}
