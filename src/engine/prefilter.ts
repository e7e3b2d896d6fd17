import type { AnyRule } from '../rule.js';

/**
 * The rules that can fire in a file: those with at least one keyword in it (case-insensitive,
 * gitleaks' idea). A file no rule survives is never parsed.
 */
export function rulesForSource(source: string, rules: readonly AnyRule[]): AnyRule[] {
  const lower = source.toLowerCase();
  return rules.filter((rule) => rule.keywords.some((keyword) => lower.includes(keyword.toLowerCase())));
}
