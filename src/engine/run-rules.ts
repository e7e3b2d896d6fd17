/**
 * All rules' visitors merged into ONE @babel/traverse pass per file. Every visitor function is
 * wrapped so a rule that throws is switched off for the rest of the file and reported as a
 * diagnostic, while the other rules finish.
 */
import type { Visitor } from '@babel/traverse';
import type { File } from '@babel/types';
import { NO_SETTINGS, type AnyRule, type RuleSettings } from '../rule.js';
import { babel } from './babel.js';
import type { FileReport } from './file-report.js';


type VisitFn = (this: unknown, ...args: unknown[]) => unknown;

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
  const visitors: Visitor[] = [];
  for (const rule of rules) {
    const crashed = { value: false };
    try {
      const visitor = rule.create({
        file: report.file,
        source,
        settings,
        report: (descriptor) => report.addNodeFinding(rule, descriptor),
        share: (data, anchorNode) => report.share(rule, data, anchorNode),
      });
      visitors.push(isolate(visitor, rule, report, crashed, deadline));
    } catch (error) {
      // create() threw, or returned a visitor Babel rejects: the rule is out for this file.
      reportCrash(report, rule, error);
    }
  }
  if (visitors.length === 0 && extra.length === 0) return;
  const { traverse } = babel();
  // Loosely typed on purpose: inferring merge()'s generics over every node type costs seconds of type checking.
  const merge = traverse.visitors.merge as unknown as (visitors: Visitor[]) => Visitor;
  traverse(ast, merge([...visitors, ...extra]));
}

function isolate(visitor: Visitor, rule: AnyRule, report: FileReport, crashed: { value: boolean }, deadline?: Deadline): Visitor {
  const exploded = babel().traverse.visitors.explode(visitor) as Record<string, { enter?: VisitFn[]; exit?: VisitFn[] }>;
  const guarded: Record<string, { enter?: VisitFn[]; exit?: VisitFn[] }> = {};
  for (const [type, phases] of Object.entries(exploded)) {
    guarded[type] = {};
    for (const phase of ['enter', 'exit'] as const) {
      const fns = phases[phase];
      if (!fns) continue;
      guarded[type][phase] = fns.map(
        (fn) =>
          function (this: unknown, ...args: unknown[]) {
            if (crashed.value) return undefined;
            deadline?.check();
            try {
              return fn.apply(this, args);
            } catch (error) {
              if (error instanceof TimeBudgetExceeded) throw error;
              crashed.value = true;
              const path = args[0] as { node?: { loc?: { start: { line: number } } | null } } | undefined;
              reportCrash(report, rule, error, path?.node?.loc?.start.line);
              return undefined;
            }
          },
      );
    }
  }
  return guarded as Visitor;
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
