/**
 * The cross-file step of a shard: the rules' facts in the files the shard reports on name words
 * (`Rule.supportWords`), and the files of other shards holding them are analysed too (unreported),
 * so the step links the same facts as an unsharded scan would. Round by round, as support files can
 * name more words (a node-config mapping names the setting its readers read).
 */
import type { AnyRule, SharedFact } from '../rule.js';
import type { WalkedFile } from '../files/walk.js';
import type { ShardPlan } from './needed-files.js';

/** Chains of words this long are rare; past them every remaining file is analysed (never a wrong answer). */
const MAX_SUPPORT_ROUNDS = 3;

export interface SupportStageInput {
  plan: ShardPlan;
  rules: readonly AnyRule[];
  /** The own files analysed so far that shared facts. */
  ownFiles: readonly string[];
  /** The facts shared in a file analysed so far, by rule id (none for a file without facts). */
  factsOf(file: string): Promise<Record<string, SharedFact[]>>;
  /** Analyses a file of another shard (first pass, and again with the key helpers it may call). */
  analyse(file: WalkedFile, text: string): Promise<void>;
}

export async function runSupportStage(input: SupportStageInput): Promise<void> {
  const rules = input.rules.filter((rule) => rule.afterScan);
  if (rules.length === 0) return;
  /** The files whose facts decide what the step needs: the own ones, then those taken for them. */
  const relevant = new Set<string>();
  for (const file of input.ownFiles) relevant.add(file);
  for (let round = 0; round <= MAX_SUPPORT_ROUNDS; round++) {
    const words = round === MAX_SUPPORT_ROUNDS ? undefined : await wordsFor(rules, relevant, input);
    const taken = input.plan.support(words);
    if (taken.length === 0) break;
    for (const { file, text } of taken) {
      await input.analyse(file, text);
      relevant.add(file.relative);
    }
  }
}

async function wordsFor(rules: readonly AnyRule[], files: ReadonlySet<string>, input: SupportStageInput): Promise<string[] | undefined> {
  const byRule = new Map<string, SharedFact[]>(rules.map((rule) => [rule.id, []]));
  for (const file of files) {
    const facts = await input.factsOf(file);
    for (const [ruleId, shared] of Object.entries(facts)) byRule.get(ruleId)?.push(...shared);
  }
  const words = new Set<string>();
  for (const rule of rules) {
    const facts = byRule.get(rule.id)!;
    if (facts.length === 0) continue;
    const needed = rule.supportWords?.(facts);
    if (needed === undefined) return undefined;
    for (const word of needed) words.add(word);
  }
  return [...words];
}
