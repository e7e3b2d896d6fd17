/**
 * All rules' visitors merged into ONE walk per file. Every visitor function is wrapped so a rule
 * that throws is switched off for the rest of the file and reported as a diagnostic, while the
 * other rules finish.
 */
import type { File } from '@babel/types';
import { traverseFile, type NodePath } from '../ast/node-path.js';
import { explode, mergeVisitors, type ExplodedVisitor, type VisitFn, type Visitor } from '../ast/visitor.js';
import { NO_SETTINGS, type AnyRule, type RuleSettings } from '../rule.js';
import type { FileReport } from './file-report.js';

/** Thrown out of the traversal when a file's analysis exceeds its time budget (never swallowed by a rule's guard). */
export class TimeBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`analysis exceeded its time budget of ${budgetMs} ms`);
  }
}

/** Checks the clock every few visits: cheap enough for the hot path, fine-grained enough to stop a runaway file. */
class Deadline {
  private calls = 0;
  private readonly at: number;
  constructor(readonly budgetMs: number) {
    this.at = performance.now() + budgetMs;
  }
  check(): void {
    if ((this.calls++ & 63) === 0 && performance.now() >= this.at) throw new TimeBudgetExceeded(this.budgetMs);
  }
}

export function runRules(
  ast: File,
  source: string,
  rules: readonly AnyRule[],
  report: FileReport,
  extra: Visitor[] = [],
  settings: RuleSettings = NO_SETTINGS,
  budgetMs = Number.POSITIVE_INFINITY,
): void {
  const deadline = Number.isFinite(budgetMs) ? new Deadline(budgetMs) : undefined;
  const tables: ExplodedVisitor[] = [];
  for (const rule of rules) {
    const crashed = { value: false };
    try {
      const visitor = rule.create({
        file: report.file,
        source,
        settings,
        report: (descriptor) => report.addNodeFinding(rule, descriptor),
        share: (data, anchorNode) => report.share(rule, data, anchorNode),
        deriveSink: (sink) => report.deriveSink(sink),
        noteKeyUse: (use) => report.noteKeyUse(use),
      });
      tables.push(isolate(visitor, rule, report, crashed, deadline));
    } catch (error) {
      // create() threw, or returned a visitor with a key that is not a node type: the rule is out for this file.
      reportCrash(report, rule, error);
    }
  }
  if (tables.length === 0 && extra.length === 0) return;
  traverseFile(ast, mergeVisitors([...tables, ...extra.map((visitor) => explode(visitor))]));
}

function isolate(visitor: Visitor, rule: AnyRule, report: FileReport, crashed: { value: boolean }, deadline?: Deadline): ExplodedVisitor {
  return explode(visitor, (fn: VisitFn) => (path: NodePath) => {
    if (crashed.value) return;
    deadline?.check();
    try {
      fn(path);
    } catch (error) {
      // Not the rule's fault: the file's budget ran out, or its AST is deeper than the stack (the
      // scope walk or a rule's recursion overflowed). The file falls back to the text scan, as a whole.
      if (error instanceof TimeBudgetExceeded || isStackOverflow(error)) throw error;
      crashed.value = true;
      reportCrash(report, rule, error, path.node?.loc?.start.line);
    }
  });
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function reportCrash(report: FileReport, rule: AnyRule, error: unknown, line?: number): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  report.addDiagnostic({
    kind: 'rule-crash',
    level: 'error',
    ruleId: rule.id,
    line,
    message: `rule ${rule.id} crashed${line ? ` at line ${line}` : ''} (${reason.slice(0, 200)}); its other findings in this file may be missing`,
  });
}
