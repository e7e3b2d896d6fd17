import { NO_SETTINGS, type AnyRule, type RuleSettings } from '../rule.js';
import { configKindOf } from '../config-files/kind.js';
import { holdsOnlyComments } from './comments-only.js';
import { insideBase64Run } from './base64-runs.js';

/**
 * The rules that can fire in a file, by its kind: code (`rulesForSource`) or a configuration file,
 * which only rules with `scanConfig` read: every `.env` file, JSON and YAML with one of their
 * `configPattern` (lockfiles, API specs and generated JSON do not match, so they are never parsed).
 */
export function rulesForFile(file: string, source: string, rules: readonly AnyRule[], settings: RuleSettings = NO_SETTINGS): AnyRule[] {
  const kind = configKindOf(file);
  if (!kind) return rulesForSource(source, rules, settings);
  return rules.filter((rule) => rule.scanConfig && (kind === 'dotenv' || (rule.configPattern?.test(source) ?? false)));
}

/**
 * The rules that can fire in a file: those with at least one keyword in it (case-insensitive,
 * gitleaks' idea) or a match of one of their case-sensitive `keywordPatterns`. A file no rule
 * survives is never parsed. Most files match nothing, so one pass with every keyword and pattern
 * comes first; only a file it matches is looked at rule by rule, from one more pass that collects
 * the keywords present (rules share most of theirs). Keywords in a file that holds nothing but
 * comments do not count (src/engine/comments-only.ts), nor ones inside encoded data
 * (src/engine/base64-runs.ts); `window`: the text is a window of a larger file (the streaming text
 * pass), whose comments may belong to code outside it.
 */
export function rulesForSource(source: string, rules: readonly AnyRule[], settings: RuleSettings = NO_SETTINGS, window = false): AnyRule[] {
  const index = keywordIndex(rules, settings);
  const wordHit = index.emptyKeyword || (keywordOutsideData(source, index.eachWord) && (window || !holdsOnlyComments(source)));
  const patternHits = new Map<RegExp, boolean>();
  const matches = (pattern: RegExp) => {
    let hit = patternHits.get(pattern);
    if (hit === undefined) patternHits.set(pattern, (hit = pattern.test(source)));
    return hit;
  };
  if (!wordHit && !index.patterns.some(matches)) return [];
  const byWord = wordHit ? rulesWithKeywordsPresent(source, index) : NO_RULE;
  return rules.filter((rule, r) => byWord[r] === true || (rule.keywordPatterns?.some((p) => matches(index.ownPattern.get(p)!)) ?? false));
}

/**
 * What decides that no rule can fire in a code file, as plain data: a worker thread that reads and
 * screens files (src/files/parallel-screen.ts) rebuilds the test from it. No rule survives a file
 * exactly when no pattern matches and no keyword does, or only inside encoded data or in a file of
 * comments (every keyword belongs to a rule; an empty one matches every file).
 */
export interface KeywordScreenSpec {
  /** The non-empty keywords as one alternation (a RegExp source, matched case-insensitively); none without any. */
  keywords?: string;
  emptyKeyword: boolean;
  patterns: { source: string; flags: string }[];
}

export function keywordScreenSpec(rules: readonly AnyRule[], settings: RuleSettings = NO_SETTINGS): KeywordScreenSpec {
  const index = keywordIndex(rules, settings);
  const plain = (r: RegExp) => ({ source: r.source, flags: r.flags });
  return { ...(index.eachWord ? { keywords: index.eachWord.source } : {}), emptyKeyword: index.emptyKeyword, patterns: index.patterns.map(plain) };
}

/** Whether some rule can fire in a code file's text (`rulesForSource(...).length > 0`), from the spec. */
export function keywordScreen(spec: KeywordScreenSpec): (source: string) => boolean {
  const eachWord = spec.keywords === undefined ? undefined : new RegExp(spec.keywords, 'gi');
  const patterns = spec.patterns.map((p) => new RegExp(p.source, p.flags));
  return (source) => spec.emptyKeyword || (keywordOutsideData(source, eachWord) && !holdsOnlyComments(source)) || patterns.some((p) => p.test(source));
}

/**
 * Whether some match of `each` (global, case-insensitive) lies outside encoded data; usually the
 * first does. On the many files without a keyword this is the one pass over the text.
 */
