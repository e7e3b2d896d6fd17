import { NO_SETTINGS, type AnyRule, type RuleSettings } from '../rule.js';

/**
 * The rules that can fire in a file: those with at least one keyword in it (case-insensitive,
 * gitleaks' idea). A file no rule survives is never parsed.
 */
export function rulesForSource(source: string, rules: readonly AnyRule[], settings: RuleSettings = NO_SETTINGS): AnyRule[] {
  const lower = source.toLowerCase();
  const has = (keyword: string) => lower.includes(keyword.toLowerCase());
  return rules.filter((rule) => rule.keywords.some(has) || (rule.settingsKeywords?.(settings).some(has) ?? false));
}
