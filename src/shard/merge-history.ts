/**
 * Merges the reports of `scan --history --shard K/N` into the report the unsharded `scan --history`
 * writes, byte for byte (src/git/history-shard.ts says how the history is split). Each shard kept
 * the oldest finding per rule and key literal among its own commits, with its own fingerprints; here
 * the oldest of all shards is kept (by the rank the finding carries: where the unsharded scan meets
 * it), marked present at HEAD when any shard saw its literal in HEAD's files, its message given the
 * committed note again, and the fingerprints recomputed over every kept finding, by the same code
 * as the unsharded scan (`mergeHistory`). Diagnostics: the oldest of each problem (`uniqueDiagnostics`).
 * What only merging needs (`shard` fields, the run identity) is left out of the merged report.
 */
import { committedNote, mergeHistory, uniqueDiagnostics, type Attributed, type HistoryFinding } from '../git/history-findings.js';
import { FINGERPRINT_KEY } from '../engine/fingerprint.js';
import type { Diagnostic, HistoryShardFinding } from '../rule.js';
import { TEST_CODE_SUFFIX } from '../reporters/sarif.js';
import { MergeError } from './merge-error.js';
import { mergeJsonReports } from './merge-json.js';
import { mergeSarifLogs, where } from './merge-sarif.js';
import type { HistoryShardRun } from './run-identity.js';

type Doc = Record<string, any>;

export interface HistoryShardReport {
  name: string;
  document: Doc;
  history: HistoryShardRun;
}

/** A finding of a shard as merging reads it: the written one (`doc`), or a suppressed one the report left out. */
interface ShardFinding {
  doc: Doc | undefined;
  report: string;
  ruleId: string;
  file: string;
  line: number;
  column: number;
  suppressed: boolean;
  commit: string;
  date: string;
  /** As the shard wrote it (merge may change it). */
  presentAtHead: boolean;
  data: HistoryShardFinding;
}

type Merged = ReturnType<typeof mergeFindings>[number];

/** The findings of every shard as the unsharded scan reports them, in its order. */
function mergeFindings(findings: readonly ShardFinding[], present: ReadonlySet<string>) {
  const found: Attributed<HistoryFinding & { entry: ShardFinding }>[] = [...findings]
    .sort((a, b) => compareRanks(a.data.rank, b.data.rank))
    .map((entry) => {
      const at = { line: entry.line, column: entry.column };
      return {
        finding: {
          ruleId: entry.ruleId,
          messageId: entry.data.messageId,
          message: entry.data.message,
          file: entry.file,
          region: { start: at, end: at },
          maskedLine: entry.data.shape,
          ...(entry.suppressed ? { suppression: { justification: '' } } : {}),
          entry,
        },
        literal: entry.data.literal,
        commit: entry.commit,
        date: entry.date,
        file: entry.file,
        order: entry.data.rank[0],
      };
    });
  return mergeHistory(found, present);
}

