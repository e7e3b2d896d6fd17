/**
 * The scan-wide last step over findings, in this order:
 *   1. suppressions of the file a finding lives in, applied to findings other files' analysis put there;
 *   2. one finding per rule and literal across all files (a key in `config.ts` used by calls in three
 *      files is one finding with three related locations), name-based guesses dropped for proven flows;
 *   3. the config's per-rule levels;
 *   4. one finding per key literal, by the rule of its worst problem, with every problem listed;
 *   5. test and example code down-ranked to notes, with the evidence;
 *   6. the rules' step over the final findings (`afterFindings`: the same key in several places), with
 *      the config's levels and the files' suppressions applied to what it adds;
 *   7. the key's flow spelled out in the message, order and fingerprints (and, only while a baseline
 *      is made or applied, the salted key digest).
 */
import type { AnyRule, Diagnostic, Finding, KeyUse, RuleMeta } from '../rule.js';
import { runAfterFindings } from './after-findings.js';
import type { TestCodeClassifier } from '../test-code/classify.js';
import { downrankTestCode } from '../test-code/classify.js';
import { compareFindings, mergeRelated, withFingerprints } from './file-report.js';
import { keyDigest } from './key-digest.js';
import { applyConfigLevels, mergeProblems, type ConfigLevels } from './merge-problems.js';
import { applySuppressions } from './suppressions.js';

export interface FinalizeInput {
  /** Findings each file's analysis located in that file (suppressions already applied). */
  own: Finding[];
  /** Findings located in other files than the one analysed (keys reached through imports). */
  foreign: Finding[];
  diagnostics: Diagnostic[];
  /** The text of a file, for its suppression comments. */
  readText(file: string): string | undefined;
  knownRuleIds: ReadonlySet<string>;
  enabledRuleIds: ReadonlySet<string>;
  /** Per rule id, the rules whose finding on the same literal replaces this rule's (`RuleMeta.supersededBy`). */
  supersededBy?: ReadonlyMap<string, readonly string[]>;
  /** The enabled rules (severity and order decide which problem of a key is reported). */
  rules: readonly (RuleMeta | AnyRule)[];
  /** Levels the config sets per rule: they replace the level of each of that rule's findings. */
  levels?: ConfigLevels;
  /** Tells test and example code apart; without it nothing is down-ranked. */
  testCode?: TestCodeClassifier;
  /** The baseline's salt: set to attach `keyDigest` to every finding. */
  keySalt?: string;
  /** Where rules noted key literals used, for the `afterFindings` step. */
  keyUses?: readonly KeyUse[];
  /** The service a file belongs to (see modules/services.ts); without it no file has one. */
  serviceOf?: (file: string) => string | undefined;
}

const SUPPRESSION_KINDS = new Set(['unused-suppression', 'unknown-suppression']);

