/**
 * The per-file work, a pure function of (path, source, rules) → findings + diagnostics + facts.
 * No I/O and no shared state, so it can move to a worker thread or behind a cache unchanged.
 */
import { NO_SETTINGS, type AnyRule, type DerivedSink, type Diagnostic, type Finding, type KeyUse, type RuleSettings, type SharedFact } from '../rule.js';
import { registerModule, type ModuleHandle, type ModuleResolver } from '../analysis/module-context.js';
import { importCollector } from './collect-imports.js';
import { FileReport } from './file-report.js';
import { nestingDepth, MAX_NESTING } from './nesting.js';
import { parseSource, type ParseFailure } from './parse.js';
import { rulesForFile } from './prefilter.js';
import { configKindOf } from '../config-files/kind.js';
import { scanConfigFile } from '../config-files/scan-config.js';
import { runRules, TimeBudgetExceeded } from './run-rules.js';
import { applySuppressions } from './suppressions.js';

export interface FileFacts {
  /** Module specifiers imported, required or re-exported, sorted. */
  imports: string[];
  /** What rules shared for their after-scan step, by rule id (in memory only). */
  shared: Record<string, SharedFact[]>;
}

export interface FileResult {
  file: string;
  /** False when no rule's keyword occurs in the file, so it was not parsed. */
  parsed: boolean;
  findings: Finding[];
  /**
   * Findings this file's analysis located in other modules (a key imported from `config.ts`). Their
   * suppressions are those of their own file, applied by the caller (`finalizeFindings`).
   */
  foreignFindings: Finding[];
  diagnostics: Diagnostic[];
  facts: FileFacts;
  /** Functions of this module whose parameter reaches a JWT key: sinks for the other modules (no key material). */
  derivedSinks: DerivedSink[];
  /** Where rules saw key literals used (positions and labels, no key material), for the afterFindings step. */
  keyUses: KeyUse[];
}

export interface ScanFileOptions {
  /** The rules whose keywords occur in the source; computed when not given. */
  candidates?: readonly AnyRule[];
  /** Every rule id jwtscan has (suppressions may name disabled rules); defaults to the ids of `rules`. */
  knownRuleIds?: ReadonlySet<string>;
  /** Cross-file resolution: this file as a module, and the resolver for what it imports. */
  module?: { handle: ModuleHandle; resolver: ModuleResolver };
  /** Project settings for the rules (config `sinks`, `weakSecrets`). */
  settings?: RuleSettings;
  /** Wall-clock budget for the analysis of this file; past it the text fallback takes over. */
  timeBudgetMs?: number;
}

/** Babel must be loaded (`loadBabel()`) before a file with candidate rules is scanned. */
export function scanFile(file: string, source: string, rules: readonly AnyRule[], options: ScanFileOptions = {}): FileResult {
  const candidates = options.candidates ?? rulesForFile(file, source, rules, options.settings);
  if (candidates.length === 0) return { file, parsed: false, findings: [], foreignFindings: [], diagnostics: [], facts: { imports: [], shared: {} }, derivedSinks: [], keyUses: [] };
  const configKind = configKindOf(file);
  if (configKind) return scanConfigFile(file, configKind, source, rules, candidates, options);

  const report = new FileReport(file, source);
  const imports = new Set<string>();
  const depth = nestingDepth(source, MAX_NESTING);
  const parsed = depth > MAX_NESTING ? tooDeep() : parseSource(source, file);
  if (parsed.ok) {
    for (const error of parsed.recovered.slice(0, 1)) {
      report.addDiagnostic({
        kind: 'parse-recovered',
        level: 'note',
        line: error.line,
        message: `parsed with recovered syntax errors (first at line ${error.line}: ${error.message})`,
      });
    }
    if (options.module) registerModule(parsed.ast.program, options.module.handle, options.module.resolver);
    try {
      runRules(parsed.ast, source, candidates, report, [importCollector(imports)], options.settings, options.timeBudgetMs);
    } catch (error) {
      // Not a rule's fault (those are isolated per rule): the traversal itself stopped, on its time
      // budget or on a stack overflow from pathological nesting. Keep what was found, and let the
      // text fallback look too, so one pathological file neither hangs the scan nor hides a key.
      report.addDiagnostic(
        error instanceof TimeBudgetExceeded
          ? {
              kind: 'time-budget',
              level: 'warning',
              message: `analysis stopped after ${error.budgetMs} ms (--file-time-budget); findings so far kept, scanned by the text fallback as well`,
            }
          : {
              kind: 'analysis-error',
              level: 'warning',
              message: `analysis stopped early (${error instanceof RangeError ? 'nesting too deep' : error instanceof Error ? error.message.slice(0, 200) : String(error)}); scanned by the text fallback as well`,
            },
      );
      runTextFallback(source, candidates, report, options.settings ?? NO_SETTINGS);
    }
  } else {
    report.addDiagnostic({
      kind: 'parse-error',
      level: 'warning',
      line: parsed.line,
      message: `could not be parsed (${parsed.message}${parsed.line ? ` at line ${parsed.line}` : ''}); scanned by the text fallback instead`,
    });
    runTextFallback(source, candidates, report, options.settings ?? NO_SETTINGS);
  }
  const enabled = new Set(rules.map((r) => r.id));
  const all = report.finish();
  const own = all.filter((f) => f.file === file);
  const suppressed = applySuppressions(file, source, own, options.knownRuleIds ?? enabled, enabled);
  return {
    file,
    parsed: true,
    findings: suppressed.findings,
    foreignFindings: all.filter((f) => f.file !== file),
    diagnostics: [...report.diagnostics, ...suppressed.diagnostics],
    facts: { imports: [...imports].sort(), shared: report.shared },
    derivedSinks: [...report.derivedSinks.values()],
    keyUses: report.keyUses,
  };
}

function tooDeep(): ParseFailure {
  return { ok: false, message: `brackets nest more than ${MAX_NESTING} levels deep, too deep for a reliable parse` };
}

function runTextFallback(source: string, rules: readonly AnyRule[], report: FileReport, settings: RuleSettings): void {
  for (const rule of rules) {
    if (!rule.scanText) continue;
    try {
      rule.scanText({ file: report.file, source, settings, report: (descriptor) => report.addTextFinding(rule, descriptor) });
    } catch (error) {
      report.addDiagnostic({
        kind: 'rule-crash',
        level: 'error',
        ruleId: rule.id,
        message: `rule ${rule.id} crashed in the text fallback (${error instanceof Error ? error.message : String(error)})`,
      });
    }
  }
}
