/**
 * SARIF 2.1.0 for GitHub code scanning and other dashboards. The contract (required fields, limits,
 * fingerprints, URIs) is summarised in docs the team keeps beside the project; the essentials:
 * one run, every enabled rule fully described, exactly one location per result with a repository-
 * relative percent-encoded URI, our own versioned fingerprint, no source snippets, and every
 * diagnostic as a tool execution notification.
 */
import type { Diagnostic, Finding, Region, RuleMeta } from '../rule.js';
import { FINGERPRINT_KEY } from '../engine/fingerprint.js';
import type { ScanResult } from '../scan.js';
import { compareStrings } from '../util/compare.js';
import { ruleHelpUri } from '../version.js';
import { reportedFindings, type ReportContext, type Reporter } from './types.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub rejects a whole file above 25,000 results per run; stop short and say so. */
export const MAX_SARIF_RESULTS = 25_000;

/** Percent-encodes each path segment, so `[id]`, spaces, `#` and non-ASCII names are valid URI references. */
export function toUriReference(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** Markdown to plain text for `help.text`: no fences, headings or link syntax. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/^```\w*\s*$/gm, '')
    .replace(/^#+\s*/gm, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * GitHub takes an alert's severity from the rule descriptor's `security-severity`, not from the
 * result's level, so a test-code finding reported as a note under its rule would still show as
 * Critical. Each rule therefore has a second descriptor for findings in test, example and demo code,
 * `<rule-id>/test-code`, with a low severity; those findings are results of that descriptor.
 */
export const TEST_CODE_SUFFIX = '/test-code';
export const TEST_CODE_SECURITY_SEVERITY = 2.0;

function sarifRuleId(finding: Finding): string {
  return finding.inTestPath ? `${finding.ruleId}${TEST_CODE_SUFFIX}` : finding.ruleId;
}

function describeTestCodeRule(rule: RuleMeta) {
  const base = describeRule(rule);
  const why =
    'Reported in test, example or demo code (by path, test runner configuration, example package or importers), where keys are usually throw-away: low severity.';
  const help = `${rule.help.trimEnd()}\n\n## In test and example code\n${why} A key used by production code is reported under ${rule.id} instead.\n`;
  return {
    ...base,
    id: `${rule.id}${TEST_CODE_SUFFIX}`,
    name: `${rule.name}InTestCode`,
    shortDescription: { text: `${rule.shortDescription} (test or example code)` },
    fullDescription: { text: `${rule.fullDescription} ${why}` },
    help: { text: markdownToText(help), markdown: help },
    defaultConfiguration: { level: 'note' },
    properties: { ...base.properties, tags: [...rule.tags, 'test'], 'security-severity': TEST_CODE_SECURITY_SEVERITY.toFixed(1) },
  };
}

function describeRule(rule: RuleMeta) {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.shortDescription },
    fullDescription: { text: rule.fullDescription },
    help: { text: markdownToText(rule.help), markdown: rule.help },
    helpUri: ruleHelpUri(rule.id),
    defaultConfiguration: { level: rule.level },
    messageStrings: Object.fromEntries(Object.entries(rule.messages).map(([id, text]) => [id, { text }])),
    properties: { tags: [...rule.tags], precision: rule.precision, 'security-severity': rule.securitySeverity.toFixed(1) },
  };
}

function sarifRegion(region: Region) {
  return { startLine: region.start.line, startColumn: region.start.column, endLine: region.end.line, endColumn: region.end.column };
}

function physicalLocation(file: string, region?: Region) {
  return {
    artifactLocation: { uri: toUriReference(file), uriBaseId: '%SRCROOT%' },
    ...(region ? { region: sarifRegion(region) } : {}),
  };
}

