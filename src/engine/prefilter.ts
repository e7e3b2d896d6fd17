import { NO_SETTINGS, type AnyRule, type RuleSettings } from '../rule.js';
import { configKindOf } from '../config-files/kind.js';

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
 * gitleaks' idea). A file no rule survives is never parsed. Most files match no keyword at all, so
 * one case-insensitive pass with every keyword comes first; only a file it matches is looked at
 * rule by rule.
 */
export function rulesForSource(source: string, rules: readonly AnyRule[], settings: RuleSettings = NO_SETTINGS): AnyRule[] {
  if (!anyKeyword(rules, settings).test(source)) return [];
  const lower = source.toLowerCase();
  const has = (keyword: string) => lower.includes(keyword.toLowerCase());
  return rules.filter((rule) => rule.keywords.some(has) || (rule.settingsKeywords?.(settings).some(has) ?? false));
}

const combined = new WeakMap<readonly AnyRule[], WeakMap<RuleSettings, RegExp>>();

function anyKeyword(rules: readonly AnyRule[], settings: RuleSettings): RegExp {
  let bySettings = combined.get(rules);
  if (!bySettings) combined.set(rules, (bySettings = new WeakMap()));
  let pattern = bySettings.get(settings);
  if (!pattern) {
    const keywords = rules.flatMap((rule) => [...rule.keywords, ...(rule.settingsKeywords?.(settings) ?? [])]);
    // An empty keyword matches everything, as `includes('')` does.
    pattern = keywords.some((k) => k === '') ? /(?:)/ : new RegExp([...new Set(keywords)].map(escapeRegExp).join('|'), 'i');
    bySettings.set(settings, pattern);
  }
  return pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
