/**
 * The report never leaks the secret: every quoted string written in a rule fixture is looked for in
 * the output of every format (HTML and XML decoded too) of a scan over all fixtures. Strings that also occur in the output
 * of a scan of nothing (rule names, help text, public defaults quoted in the help) are not key
 * material a finding could leak, and module specifiers and computed property names are names;
 * everything else must be absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../src/reporters/index.js';
import type { ScanResult } from '../src/scan.js';
import { fixtureSecrets, isName } from './helpers/fixture-secrets.js';
import { configKindOf } from '../src/config-files/kind.js';
import { parseDotenv } from '../src/config-files/parse-dotenv.js';
import { parseJson } from '../src/config-files/parse-json.js';
import { parseYaml } from '../src/config-files/parse-yaml.js';
import { FIXTURES, reportContext, RULE_FIXTURES, scanPaths } from './helpers/scan-helpers.js';

function fixtureStrings(): string[] {
  const values = new Set<string>();
  const all = fs.readdirSync(RULE_FIXTURES, { recursive: true, encoding: 'utf8' });
  const files = all.filter((f) => /\.(c|m)?(j|t)sx?$/.test(f));
  for (const file of files) for (const value of fixtureSecrets(fs.readFileSync(path.join(RULE_FIXTURES, file), 'utf8'))) values.add(value);
  // Config files: every value their parser reads (unquoted .env and YAML values too).
  for (const file of all) {
    const kind = configKindOf(file);
    if (!kind) continue;
    const text = fs.readFileSync(path.join(RULE_FIXTURES, file), 'utf8');
    const entries = kind === 'dotenv' ? parseDotenv(text) : kind === 'json' ? parseJson(text).entries : parseYaml(text).entries;
    for (const { value } of entries) if (value.trim().length >= 8 && !isName(value.trim())) values.add(value.trim());
  }
  return [...values];
}

function allOutputs(result: ScanResult): string {
  const outputs = Object.values(REPORTERS).flatMap((reporter) => [reporter.format(result, reportContext()), reporter.format(result, reportContext({ color: true }))]);
  // A key with a quote or `&` in it would be escaped in HTML and XML: look for its decoded form too.
  return [...outputs, ...outputs.map(decodeEntities)].join('\n');
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", amp: '&' })[name]!);
}

describe('redaction in every output format', () => {
  it('no fixture key appears in any output format', async () => {
    const empty: ScanResult = { base: '/', findings: [], diagnostics: [], stats: { filesListed: 0, filesParsed: 0, durationMs: 0 } };
    // Paths of the scanned files are in every report (a string such as '/refresh' may be part of one).
    const paths = fs.readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).join('\n');
    const boilerplate = `${allOutputs(empty)}\n${paths}`;
    const secrets = fixtureStrings().filter((s) => !boilerplate.includes(s));
    expect(secrets.length).toBeGreaterThan(50);
    expect(secrets).toContain('fixture-inline-key-0001-wJTXoMkbB6v93dkjpnnN');
    expect(secrets).toContain('Zq4Wm8Rt2Yx6Vb1Nc5Lp9Kd3Fg7Hj0Sa'); // a .env value

    const result = await scanPaths([RULE_FIXTURES, path.join(FIXTURES, 'inputs')]);
    expect(result.findings.length).toBeGreaterThan(50);
    const output = allOutputs(result);
    expect(secrets.filter((s) => output.includes(s))).toEqual([]);
  });
});
