import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { sarifReporter, toUriReference } from '../../src/reporters/sarif.js';
import { FIXTURES, reportContext, ROOT, RULE_FIXTURES, scanPaths } from '../helpers/scan-helpers.js';
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
      codeFlows?: { threadFlows: { locations: { location: { message: { text: string } } }[] }[] }[];
      partialFingerprints: Record<string, string>;
      properties: { problems: string[]; inTestPath?: boolean; testEvidence?: string };
    }[];
  }[];
}

async function sarifFor(paths: string[]): Promise<SarifLog> {
  const result = await scanPaths(paths);
  return JSON.parse(sarifReporter.format(result, reportContext())) as SarifLog;
}

const RULE_IDS = RULES.map((r) => r.id).sort();
const DESCRIPTOR_IDS = [...RULE_IDS, ...RULE_IDS.map((id) => `${id}/test-code`)];

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
    expect(ids).toEqual(DESCRIPTOR_IDS);
    expect(run.tool.driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.markdown).toContain('## How to fix');
      expect(rule.help.text).not.toContain('```');
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      // GitHub shows the descriptor's severity: test-code descriptors must band as Low (under 4.0).
      if (rule.id.endsWith('/test-code')) expect(Number(rule.properties['security-severity'])).toBeLessThan(4);
      else expect(Number(rule.properties['security-severity'])).toBeGreaterThanOrEqual(7);
      expect(rule.properties.tags).toContain('security');
    }
    for (const result of run.results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
      expect(result.locations[0]!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints['jwtscan/v2']).toMatch(/^[0-9a-f]{32}$/);
      expect(result.properties.problems[0]).toBe(result.ruleId.replace(/\/test-code$/, ''));
      expect(result.ruleId.endsWith('/test-code')).toBe(result.properties.inTestPath === true);
      // A related location is only linked by GitHub when the message references it.
      if (result.relatedLocations) expect(result.message.text).toMatch(/\[[^\]]+\]\(1\)/);
    }
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('describes all rules even when nothing is found', async () => {
    const log = await sarifFor([path.join(FIXTURES, 'inputs/clean')]);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(DESCRIPTOR_IDS);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('one result per key: weak inline keys are one result with both problems, never two on one literal', async () => {
    const run = (await sarifFor([path.join(RULE_FIXTURES, 'jwt-weak-secret/weak-keys.js')])).runs[0]!;
    const places = run.results.map((r) => JSON.stringify([r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region]));
    expect(new Set(places).size).toBe(places.length);
    const both = run.results.filter((r) => r.properties.problems.join() === 'jwt-inline-secret,jwt-weak-secret');
    expect(both.length).toBeGreaterThanOrEqual(9);
    for (const r of both) {
      expect(r.ruleId).toBe('jwt-inline-secret');
      expect(r.message.text).toContain('Also jwt-weak-secret:');
    }
  });

  it('writes related locations and code flows for every finding that has them (and the corpus has them)', async () => {
    const result = await scanPaths([RULE_FIXTURES]);
    const run = (JSON.parse(sarifReporter.format(result, reportContext())) as SarifLog).runs[0]!;
    const open = result.findings.filter((f) => !f.suppression);
    expect(run.results).toHaveLength(open.length);
    open.forEach((finding, i) => {
      const written = run.results[i]!;
      expect(written.relatedLocations?.length ?? 0).toBe(finding.related.length);
      expect(written.codeFlows?.[0]?.threadFlows[0]?.locations.length ?? 0).toBe(finding.flow?.length ?? 0);
    });
    // Not vacuous: most keys reach a call (related), and many travel to it (flows).
    expect(open.filter((f) => f.related.length > 0).length).toBeGreaterThan(300);
    expect(open.filter((f) => (f.flow?.length ?? 0) > 0).length).toBeGreaterThan(100);
  });

  it('the example app: the imported key has both calls as related locations and its path as a code flow', async () => {
    const run = (await sarifFor([path.join(ROOT, 'examples/vulnerable-app')])).runs[0]!;
    const links = run.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('admin/config/links.config.ts'))!;
    expect(links.level).toBe('error');
    expect(links.relatedLocations).toHaveLength(2);
    expect(links.codeFlows![0]!.threadFlows[0]!.locations.map((l) => l.location.message.text)).toEqual([
      'key literal',
      'imported from "../config/links.config"',
      'property linkSigning.secret',
      'key of @nestjs/jwt.JwtService#signAsync',
    ]);
  });

  it('test-code results use the low-severity descriptor and stay valid SARIF', async () => {
    const log = await sarifFor([path.join(ROOT, 'examples/vulnerable-app')]);
    const run = log.runs[0]!;
    const spec = run.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('auth.controller.spec.ts'))!;
    expect(spec.ruleId).toBe('jwt-hardcoded-token/test-code');
    expect(spec.level).toBe('note');
    expect(spec.properties).toMatchObject({ inTestPath: true, testEvidence: 'its path matches `*.spec.*`' });
    const descriptor = run.tool.driver.rules[spec.ruleIndex]!;
    expect(descriptor.id).toBe('jwt-hardcoded-token/test-code');
    expect(descriptor.properties['security-severity']).toBe('2.0');
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('percent-encodes paths into valid URI references', () => {
    expect(toUriReference('src/app/[id]/my page.ts')).toBe('src/app/%5Bid%5D/my%20page.ts');
    expect(toUriReference('src/ünï#1?.ts')).toBe('src/%C3%BCn%C3%AF%231%3F.ts');
  });
});