function keywordOutsideData(source: string, each: RegExp | undefined): boolean {
  if (!each) return false;
  each.lastIndex = 0;
  for (let match = each.exec(source); match; match = each.exec(source)) {
    if (!insideBase64Run(source, match.index, match.index + match[0].length)) return true;
    each.lastIndex = match.index + 1;
  }
  return false;
}

interface KeywordIndex {
  /** Every non-empty keyword, longest first, global: walked one match at a time, overlaps included. */
  eachWord: RegExp | undefined;
  /** Lower-cased keyword -> the keywords it contains (itself included), so a match of the longer one counts for all. */
  contained: Map<string, string[]>;
  /** The rules' patterns, without `g`/`y` (a test must not depend on an earlier one's lastIndex). */
  patterns: RegExp[];
  ownPattern: Map<RegExp, RegExp>;
  /** Some rule has an empty keyword: it matches every file, as `includes('')` does. */
  emptyKeyword: boolean;
  /** Lower-cased keyword -> the positions in `rules` of the rules that have it. */
  rulesWith: Map<string, number[]>;
  /** How many rules have at least one keyword. */
  rulesWithWords: number;
}

const NO_RULE: readonly boolean[] = [];
const indexes = new WeakMap<readonly AnyRule[], WeakMap<RuleSettings, KeywordIndex>>();

function keywordIndex(rules: readonly AnyRule[], settings: RuleSettings): KeywordIndex {
  let bySettings = indexes.get(rules);
  if (!bySettings) indexes.set(rules, (bySettings = new WeakMap()));
  let index = bySettings.get(settings);
  if (!index) {
    /** Each rule's lower-cased keywords, by its position in `rules`. */
    const ruleWords = rules.map((rule) => new Set([...rule.keywords, ...(rule.settingsKeywords?.(settings) ?? [])].map((k) => k.toLowerCase())));
    const words = [...new Set(ruleWords.flatMap((own) => [...own]))];
    const rulesWith = new Map<string, number[]>();
    ruleWords.forEach((own, r) => {
      for (const word of own) rulesWith.set(word, [...(rulesWith.get(word) ?? []), r]);
    });
    const nonEmpty = words.filter((k) => k !== '').sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const emptyKeyword = nonEmpty.length < words.length;
    const alternation = nonEmpty.map(escapeRegExp).join('|');
    const ownPattern = new Map<RegExp, RegExp>();
    for (const rule of rules) for (const p of rule.keywordPatterns ?? []) ownPattern.set(p, new RegExp(p.source, p.flags.replace(/[gy]/g, '')));
    index = {
      eachWord: nonEmpty.length > 0 ? new RegExp(alternation, 'gi') : undefined,
      contained: new Map(nonEmpty.map((k) => [k, nonEmpty.filter((other) => k.includes(other)).concat(emptyKeyword ? [''] : [])])),
      patterns: [...new Set(ownPattern.values())],
      ownPattern,
      emptyKeyword,
      rulesWith,
      rulesWithWords: ruleWords.filter((own) => own.size > 0).length,
    };
    bySettings.set(settings, index);
  }
  return index;
}

/**
 * Which rules (by position) have a keyword in `source` outside encoded data: one pass over the
 * keyword matches, restarting one character after each so overlaps are seen, that stops once every
 * rule with keywords has one (a bundle that says "jwt" early is not searched to its end).
 */
function rulesWithKeywordsPresent(source: string, index: KeywordIndex): boolean[] {
  const found: boolean[] = [];
  let left = index.rulesWithWords;
  const mark = (word: string) => {
    for (const r of index.rulesWith.get(word) ?? []) {
      if (found[r]) continue;
      found[r] = true;
      left--;
    }
  };
  if (index.emptyKeyword) mark('');
  const each = index.eachWord;
  if (!each) return found;
  const seen = new Set<string>();
  each.lastIndex = 0;
  for (let match = each.exec(source); match && left > 0; match = each.exec(source)) {
    const keyword = match[0].toLowerCase();
    if (!seen.has(keyword) && !insideBase64Run(source, match.index, match.index + match[0].length)) {
      seen.add(keyword);
      for (const inner of index.contained.get(keyword) ?? [keyword]) mark(inner);
    }
    each.lastIndex = match.index + 1;
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
