/**
 * The cross-file step: each rule with `afterScan` sees the facts it shared from every file and may
 * amend its own findings (a token in one file proven weak by a key literal in another). A rule that
 * throws here is reported like any rule crash; the findings stay as the per-file pass left them.
 */
import type { AnyRule, Diagnostic, Finding, RuleMemo, SharedFact } from '../rule.js';
import { formatRedaction, renderMessage } from './redact.js';

const FORGETFUL: RuleMemo = { get: () => undefined, set: () => {} };

export function runAfterScan(
  rules: readonly AnyRule[],
  shared: Record<string, SharedFact[]>[],
  findings: Finding[],
  diagnostics: Diagnostic[],
  memoFor: (ruleId: string) => RuleMemo = () => FORGETFUL,
): void {
  for (const rule of rules) {
    if (!rule.afterScan) continue;
    const facts = shared.flatMap((byRule) => byRule[rule.id] ?? []);
    try {
      rule.afterScan({
        facts,
        memo: memoFor(rule.id),
        amend(fact, amendment) {
          const anchor = fact.anchor;
          const index = anchor
            ? findings.findIndex((f) => f.ruleId === rule.id && f.file === fact.file && f.region.start.line === anchor.line && f.region.start.column === anchor.column)
            : -1;
          const template = rule.messages[amendment.messageId];
          if (index < 0 || template === undefined) return;
          const finding = findings[index]!;
          findings[index] = {
            ...finding,
            messageId: amendment.messageId,
            message: renderMessage(template, { ...amendment.data, key: formatRedaction(finding.redacted) }),
            level: amendment.level ?? finding.level,
          };
        },
      });
    } catch (error) {
      diagnostics.push({
        kind: 'rule-crash',
        level: 'error',
        file: '',
        ruleId: rule.id,
        message: `rule ${rule.id} crashed in its cross-file step (${error instanceof Error ? error.message : String(error)})`,
      });
    }
  }
}
