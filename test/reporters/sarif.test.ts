import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { sarifReporter, toUriReference } from '../../src/reporters/sarif.js';
import { FIXTURES, reportContext, RULE_FIXTURES, scanPaths } from '../helpers/scan-helpers.js';
import { sarifSchemaErrors } from '../helpers/sarif-validator.js';

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; semanticVersion: string; rules: { id: string; help: { text: string; markdown: string }; properties: Record<string, unknown> }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
    columnKind: string;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
      relatedLocations?: unknown[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

async function sarifFor(paths: string[]): Promise<SarifLog> {
  const result = await scanPaths(paths);
  return JSON.parse(sarifReporter.format(result, reportContext())) as SarifLog;
}

describe('SARIF reporter', () => {
  it('validates against the official SARIF 2.1.0 schema for every rule fixture', async () => {
    const log = await sarifFor([RULE_FIXTURES]);
    expect(log.runs[0]!.results.length).toBeGreaterThan(20);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('the validator rejects the known-bad samples (so a pass means something)', () => {
    for (const bad of ['bad-schema.sarif', 'bad-uri.sarif']) {
      const log = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', bad), 'utf8'));
      expect(sarifSchemaErrors(log).length, bad).toBeGreaterThan(0);
    }
    const good = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'good.sarif'), 'utf8'));
    expect(sarifSchemaErrors(good)).toEqual([]);
  });

  it('describes every rule and keeps ruleIndex consistent with rules[]', async () => {
    const run = (await sarifFor([RULE_FIXTURES])).runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual(RULES.map((r) => r.id).sort());
    expect(run.tool.driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.markdown).toContain('## How to fix');
      expect(rule.help.text).not.toContain('```');
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
    }
    for (const result of run.results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
      expect(result.locations[0]!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints['jwtscan/v1']).toMatch(/^[0-9a-f]{32}$/);
      // A related location is only linked by GitHub when the message references it.
      if (result.relatedLocations) expect(result.message.text).toMatch(/\[[^\]]+\]\(1\)/);
    }
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('describes all rules even when nothing is found', async () => {
    const log = await sarifFor([path.join(FIXTURES, 'inputs/clean')]);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules).toHaveLength(RULES.length);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('percent-encodes paths into valid URI references', () => {
    expect(toUriReference('src/app/[id]/my page.ts')).toBe('src/app/%5Bid%5D/my%20page.ts');
    expect(toUriReference('src/ünï#1?.ts')).toBe('src/%C3%BCn%C3%AF%231%3F.ts');
  });
});
