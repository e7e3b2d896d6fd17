/**
 * One finding per leaked key: the rules look at a key literal from different sides (written into the
 * call, reaching a sink through a flow, weak, a token, a private key), and each may report it. A user
 * sees one alert for the key, reported by the rule that names its worst problem, with every problem
 * in the message and in `problems`; suppressing or baselining it once covers all of them.
 *
 * Suppressions: one naming the reported (worst) problem covers the key; one naming only a lesser
 * problem removes that problem and the key stays reported for the others ("accept that it is short,
 * not that it is in the code").
 */
import type { Finding, Level, RuleMeta } from '../rule.js';
import { mergeRelated } from './file-report.js';

type Unfingerprinted = Omit<Finding, 'fingerprint'>;

export const LEVEL_RANK: Readonly<Record<Level, number>> = { note: 1, warning: 2, error: 3 };

/** Per rule id: its level as the config sets it (replacing every finding's level), else undefined. */
export type ConfigLevels = Readonly<Record<string, Level | undefined>>;

/**
 * The worst problem first: the highest level, then the highest security severity, then the rule
 * order (so the choice is deterministic).
 */
export function rankProblems(findings: readonly Unfingerprinted[], rules: readonly RuleMeta[]): Unfingerprinted[] {
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const severity = new Map(rules.map((r) => [r.id, r.securitySeverity]));
  return [...findings].sort(
    (a, b) =>
      LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
      (severity.get(b.ruleId) ?? 0) - (severity.get(a.ruleId) ?? 0) ||
      (order.get(a.ruleId) ?? Infinity) - (order.get(b.ruleId) ?? Infinity),
  );
}

/** The config's per-rule levels, applied to each rule's findings before they are merged. */
export function applyConfigLevels<T extends Unfingerprinted>(findings: readonly T[], levels: ConfigLevels | undefined): T[] {
  if (!levels) return [...findings];
  return findings.map((f) => {
    const level = levels[f.ruleId];
    return level && level !== f.level ? { ...f, level } : f;
  });
}

/** Findings of different rules on the same literal (same file and region) become one. */
export function mergeProblems(findings: readonly Unfingerprinted[], rules: readonly RuleMeta[]): Unfingerprinted[] {
  const byLiteral = new Map<string, Unfingerprinted[]>();
  for (const finding of findings) {
    const { start, end } = finding.region;
    const key = [finding.file, start.line, start.column, end.line, end.column].join('\0');
    const group = byLiteral.get(key);
    if (group) group.push(finding);
    else byLiteral.set(key, [finding]);
  }
  return [...byLiteral.values()].map((group) => {
    const ranked = rankProblems(group, rules);
    // The worst problem suppressed: the key is suppressed whole. Otherwise suppressed lesser problems drop out.
    return combine(ranked[0]!.suppression ? ranked : ranked.filter((f) => !f.suppression));
  });
}

function combine(ranked: Unfingerprinted[]): Unfingerprinted {
  const [worst, ...others] = ranked as [Unfingerprinted, ...Unfingerprinted[]];
  const problems = ranked.map((f) => f.ruleId);
  const problemMessageIds = Object.fromEntries(ranked.map((f) => [f.ruleId, f.messageId]));
  if (others.length === 0) return { ...worst, problems, problemMessageIds };
  const related = [...worst.related];
  for (const other of others) mergeRelated(related, other.related);
  const flow = worst.flow ?? others.find((f) => f.flow)?.flow;
  return {
    ...worst,
    message: [worst.message, ...others.map((f) => `Also ${f.ruleId}: ${f.message}`)].join(' '),
    related,
    ...(flow ? { flow } : {}),
    problems,
    problemMessageIds,
    fromFallback: ranked.every((f) => f.fromFallback),
  };
}