function result(finding: Finding, ruleIndex: number, withSuppressions: boolean, fix: unknown) {
  const refs = (role?: 'copy') => finding.related.flatMap((r, i) => (r.role === role ? [`[${r.label}](${i + 1})`] : []));
  // Calls the key reaches, then other places holding the same key (jwt-reused-secret).
  const calls = refs();
  const copies = refs('copy');
  const suffix = `${calls.length > 0 ? ` Key of ${calls.join(', ')}.` : ''}${copies.length > 0 ? ` Other places of the key: ${copies.join(', ')}.` : ''}`;
  return {
    ruleId: sarifRuleId(finding),
    ruleIndex,
    level: finding.level,
    message: { text: `${finding.message}${suffix}` },
    locations: [{ physicalLocation: physicalLocation(finding.file, finding.region) }],
    ...(finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((r, i) => ({
            id: i + 1,
            message: { text: r.label },
            physicalLocation: physicalLocation(r.file ?? finding.file, r.region),
          })),
        }
      : {}),
    // GitHub shows a code flow as "Show paths": literal -> bindings/imports -> the JWT call.
    ...(finding.flow
      ? {
          codeFlows: [
            {
              threadFlows: [
                {
                  locations: finding.flow.map((step, i) => ({
                    location: { physicalLocation: physicalLocation(step.file, step.region), message: { text: step.label } },
                    executionOrder: i + 1,
                  })),
                },
              ],
            },
          ],
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    // SARIF 2.1.0 section 3.27.30: the change `jwtscan fix` would make (the key is only ever in a deleted region).
    ...(fix ? { fixes: [fix] } : {}),
    ...resultProperties(finding),
    // GitHub ignores suppressions (they would become open alerts), so suppressed results are only
    // written on request, and then every result says whether it is suppressed (SARIF section 3.27.23).
    ...(withSuppressions
      ? { suppressions: finding.suppression ? [{ kind: 'inSource', status: 'accepted', justification: finding.suppression.justification || 'jwtscan-ignore' }] : [] }
      : {}),
  };
}

/**
 * `problems` (the ids of every rule whose problem the key has, the reported one first), `inTestPath`
 * with its evidence; with `scan --history`, the commit that added the key (the location is the path
 * as of that commit).
 */
function resultProperties(finding: Finding) {
  const history = finding.history && { commit: finding.history.commit, commitDate: finding.history.date, presentAtHead: finding.history.presentAtHead };
  const test = finding.inTestPath ? { inTestPath: true, ...(finding.testEvidence ? { testEvidence: finding.testEvidence } : {}) } : {};
  // (scan --history --shard: what jwtscan merge needs, and removes)
  const shard = finding.historyShard ? { shard: finding.historyShard } : {};
  return { properties: { problems: [...(finding.problems ?? [finding.ruleId])], ...test, ...history, ...shard } };
}

function notification(diagnostic: Diagnostic) {
  return {
    level: diagnostic.level,
    message: { text: `${diagnostic.file}: ${diagnostic.message}` },
    locations: [
      {
        physicalLocation: physicalLocation(
          diagnostic.file,
          diagnostic.line ? { start: { line: diagnostic.line, column: 1 }, end: { line: diagnostic.line, column: 1 } } : undefined,
        ),
      },
    ],
    descriptor: { id: diagnostic.kind as string },
    ...(diagnostic.ruleId ? { associatedRule: { id: diagnostic.ruleId } } : {}),
    ...(diagnostic.historyShard ? { properties: { shard: diagnostic.historyShard } } : {}),
  };
}

/** What the baseline did, with its counts as properties (`jwtscan merge` adds up the shards'). */
export function baselineNotification(counts: { hidden: number; stale: number; swapped: number }) {
  const { hidden, stale, swapped } = counts;
  return {
    level: 'note' as const,
    message: {
      text:
        `The baseline hid ${hidden} known result(s); ${stale} baseline entr${stale === 1 ? 'y no longer matches' : 'ies no longer match'}` +
        (swapped > 0 ? `; ${swapped} result(s) sit at a baselined place with a different key.` : '.'),
    },
    locations: [],
    descriptor: { id: 'baseline' },
    properties: counts,
  };
}

export function truncationNotification(left: number) {
  return {
    level: 'warning' as const,
    message: { text: `${left} results were left out: GitHub rejects more than ${MAX_SARIF_RESULTS} per run.` },
    locations: [],
    descriptor: { id: 'results-truncated' },
    properties: { left },
  };
}

/** GitHub reads the category as everything before the last `/`, so `X` is written `X/` (no run id). */
function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

export const sarifReporter: Reporter = {
  name: 'sarif',
  format(scan: ScanResult, context: ReportContext): string {
    const sorted = [...context.rules].sort((a, b) => compareStrings(a.id, b.id));
    const descriptors = [...sorted.map(describeRule), ...sorted.map(describeTestCodeRule)];
    const index = new Map(descriptors.map((d, i) => [d.id, i]));
    const findings = reportedFindings(scan, context).filter((f) => index.has(sarifRuleId(f)));
    const kept = findings.slice(0, MAX_SARIF_RESULTS);
    const notifications: (Omit<ReturnType<typeof notification>, 'properties'> & { properties?: Record<string, unknown> })[] = scan.diagnostics.map(notification);
    if (scan.baseline) notifications.push(baselineNotification({ hidden: scan.baseline.hidden, stale: scan.baseline.stale.length, swapped: scan.baseline.swapped.length }));
    if (kept.length < findings.length) notifications.push(truncationNotification(findings.length - kept.length));
    const log = {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'jwtscan',
              semanticVersion: context.toolVersion,
              informationUri: context.informationUri,
              rules: descriptors,
            },
          },
          ...(context.category ? { automationDetails: { id: automationId(context.category) } } : {}),
          ...(context.run ? { properties: { jwtscan: context.run } } : {}),
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
          originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the scanned repository.' } } },
          columnKind: 'utf16CodeUnits',
          // Line numbers count every line break Babel does, so say so (SARIF's default is CRLF and LF only).
          newlineSequences: ['\r\n', '\n', '\r', '\u2028', '\u2029'],
          results: kept.map((f) => result(f, index.get(sarifRuleId(f))!, context.includeSuppressed, context.fixFor?.(f))),
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};