/** `text` with the committed note the merge decided instead of the shard's (what follows it, SARIF's related locations, kept). */
function rewriteMessage(text: unknown, merged: Merged): string {
  const { entry } = merged;
  const written = `${entry.data.message} ${committedNote(entry.commit, entry.date, entry.presentAtHead)}`;
  if (typeof text !== 'string' || !text.startsWith(written)) throw new MergeError(`${entry.report}: a finding's message does not match its shard data; merge the reports scan --history --shard wrote`);
  return merged.message + text.slice(written.length);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The diagnostics of every shard as the unsharded scan reports them: the oldest of each, in its order. */
function mergeDiagnostics<T>(items: readonly { diagnostic: Diagnostic; rank: readonly number[]; item: T }[]): T[] {
  const sorted = [...items].sort((a, b) => compareRanks(a.rank, b.rank));
  return uniqueDiagnostics(sorted.map((i) => ({ ...i.diagnostic, item: i.item }))).map((d) => d.item);
}

function shardData(data: unknown, report: string): HistoryShardFinding {
  const d = data as Partial<HistoryShardFinding> | undefined;
  if (typeof d?.literal !== 'string' || !Array.isArray(d.rank) || typeof d.message !== 'string' || typeof d.shape !== 'string' || typeof d.messageId !== 'string') {
    throw new MergeError(`${report}: a finding has no history shard data; merge the reports scan --history --shard wrote`);
  }
  return d as HistoryShardFinding;
}

function rankOf(data: unknown, report: string): readonly number[] {
  const rank = (data as { rank?: unknown } | undefined)?.rank;
  if (!Array.isArray(rank)) throw new MergeError(`${report}: a diagnostic has no history shard data; merge the reports scan --history --shard wrote`);
  return rank as number[];
}

function without<T extends Doc>(doc: T, key: string): T {
  const copy: Doc = { ...doc };
  delete copy[key];
  return copy as T;
}

function presentIn(reports: readonly HistoryShardReport[]): Set<string> {
  return new Set(reports.flatMap((r) => r.history.present));
}

function unreported(report: HistoryShardReport): ShardFinding[] {
  return report.history.unreported.map((u) => ({
    doc: undefined,
    report: report.name,
    ruleId: u.ruleId,
    file: u.path,
    line: u.line,
    column: u.column,
    suppressed: true,
    commit: u.commit,
    date: u.date,
    presentAtHead: false,
    data: shardData(u.shard, report.name),
  }));
}

export function mergeJsonHistory(reports: readonly HistoryShardReport[]): string {
  const entries = reports.flatMap((report) => [
    ...(report.document.findings as Doc[]).map(
      (doc): ShardFinding => ({
        doc,
        report: report.name,
        ruleId: doc.ruleId,
        file: doc.path,
        line: doc.line,
        column: doc.column,
        suppressed: doc.suppression !== undefined,
        commit: doc.history?.commit,
        date: doc.history?.date,
        presentAtHead: doc.history?.presentAtHead,
        data: shardData(doc.shard, report.name),
      }),
    ),
    ...unreported(report),
  ]);
  const merged = mergeFindings(entries, presentIn(reports));
  const findings = merged.flatMap((m) => {
    if (!m.entry.doc) return [];
    const doc = without(m.entry.doc, 'shard');
    doc.message = rewriteMessage(doc.message, m);
    doc.fingerprint = m.fingerprint;
    doc.history = { ...doc.history, presentAtHead: m.history.presentAtHead };
    return [doc];
  });
  const diagnostics = mergeDiagnostics(
    reports.flatMap((report) =>
      (report.document.diagnostics as Doc[]).map((doc) => ({
        diagnostic: { kind: doc.kind, level: doc.level, file: doc.path, line: doc.line, ruleId: doc.ruleId, message: doc.message } as Diagnostic,
        rank: rankOf(doc.shard, report.name),
        item: without(doc, 'shard'),
      })),
    ),
  );
  const open = findings.filter((f) => f.suppression === undefined);
  const sum = (key: string) => reports.reduce((total, r) => total + Number(r.document.summary?.[key] ?? 0), 0);
  const count = (level: string) => open.filter((f) => f.level === level).length;
  const first = reports[0]!.document;
  // One document as the unsharded scan writes it; merge-json writes it out (in the reporter's shape).
  const single = {
    formatVersion: first.formatVersion,
    tool: first.tool,
    findings,
    diagnostics,
    summary: {
      findings: open.length,
      suppressed: merged.filter((m) => m.suppression !== undefined).length,
      errors: count('error'),
      warnings: count('warning'),
      notes: count('note'),
      diagnostics: diagnostics.length,
      // Each shard lists the blobs of its own commits.
      filesScanned: sum('filesScanned'),
      filesParsed: sum('filesParsed'),
    },
  };
  return mergeJsonReports([single], undefined);
}

export function mergeSarifHistory(reports: readonly HistoryShardReport[]): string {
  const runOf = (report: HistoryShardReport) => (report.document.runs as Doc[])[0]!;
  const entries = reports.flatMap((report) => [
    ...((runOf(report).results ?? []) as Doc[]).map((doc): ShardFinding => {
      const properties = doc.properties ?? {};
      const { file, line, column } = where(doc);
      const ruleId = String(doc.ruleId ?? '');
      return {
        doc,
        report: report.name,
        ruleId: properties.inTestPath && ruleId.endsWith(TEST_CODE_SUFFIX) ? ruleId.slice(0, -TEST_CODE_SUFFIX.length) : ruleId,
        file,
        line,
        column,
        suppressed: Array.isArray(doc.suppressions) && doc.suppressions.length > 0,
        commit: properties.commit,
        date: properties.commitDate,
        presentAtHead: properties.presentAtHead,
        data: shardData(properties.shard, report.name),
      };
    }),
    ...unreported(report),
  ]);
  const merged = mergeFindings(entries, presentIn(reports));
  const results = merged.flatMap((m) => {
    if (!m.entry.doc) return [];
    const doc = { ...m.entry.doc };
    doc.message = { ...doc.message, text: rewriteMessage(doc.message?.text, m) };
    doc.partialFingerprints = { ...doc.partialFingerprints, [FINGERPRINT_KEY]: m.fingerprint };
    doc.properties = without({ ...doc.properties, presentAtHead: m.history.presentAtHead }, 'shard');
    return [doc];
  });
  const notifications = reports.flatMap((report) => ((runOf(report).invocations?.[0]?.toolExecutionNotifications ?? []) as Doc[]).map((doc) => ({ report, doc })));
  // Notifications about the report itself (results left out) carry no rank: merge-sarif adds them up.
  const about = notifications.filter(({ doc }) => doc.properties?.shard === undefined).map(({ doc }) => doc);
  const diagnostics = mergeDiagnostics(
    notifications
      .filter(({ doc }) => doc.properties?.shard !== undefined)
      .map(({ report, doc }) => ({ diagnostic: notificationDiagnostic(doc, report.name), rank: rankOf(doc.properties.shard, report.name), item: withoutShardProperty(doc) })),
  );
  // One run as the unsharded scan writes it (without the run identity); merge-sarif writes it out.
  const first = runOf(reports[0]!);
  const invocation = first.invocations?.[0] ?? {};
  const run: Doc = {
    ...first,
    invocations: [
      {
        ...invocation,
        executionSuccessful: reports.every((r) => ((runOf(r).invocations ?? []) as Doc[]).every((i) => i.executionSuccessful !== false)),
        toolExecutionNotifications: [...diagnostics, ...about],
      },
    ],
    results,
  };
  const properties = without(first.properties ?? {}, 'jwtscan');
  if (Object.keys(properties).length > 0) run.properties = properties;
  else delete run.properties;
  return mergeSarifLogs([{ ...reports[0]!.document, runs: [run] }], undefined);
}

/** The diagnostic a notification was written from (kind, path, line, rule and message decide which are the same problem). */
function notificationDiagnostic(doc: Doc, report: string): Diagnostic {
  const { file, line } = where(doc);
  const text = String(doc.message?.text ?? '');
  if (!text.startsWith(`${file}: `)) throw new MergeError(`${report}: a notification does not name its file; merge the reports scan --history --shard wrote`);
  return { kind: doc.descriptor?.id, level: doc.level, file, ...(line ? { line } : {}), ...(doc.associatedRule ? { ruleId: doc.associatedRule.id } : {}), message: text.slice(file.length + 2) };
}

function withoutShardProperty(doc: Doc): Doc {
  const properties = without(doc.properties ?? {}, 'shard');
  const copy = without(doc, 'properties');
  return Object.keys(properties).length > 0 ? { ...copy, properties } : copy;
}
