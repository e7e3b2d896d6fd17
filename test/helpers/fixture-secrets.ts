/**
 * The key material written in a fixture, as the leak tests define it: every quoted string of 8 or
 * more characters that is not a name (module specifiers, computed property names, identifiers,
 * environment variable names and dotted names are what messages legitimately mention), plus the
 * long base64-like runs of multi-line template literals (PEM keys, JSON documents with tokens).
 * Strings inside comments are prose about code, which masked code lines may show.
 */
import { regionMap } from '../../src/analysis/text-calls.js';

const QUOTED = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
const SPECIFIER_BEFORE = /(?:require\s*\(|import\s*\(|from)\s*$/;

/** Short identifiers, environment variable names and dotted names (`cfg.jwt.refresh`, nconf's `jwt:secret`): what messages and flows mention. */
export function isName(value: string): boolean {
  return /^[A-Za-z_$][\w$]{0,15}$/.test(value) || /^[A-Z][A-Z0-9_]*$/.test(value) || /^[A-Za-z_$][\w$]*([.:][A-Za-z_$][\w$]*)+$/.test(value);
}

export interface FixtureSecretOptions {
  /** Leave out quoted object keys (`{ 'jwt.refresh': … }`), which messages may name. */
  skipQuotedObjectKeys?: boolean;
}

export function fixtureSecrets(text: string, options: FixtureSecretOptions = {}): string[] {
  const values = new Set<string>();
  const regionAt = regionMap(text);
  for (const m of text.matchAll(QUOTED)) {
    if (regionAt(m.index) === 'comment') continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (SPECIFIER_BEFORE.test(before)) continue;
    if (/\[\s*$/.test(before.slice(-3))) continue; // a computed property name
    if (options.skipQuotedObjectKeys && /[{,]\s*$/.test(before.slice(-3)) && /^\s*:/.test(text.slice(m.index + m[0].length))) continue;
    const value = m[2]!;
    if (value.length >= 8 && !isName(value)) values.add(value);
  }
  for (const m of text.matchAll(/`([^`]*\n[^`]*)`/g)) {
    for (const run of m[1]!.match(/[A-Za-z0-9+/=_.-]{24,}/g) ?? []) if (!isName(run)) values.add(run);
  }
  return [...values];
}
