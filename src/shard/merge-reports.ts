/**
 * `jwtscan merge FILE…`: one report from the reports of `scan --shard K/N` (JSON or SARIF, taken from
 * the inputs). Reports that do not belong together are refused (MergeError, exit 2): mixed formats,
 * other tool versions or builds, other settings, other file listings, shards missing or given twice,
 * shards of `scan --history` mixed with other reports (those merge in merge-history.ts).
 */
import { MergeError } from './merge-error.js';
import { mergeJsonHistory, mergeSarifHistory, type HistoryShardReport } from './merge-history.js';
import { mergeJsonReports } from './merge-json.js';
import { mergeSarifLogs } from './merge-sarif.js';
import type { HistoryShardRun, RunIdentity } from './run-identity.js';

export { MergeError };

export type ReportFormat = 'json' | 'sarif';

export interface ReportInput {
  /** The name the user gave (for messages). */
  name: string;
  text: string;
}

/** One parsed input: its format, the tool version that wrote it, its run identity, the parsed document. */
export interface ParsedReport {
  name: string;
  format: ReportFormat;
  version: string;
  identity: RunIdentity | undefined;
  document: Record<string, unknown>;
}

export interface MergeOptions {
  /** Merge even when some shards of K/N are missing (the report then covers only part of the files). */
  allowPartial?: boolean;
}

export function mergeReports(inputs: readonly ReportInput[], options: MergeOptions = {}): { format: ReportFormat; text: string } {
  if (inputs.length === 0) throw new MergeError('nothing to merge: name the shards\' reports');
  const reports = inputs.map(parseReport);
  const format = reports[0]!.format;
  const other = reports.find((r) => r.format !== format);
  if (other) throw new MergeError(`cannot merge reports of different formats: ${reports[0]!.name} is ${format.toUpperCase()}, ${other.name} is ${other.format.toUpperCase()}`);
  sameValue(reports, (r) => r.version, 'jwtscan versions', 'scan every shard with the same jwtscan');
  const history = sameKind(reports);
  sameValue(reports, (r) => r.identity?.build ?? '', 'jwtscan builds', 'scan every shard with the same jwtscan build');
  sameValue(reports, (r) => r.identity?.settings ?? '', 'settings (rules, levels, sinks, limits, globs or report options)', 'give every shard the same config and options');
  if (history) sameValue(reports, (r) => r.identity?.listing ?? '', 'history ranges (commits, files or HEAD)', 'scan every shard on the same checkout with the same --since and --branches');
  else sameValue(reports, (r) => r.identity?.listing ?? '', 'file listings', 'scan every shard on the same commit');
  checkCoverage(reports, options.allowPartial === true);
  if (history) {
    // The merged report is the unsharded scan --history report: final, without a run identity.
    const shards: HistoryShardReport[] = reports.map((r) => ({ name: r.name, document: r.document, history: historyOf(r) }));
    return { format, text: format === 'json' ? mergeJsonHistory(shards) : mergeSarifHistory(shards) };
  }
  const identity = reports[0]!.identity && { settings: reports[0]!.identity.settings, build: reports[0]!.identity.build, listing: reports[0]!.identity.listing };
  const documents = reports.map((r) => r.document);
  return { format, text: format === 'json' ? mergeJsonReports(documents, identity) : mergeSarifLogs(documents, identity) };
}

function historyOf(report: ParsedReport): HistoryShardRun {
  const history = report.identity?.history;
  if (!Array.isArray(history?.present) || !Array.isArray(history.unreported)) throw new MergeError(`${report.name}: its run identity's history is not what scan --history --shard writes`);
  return history;
}

/** Whether the reports are shards of `scan --history --shard` (all of them, or none: they do not merge with others). */
function sameKind(reports: readonly ParsedReport[]): boolean {
  const isHistory = (r: ParsedReport) => r.identity?.history !== undefined;
  const history = reports.find(isHistory);
  const other = reports.find((r) => !isHistory(r));
  if (history && other) {
    throw new MergeError(`cannot merge shards of scan --history with other reports: ${history.name} is a history shard, ${other.name} is not; merge the reports of one scan --history --shard K/N matrix`);
  }
  return history !== undefined;
}

function parseReport(input: ReportInput): ParsedReport {
  let document: unknown;
  try {
    document = JSON.parse(input.text);
  } catch {
    throw new MergeError(`${input.name} is not a JSON or SARIF report of jwtscan (not JSON)`);
  }
  const doc = (typeof document === 'object' && document !== null ? document : {}) as Record<string, any>;
  if (doc.version === '2.1.0' && Array.isArray(doc.runs)) {
    const run = doc.runs.find((r: any) => r?.tool?.driver?.name === 'jwtscan');
    if (!run) throw new MergeError(`${input.name} is a SARIF log without a jwtscan run`);
    if (doc.runs.length !== 1) throw new MergeError(`${input.name} holds ${doc.runs.length} runs: merge the shards' own reports`);
    return { name: input.name, format: 'sarif', version: String(run.tool.driver.semanticVersion ?? ''), identity: run.properties?.jwtscan, document: doc };
  }
  if (doc.tool?.name === 'jwtscan' && typeof doc.formatVersion === 'number' && Array.isArray(doc.findings)) {
    return { name: input.name, format: 'json', version: `${doc.tool.version}${doc.formatVersion === 1 ? '' : ` (JSON format ${doc.formatVersion})`}`, identity: doc.run, document: doc };
  }
  throw new MergeError(`${input.name} is not a JSON or SARIF report of jwtscan (use --format json or --format sarif)`);
}

function sameValue(reports: readonly ParsedReport[], value: (r: ParsedReport) => string, what: string, advice: string): void {
  const first = reports[0]!;
  const other = reports.find((r) => value(r) !== value(first));
  if (other) throw new MergeError(`cannot merge reports of different ${what}: ${first.name} has ${value(first) || '(none)'}, ${other.name} has ${value(other) || '(none)'}; ${advice}`);
}

/** Each shard K of N exactly once (a report without a shard, unsharded or merged, counts as 1/1). */
function checkCoverage(reports: readonly ParsedReport[], allowPartial: boolean): void {
  const shards = reports.map((r) => {
    const [k, n] = (r.identity?.shard ?? '1/1').split('/').map(Number);
    return { name: r.name, k: k!, n: n! };
  });
  const n = shards[0]!.n;
  const otherCount = shards.find((s) => s.n !== n);
  if (otherCount) throw new MergeError(`cannot merge shards of different splits: ${shards[0]!.name} is ${shards[0]!.k}/${n}, ${otherCount.name} is ${otherCount.k}/${otherCount.n}`);
  const seen = new Map<number, string>();
  for (const s of shards) {
    const twice = seen.get(s.k);
    if (twice !== undefined) throw new MergeError(`shard ${s.k}/${n} is given twice: ${twice} and ${s.name}`);
    seen.set(s.k, s.name);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0 && !allowPartial) {
    throw new MergeError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((k) => `${k}/${n}`).join(', ')} missing: the merged report would miss their files' findings (--allow-partial merges anyway)`);
  }
}
