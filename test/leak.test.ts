/**
 * The report never leaks the secret: every quoted string written in a rule fixture is looked for in
 * the text, JSON and SARIF output of a scan over all fixtures. Strings that also occur in the output
 * of a scan of nothing (rule names, help text, public defaults quoted in the help) are not key
 * material a finding could leak, and module specifiers and computed property names are names;
 * everything else must be absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { regionMap } from '../src/analysis/text-calls.js';
import { REPORTERS } from '../src/reporters/index.js';
import type { ScanResult } from '../src/scan.js';
import { FIXTURES, reportContext, RULE_FIXTURES, scanPaths } from './helpers/scan-helpers.js';

const QUOTED = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
const SPECIFIER_BEFORE = /(?:require\s*\(|import\s*\(|from)\s*$/;

/** Short identifiers, environment variable names and dotted names (`cfg.jwt.refresh`): what messages and flows mention. */
function isName(value: string): boolean {
  return /^[A-Za-z_$][\w$]{0,15}$/.test(value) || /^[A-Z][A-Z0-9_]*$/.test(value) || /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(value);
}

function fixtureStrings(): string[] {
  const values = new Set<string>();
  const files = fs.readdirSync(RULE_FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c|m)?(j|t)sx?$/.test(f));
  for (const file of files) {
    const text = fs.readFileSync(path.join(RULE_FIXTURES, file), 'utf8');
    const regionAt = regionMap(text);
    for (const m of text.matchAll(QUOTED)) {
      if (regionAt(m.index) === 'comment') continue; // prose about code, which masked code lines may show
      if (SPECIFIER_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
      if (/\[\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index))) continue; // a computed property name
      const value = m[2]!;
      // Shorter strings are words that occur in any report; short identifier-shaped strings are
      // names (header names, property keys) that messages legitimately mention.
      // Dotted names (`cfg.jwt.refresh`, `process.env.X`) are what flow messages mention.
      if (value.length >= 8 && !isName(value)) values.add(value);
    }
    // Multi-line template literals (PEM keys, JSON documents with tokens): their key-material runs.
    for (const m of text.matchAll(/`([^`]*\n[^`]*)`/g)) {
      for (const run of m[1]!.match(/[A-Za-z0-9+/=_.-]{24,}/g) ?? []) if (!isName(run)) values.add(run);
    }
  }
  return [...values];
}

function allOutputs(result: ScanResult): string {
  return Object.values(REPORTERS)
    .flatMap((reporter) => [reporter.format(result, reportContext()), reporter.format(result, reportContext({ color: true }))])
    .join('\n');
}

describe('redaction in every output format', () => {
  it('no fixture key appears in text, JSON or SARIF output', async () => {
    const empty: ScanResult = { base: '/', findings: [], diagnostics: [], stats: { filesListed: 0, filesParsed: 0, durationMs: 0 } };
    // Paths of the scanned files are in every report (a string such as '/refresh' may be part of one).
    const paths = fs.readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).join('\n');
    const boilerplate = `${allOutputs(empty)}\n${paths}`;
    const secrets = fixtureStrings().filter((s) => !boilerplate.includes(s));
    expect(secrets.length).toBeGreaterThan(50);
    expect(secrets).toContain('fixture-inline-key-0001-wJTXoMkbB6v93dkjpnnN');

    const result = await scanPaths([RULE_FIXTURES, path.join(FIXTURES, 'inputs')]);
    expect(result.findings.length).toBeGreaterThan(50);
    const output = allOutputs(result);
    expect(secrets.filter((s) => output.includes(s))).toEqual([]);
  });
});
