/**
 * The cross-file step: each rule with `afterScan` sees the facts it shared from every file and may
 * amend its own findings (a token in one file proven weak by a key literal in another). A rule that
 * throws here is reported like any rule crash; the findings stay as the per-file pass left them.
 *
 * Facts can hold key material, so they never go to the result cache. A file whose result came from
 * the cache is a *sealed* fact source: the scan knows which rules shared facts there and an identity
 * of those facts (the file's content and dependencies), not the facts. When every fact source of a
 * rule has the identity it had in the last scan, the amendments of that scan are re-applied without
 * the facts; otherwise the sealed sources are re-analysed (`unseal`) and the rule runs.
 */
import { createHash } from '../util/builtins.js';
import { FORGETFUL_MEMO, type AnyRule, type Diagnostic, type Finding, type FindingAmendment, type Position, type RuleMemo, type SharedFact } from '../rule.js';
import { formatRedaction, renderMessage } from './redact.js';

/** One file's facts, in file order: `facts` by rule id when known, else only which rules shared there. */
export interface FactSource {
  file: string;
  ruleIds: readonly string[];
  /** Equal identities mean equal facts (e.g. a hash of the file's content and of what it imported); undefined: never equal. */
  identity: string | undefined;
  facts?: Record<string, SharedFact[]>;
}

export interface RecordedAmendment {
  file: string;
  anchor?: Position;
  amendment: FindingAmendment;
}

/** Remembers the last outcome of each rule's step (in the result cache). */
export interface AfterScanOutcomes {
  recall(ruleId: string): { identity: string; amendments: RecordedAmendment[] } | undefined;
  remember(ruleId: string, outcome: { identity: string; amendments: RecordedAmendment[] }): void;
}

export interface AfterScanOptions {
  memoFor?: (ruleId: string) => RuleMemo;
  outcomes?: AfterScanOutcomes;
  /** The facts of a sealed source, by re-analysing its file. */
  unseal?: (source: FactSource) => Promise<Record<string, SharedFact[]>>;
}

export async function runAfterScan(
  rules: readonly AnyRule[],
  sources: readonly FactSource[],
  findings: Finding[],
  diagnostics: Diagnostic[],
  options: AfterScanOptions = {},
): Promise<void> {
  for (const rule of rules) {
    if (!rule.afterScan) continue;
    const own = sources.filter((source) => source.ruleIds.includes(rule.id));
    const identity = combinedIdentity(rule.id, own);
    const recalled = identity === undefined ? undefined : options.outcomes?.recall(rule.id);
    if (recalled && recalled.identity === identity) {
      for (const recorded of recalled.amendments) amend(rule, findings, recorded);
      continue;
    }
    const facts: SharedFact[] = [];
    try {
      for (const source of own) {
        source.facts ??= await (options.unseal?.(source) ?? Promise.resolve({}));
        facts.push(...(source.facts[rule.id] ?? []));
      }
    } catch (error) {
      diagnostics.push(crash(rule, `its facts could not be re-read (${error instanceof Error ? error.message : String(error)})`));
      continue;
    }
    const amendments: RecordedAmendment[] = [];
    try {
      rule.afterScan({
        facts,
        memo: options.memoFor?.(rule.id) ?? FORGETFUL_MEMO,
        amend(fact, amendment) {
          const recorded = { file: fact.file, anchor: fact.anchor, amendment };
          amendments.push(recorded);
          amend(rule, findings, recorded);
        },
      });
    } catch (error) {
      diagnostics.push(crash(rule, `crashed in its cross-file step (${error instanceof Error ? error.message : String(error)})`));
      continue;
    }
    if (identity !== undefined) options.outcomes?.remember(rule.id, { identity, amendments });
  }
}

/** Changes the rule's finding anchored where the fact was (same file, line and column). */
function amend(rule: AnyRule, findings: Finding[], { file, anchor, amendment }: RecordedAmendment): void {
  const index = anchor
    ? findings.findIndex((f) => f.ruleId === rule.id && f.file === file && f.region.start.line === anchor.line && f.region.start.column === anchor.column)
    : -1;
  if (index < 0) return;
  if (amendment.drop) {
    // Only the candidate the amendment names: another finding that starts at the same place stays.
    if (findings[index]!.messageId === amendment.messageId) findings.splice(index, 1);
    return;
  }
  const template = rule.messages[amendment.messageId];
  if (template === undefined) return;
  const finding = findings[index]!;
  if (amendment.replaces !== undefined && finding.messageId !== amendment.replaces) return;
  findings[index] = {
    ...finding,
    messageId: amendment.messageId,
    message: renderMessage(template, { ...amendment.data, key: formatRedaction(finding.redacted) }),
    level: amendment.level ?? finding.level,
    ...(amendment.flow ? { flow: amendment.flow } : {}),
    ...(amendment.related ? { related: [...finding.related, ...amendment.related] } : {}),
  };
}

function combinedIdentity(ruleId: string, sources: readonly FactSource[]): string | undefined {
  const hash = createHash('sha256').update(ruleId);
  for (const source of sources) {
    if (source.identity === undefined) return undefined;
    hash.update(`\n${source.file}\0${source.identity}`);
  }
  return hash.digest('hex');
}

function crash(rule: AnyRule, what: string): Diagnostic {
  return { kind: 'rule-crash', level: 'error', file: '', ruleId: rule.id, message: `rule ${rule.id} ${what}` };
}