export async function finalizeFindings(input: FinalizeInput): Promise<{ findings: Finding[]; diagnostics: Diagnostic[] }> {
  let findings = input.own;
  let diagnostics = input.diagnostics;
  const foreignFiles = [...new Set(input.foreign.map((f) => f.file))];
  if (foreignFiles.length > 0) {
    const touched = new Set(foreignFiles);
    const rest = findings.filter((f) => !touched.has(f.file));
    diagnostics = diagnostics.filter((d) => !(touched.has(d.file) && SUPPRESSION_KINDS.has(d.kind)));
    findings = rest;
    for (const file of foreignFiles) {
      const inFile = [...input.own.filter((f) => f.file === file), ...input.foreign.filter((f) => f.file === file)].map(withoutSuppression);
      const text = input.readText(file);
      if (text === undefined) {
        findings.push(...inFile);
        continue;
      }
      const applied = applySuppressions(file, text, inFile, input.knownRuleIds, input.enabledRuleIds);
      findings.push(...applied.findings);
      diagnostics.push(...applied.diagnostics);
    }
  }
  const perRule = applyConfigLevels(dropSuperseded(mergeByLiteral(findings), input.supersededBy), input.levels);
  let perKey = mergeProblems(perRule, input.rules);
  if (input.testCode) perKey = await downrankTestCode(perKey, input.testCode);
  perKey = perKey.map(describeFlow);
  let aboutPlaces: typeof perKey = [];
  const runnable = input.rules.filter((r): r is AnyRule => 'afterFindings' in r && r.afterFindings !== undefined);
  if (runnable.length > 0) {
    const added = await runAfterFindings({
      rules: runnable,
      findings: perKey,
      keyUses: input.keyUses ?? [],
      readText: input.readText,
      testCode: input.testCode,
      serviceOf: input.serviceOf ?? (() => undefined),
      knownRuleIds: input.knownRuleIds,
      enabledRuleIds: input.enabledRuleIds,
    });
    aboutPlaces = applyConfigLevels(added.findings, input.levels);
    // A `jwtscan-ignore` the per-file pass found unused may cover a finding added here.
    const used = new Set(added.usedSuppressions.map((u) => `${u.file}\0${u.line}`));
    diagnostics = [...diagnostics.filter((d) => !(d.kind === 'unused-suppression' && used.has(`${d.file}\0${d.line}`))), ...added.diagnostics];
  }
  const salt = input.keySalt;
  const withKeyDigest = <T extends Omit<Finding, 'fingerprint'>>(findings: T[]): T[] => {
    if (salt === undefined) return findings;
    return findings.map((f) => {
      const digest = keyDigest(input.readText(f.file), f.region, salt);
      return digest === undefined ? f : { ...f, keyDigest: digest };
    });
  };
  // The added findings sit at literals that have a finding already: fingerprinted in their rule's own
  // namespace, they never shift the ordinals (and so the baseline entries) of the keys' own findings.
  const final = [...withFingerprints(withKeyDigest(perKey)), ...withFingerprints(withKeyDigest(aboutPlaces), (f) => f.ruleId)].sort(compareFindings);
  return { findings: final, diagnostics };
}

function dropSuperseded(findings: Finding[], supersededBy: ReadonlyMap<string, readonly string[]> | undefined): Finding[] {
  if (!supersededBy || supersededBy.size === 0) return findings;
  const at = (f: Finding) => [f.file, f.region.start.line, f.region.start.column].join('\0');
  const rulesAt = new Map<string, Set<string>>();
  for (const f of findings) {
    const set = rulesAt.get(at(f)) ?? new Set<string>();
    set.add(f.ruleId);
    rulesAt.set(at(f), set);
  }
  return findings.filter((f) => !(supersededBy.get(f.ruleId) ?? []).some((id) => rulesAt.get(at(f))?.has(id)));
}

function withoutSuppression(finding: Finding): Finding {
  if (!finding.suppression) return finding;
  const { suppression: _dropped, ...rest } = finding;
  return rest;
}

function mergeByLiteral(findings: readonly Finding[]): Finding[] {
  const byLiteral = new Map<string, Finding>();
  for (const finding of findings) {
    const { start, end } = finding.region;
    const key = [finding.ruleId, finding.file, start.line, start.column, end.line, end.column].join('\0');
    const existing = byLiteral.get(key);
    if (!existing) byLiteral.set(key, { ...finding, related: [...finding.related] });
    else mergeRelated(existing.related, finding.related);
  }
  return [...byLiteral.values()];
}

/** Appends how the key gets to the call ("key literal (src/config.ts:3) → imported … → key of jsonwebtoken.sign (src/auth.ts:12)"). */
function describeFlow<T extends Omit<Finding, 'fingerprint'>>(finding: T): T {
  const parts: string[] = [];
  const where = (file: string, line: number) => (file === finding.file ? `line ${line}` : `${file}:${line}`);
  if (finding.flow) parts.push(`Flow: ${finding.flow.map((s) => `${s.label} (${where(s.file, s.region.start.line)})`).join(' → ')}.`);
  const more = finding.related.length - 1;
  if (more > 0) parts.push(`Also the key of ${more} more call${more === 1 ? '' : 's'} (see related locations).`);
  return parts.length === 0 ? finding : { ...finding, message: `${finding.message} ${parts.join(' ')}` };
}
