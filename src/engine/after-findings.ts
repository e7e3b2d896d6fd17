/**
 * The step over the final findings (`Rule.afterFindings`): every key literal some rule reported, and
 * every noted use of the same keys, with a digest of the value so a rule can tell where the same key
 * sits in several places (two services, access and refresh tokens, a session secret).
 *
 * The digests are HMACs under a salt drawn for this run only and kept in memory: nothing of them goes
 * to the result cache, a baseline or a report. Everything here is rebuilt from the cached, redacted
 * findings and key uses and the files' text, so a warm scan sees exactly what a cold one saw.
 */
import type { AnyRule, Diagnostic, Finding, KeyPlace, KeyUse, RelatedLocation } from '../rule.js';
import type { TestCodeClassifier } from '../test-code/classify.js';
import { configKindOf } from '../config-files/kind.js';
import { compareStrings } from '../util/compare.js';
import { comparableKey, comparableKeyDigest, newSalt } from './key-digest.js';
import { formatRedaction, renderMessage, scrubData } from './redact.js';
import { applySuppressions, parseSuppressions } from './suppressions.js';

type Unfingerprinted = Omit<Finding, 'fingerprint'>;

export interface AfterFindingsInput {
  rules: readonly AnyRule[];
  /** The final findings, one per key literal, test code already down-ranked. */
  findings: readonly Unfingerprinted[];
  keyUses: readonly KeyUse[];
  readText(file: string): string | undefined;
  testCode?: TestCodeClassifier;
  serviceOf(file: string): string | undefined;
  knownRuleIds: ReadonlySet<string>;
  enabledRuleIds: ReadonlySet<string>;
}

export async function runAfterFindings(input: AfterFindingsInput): Promise<{ findings: Unfingerprinted[]; diagnostics: Diagnostic[]; usedSuppressions: { file: string; line: number }[] }> {
  const rules = input.rules.filter((r) => r.afterFindings);
  const out = { findings: [] as Unfingerprinted[], diagnostics: [] as Diagnostic[], usedSuppressions: [] as { file: string; line: number }[] };
  if (rules.length === 0) return out;
  const { places, findingAt } = await keyPlaces(input);
  for (const rule of rules) {
    const own: Unfingerprinted[] = [];
    try {
      rule.afterFindings!({
        places,
        serviceOf: input.serviceOf,
        report(descriptor) {
          const finding = findingAt.get(placeKey(descriptor.at));
          const template = rule.messages[descriptor.messageId];
          if (!finding || template === undefined) throw new Error(`report at a place without a finding, or unknown messageId "${descriptor.messageId}"`);
          // The value is at hand here (read back from the file) only to keep it out of the message.
          const value = comparableKey(input.readText(finding.file), finding.region) ?? '';
          own.push({
            ruleId: rule.id,
            messageId: descriptor.messageId,
            message: renderMessage(template, { ...scrubData(descriptor.data, value), key: formatRedaction(finding.redacted) }),
            level: descriptor.level ?? rule.level,
            file: finding.file,
            region: finding.region,
            related: descriptor.related.map((r): RelatedLocation => ({ ...r, label: scrubData({ label: r.label }, value).label as string })),
            redacted: finding.redacted,
            maskedLine: finding.maskedLine,
            fromFallback: false,
          });
        },
      });
    } catch (error) {
      out.diagnostics.push({ kind: 'rule-crash', level: 'error', file: '', ruleId: rule.id, message: `rule ${rule.id} crashed in its step over the findings (${error instanceof Error ? error.message : String(error)})` });
      continue;
    }
    for (const finding of own) {
      const suppressed = suppress(finding, input);
      out.findings.push(suppressed.finding);
      if (suppressed.directiveLine !== undefined) out.usedSuppressions.push({ file: finding.file, line: suppressed.directiveLine });
    }
  }
  return out;
}

/** Every key literal with a finding or a noted use, merged by place, in file order. */
async function keyPlaces(input: AfterFindingsInput): Promise<{ places: KeyPlace[]; findingAt: Map<string, Unfingerprinted> }> {
  const salt = newSalt();
  const byPlace = new Map<string, { file: string; region: Unfingerprinted['region']; finding?: Unfingerprinted; uses: KeyUse[] }>();
  for (const finding of input.findings) {
    const key = placeKey(finding);
    if (!byPlace.has(key)) byPlace.set(key, { file: finding.file, region: finding.region, finding, uses: [] });
  }
  for (const use of input.keyUses) {
    const key = placeKey(use);
    let place = byPlace.get(key);
    if (!place) byPlace.set(key, (place = { file: use.file, region: use.region, uses: [] }));
    place.uses.push(use);
  }
  const places: KeyPlace[] = [];
  const findingAt = new Map<string, Unfingerprinted>();
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string) => (texts.has(file) ? texts.get(file) : (texts.set(file, input.readText(file)), texts.get(file)));
  const digested = [...byPlace.values()].flatMap((place) => {
    const key = comparableKeyDigest(textOf(place.file), place.region, salt);
    return key ? [{ ...place, key }] : [];
  });
  // A use whose key no rule reported is no rule's business: it is left out (and not judged as test code).
  const reported = new Set(digested.filter((p) => p.finding).map((p) => p.key.digest));
  for (const place of digested) {
    const { finding, key } = place;
    if (!reported.has(key.digest)) continue;
    const inTest = finding ? finding.inTestPath === true : (await input.testCode?.evidence(place.file)) !== undefined;
    if (finding) findingAt.set(placeKey(place), finding);
    places.push({
      file: place.file,
      region: place.region,
      digest: key.digest,
      privateKey: key.privateKey,
      inTest,
      ...(finding ? { finding: { ruleId: finding.ruleId, level: finding.level, related: finding.related, problems: finding.problems, history: finding.history } } : {}),
      uses: place.uses,
    });
  }
  places.sort((a, b) => compareStrings(a.file, b.file) || a.region.start.line - b.region.start.line || a.region.start.column - b.region.start.column);
  return { places, findingAt };
}

function placeKey(at: { file: string; region: Unfingerprinted['region'] }): string {
  const { start, end } = at.region;
  return `${at.file}\0${start.line}:${start.column}-${end.line}:${end.column}`;
}

/** The file's `jwtscan-ignore` comments apply to these findings too (JSON has no comments). */
function suppress(finding: Unfingerprinted, input: AfterFindingsInput): { finding: Unfingerprinted; directiveLine?: number } {
  const kind = configKindOf(finding.file);
  const text = kind === 'json' ? undefined : input.readText(finding.file);
  if (text === undefined) return { finding };
  const syntax = kind ? 'hash' : 'js';
  const [marked] = applySuppressions(finding.file, text, [finding as Finding], input.knownRuleIds, input.enabledRuleIds, syntax).findings;
  if (!marked?.suppression) return { finding };
  const directive = parseSuppressions(text, syntax).find((d) => d.target === finding.region.start.line && (d.ruleIds.length === 0 || d.ruleIds.includes(finding.ruleId)));
  return { finding: marked, ...(directive ? { directiveLine: directive.line } : {}) };
}
