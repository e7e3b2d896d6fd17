/**
 * Merges the SARIF logs of shards into one log with one run per tool (GitHub takes one upload per
 * category): rules united by id (results' `ruleIndex` remapped), artifacts united by location (every
 * `artifactLocation.index` remapped, in locations, related locations and code flows), results in
 * the order an unsharded scan writes them, one invocation with every notification once (the
 * baseline's and the truncation's added up).
 */
import { baselineNotification, MAX_SARIF_RESULTS, TEST_CODE_SUFFIX, truncationNotification } from '../reporters/sarif.js';
import { compareStrings } from '../util/compare.js';
import { unique } from './merge-json.js';
import type { RunIdentity } from './run-identity.js';

type Doc = Record<string, any>;

const COUNTED = new Set(['baseline', 'results-truncated']);

export function mergeSarifLogs(logs: readonly Doc[], identity: RunIdentity | undefined): string {
  const byTool = new Map<string, Doc[]>();
  for (const run of logs.flatMap((log) => log.runs as Doc[])) {
    const tool = String(run.tool?.driver?.name ?? '');
    byTool.set(tool, [...(byTool.get(tool) ?? []), run]);
  }
  const merged = { ...logs[0]!, runs: [...byTool.values()].map((runs) => mergeRuns(runs, identity)) };
  return `${JSON.stringify(merged, null, 2)}\n`;
}

function mergeRuns(runs: readonly Doc[], identity: RunIdentity | undefined): Doc {
  const rules = unite(runs.map((run) => (run.tool?.driver?.rules ?? []) as Doc[]), (rule) => String(rule.id));
  const ruleIndex = new Map(rules.map((rule, i) => [String(rule.id), i]));
  const artifacts = unite(runs.map((run) => (run.artifacts ?? []) as Doc[]), (a) => JSON.stringify([a.location?.uri, a.location?.uriBaseId]));
  const artifactIndex = new Map(artifacts.map((a, i) => [JSON.stringify([a.location?.uri, a.location?.uriBaseId]), i]));
  const results: Doc[] = [];
  const notifications: Doc[] = [];
  for (const run of runs) {
    const remap = artifactRemapper(run.artifacts ?? [], artifactIndex);
    for (const result of (run.results ?? []) as Doc[]) {
      const index = ruleIndex.get(String(result.ruleId));
      results.push(remap({ ...result, ...(index !== undefined ? { ruleIndex: index } : {}) }));
    }
    for (const invocation of (run.invocations ?? []) as Doc[]) notifications.push(...((invocation.toolExecutionNotifications ?? []) as Doc[]).map(remap));
  }
  results.sort(compareResults);
  const kept = results.slice(0, MAX_SARIF_RESULTS);
  const counted = (id: string) => notifications.filter((n) => n.descriptor?.id === id);
  const total = (id: string, key: string) => counted(id).reduce((t, n) => t + Number(n.properties?.[key] ?? 0), 0);
  const merged = unique(notifications.filter((n) => !COUNTED.has(n.descriptor?.id))).sort(compareNotifications);
  if (counted('baseline').length > 0) merged.push(baselineNotification({ hidden: total('baseline', 'hidden'), stale: total('baseline', 'stale'), swapped: total('baseline', 'swapped') }));
  const left = total('results-truncated', 'left') + (results.length - kept.length);
  if (left > 0) merged.push(truncationNotification(left));
  const first = runs[0]!;
  const properties = identity ? { ...(first.properties ?? {}), jwtscan: identity } : first.properties;
  return {
    ...first,
    tool: { ...first.tool, driver: { ...first.tool.driver, rules } },
    ...(artifacts.length > 0 ? { artifacts } : {}),
    invocations: [{ ...(first.invocations?.[0] ?? {}), executionSuccessful: runs.every((run) => (run.invocations ?? []).every((i: Doc) => i.executionSuccessful !== false)), toolExecutionNotifications: merged }],
    results: kept,
    ...(properties ? { properties } : {}),
  };
}

/** Items of every list once, by key, in first-seen order. */
function unite(lists: readonly Doc[][], key: (item: Doc) => string): Doc[] {
  const seen = new Map<string, Doc>();
  for (const list of lists) for (const item of list) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** A deep copy with every `artifactLocation.index` pointing into the merged artifacts. */
function artifactRemapper(artifacts: readonly Doc[], merged: ReadonlyMap<string, number>): (value: Doc) => Doc {
  if (artifacts.length === 0) return (value) => value;
  const remap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(remap);
    if (typeof value !== 'object' || value === null) return value;
    const out: Doc = {};
    for (const [key, inner] of Object.entries(value)) out[key] = remap(inner);
    if (typeof out.artifactLocation?.index === 'number') {
      const artifact = artifacts[out.artifactLocation.index];
      const index = artifact && merged.get(JSON.stringify([artifact.location?.uri, artifact.location?.uriBaseId]));
      out.artifactLocation = { ...out.artifactLocation, ...(index !== undefined ? { index } : {}) };
    }
    return out;
  };
  return (value) => remap(value) as Doc;
}

/** Where a result or notification is: its first location's path (decoded), line and column (0 when it has none). */
export function where(item: Doc): { file: string; line: number; column: number } {
  const physical = item.locations?.[0]?.physicalLocation;
  const uri = String(physical?.artifactLocation?.uri ?? '');
  let file: string;
  try {
    file = uri.split('/').map(decodeURIComponent).join('/');
  } catch {
    file = uri;
  }
  return { file, line: physical?.region?.startLine ?? 0, column: physical?.region?.startColumn ?? 0 };
}

/** The order of the engine's findings: path, line, column, rule (results in test code carry the rule id with a suffix). */
function compareResults(a: Doc, b: Doc): number {
  const x = where(a);
  const y = where(b);
  const rule = (r: Doc) => String(r.ruleId ?? '').replace(TEST_CODE_SUFFIX, '');
  return compareStrings(x.file, y.file) || x.line - y.line || x.column - y.column || compareStrings(rule(a), rule(b));
}

/** The order of the engine's diagnostics: path, line, kind. */
function compareNotifications(a: Doc, b: Doc): number {
  const x = where(a);
  const y = where(b);
  return compareStrings(x.file, y.file) || x.line - y.line || compareStrings(String(a.descriptor?.id ?? ''), String(b.descriptor?.id ?? ''));
}
