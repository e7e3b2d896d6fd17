/**
 * `scan --history`: every distinct JS/TS blob reachable in the range, scanned once. The blob list
 * comes from `git rev-list --objects`, each blob's origin (oldest commit adding it, its date and
 * path) from one `git log --raw`, the bytes from one `git cat-file --batch`. Blobs are scanned in
 * groups by the commit that added them, each group by the normal engine with that commit's tree as
 * the source of imported modules. HEAD's files are scanned too when the range leaves them out, only
 * to tell which keys are still present at HEAD.
 */
import path from 'node:path';
import type { Diagnostic, Finding, HistoryShardFinding } from '../rule.js';
import { scan, scanBase, type ScanOptions, type ScanResult } from '../scan.js';
import type { ShardInfo } from '../shard/needed-files.js';
import { CommitTrees, listTree } from './commit-trees.js';
import { fileSelector } from './file-selector.js';
import { gitSync, type Repository } from './git.js';
import { IN_PROCESS_IDENTITIES, literalIdentity, mergeHistory, uniqueDiagnostics, withCommit, type Attributed, type LiteralIdentities } from './history-findings.js';
import { blobSizes, HistorySharding } from './history-shard.js';
import { readHistoryLog, type BlobOrigin } from './history-log.js';
import { historyRange, type HistoryRangeOptions } from './history-range.js';
import { historySource, type HistoryFile } from './history-source.js';
import { SUBMODULE_MODE, SYMLINK_MODE } from './raw-diff.js';
import { listReachableObjects, objectIds } from './reachable-blobs.js';
import { ImportPrefetcher } from './prefetch-imports.js';
import { openBlobReader, type BlobReader } from './read-blobs.js';
import { repoPaths, type RepoPaths } from './repo-paths.js';
import { decode } from '../files/read-source.js';
import { TsconfigPaths } from '../modules/tsconfig-paths.js';

export interface HistoryOptions extends HistoryRangeOptions {
  repository: Repository;
}

/** The blobs one commit added (or HEAD's files outside the range, `inRange: false`). */
interface Group {
  commit: string;
  date: string;
  order: number;
  inRange: boolean;
  files: (HistoryFile & { name: string })[];
}

interface Context {
  repository: Repository;
  base: string;
  paths: RepoPaths;
  reader: BlobReader;
  trees: CommitTrees;
  prefetcher: ImportPrefetcher;
  identities: LiteralIdentities;
}

export async function scanHistory(options: ScanOptions, history: HistoryOptions): Promise<ScanResult> {
  const started = performance.now();
  const { repository } = history;
  // --shard splits the history by commit (history-shard.ts), not each commit's scan by file.
  const { shard: spec, ...scanOptions } = options;
  const targets = (options.paths.length > 0 ? options.paths : [repository.top]).map((p) => path.resolve(options.cwd, p));
  const base = scanBase(options.cwd, [repository.top]);
  const paths = repoPaths(repository.top, base);
  const select = fileSelector({ targets, include: options.include, exclude: options.exclude }, paths.toTop);

  const revs = await historyRange(repository, history);
  const accept = (name: string) => {
    const relative = paths.fromTop(name);
    return relative !== undefined && select(name, relative);
  };
  const [reachable, log] = await Promise.all([listReachableObjects(repository, revs), readHistoryLog(repository, revs, accept)]);
  const blobs = objectIds(reachable, (id) => log.origins.has(id));
  const { ordered, planned, diagnostics: planning } = planGroups(blobs.present, log.origins, paths);
  const head = headGroup(repository, planned, select, paths);
  const headBlobs = head?.blobs ?? new Set<string>();
  if (head && head.group.files.length > 0) ordered.push(head.group);
  const sharding = spec && new HistorySharding(spec, { commits: [...log.trees.keys()], planned, head: head && { commit: head.group.commit, blobs: head.blobs } });
  const identities = sharding?.identities ?? IN_PROCESS_IDENTITIES;
  const ranked = <D extends Diagnostic>(d: D, rank: [number, number]): D => (sharding ? { ...d, historyShard: { rank } } : d);
  const diagnostics = planning.flatMap(({ diagnostic, commit }, i) => (!sharding || sharding.ownsCommit(commit) ? [ranked(diagnostic, [-1, i])] : []));
  // A partial clone (--filter) or a snapshot without its largest blobs: what is there is scanned, and the report says what is not.
  // (only the blobs the scan would read: a missing image is nothing lost)
  const missing = blobs.missing.size;
  if (missing > 0) diagnostics.push(ranked(missingObjectsDiagnostic(missing), [-2, 0]));

  const reader = openBlobReader(repository, options.maxFileSize);
  const trees = new CommitTrees(repository, reader, options.maxFileSize, log.trees);
  const context: Context = { repository, base, paths, reader, trees, prefetcher: new ImportPrefetcher(trees, base, paths, new TsconfigPaths(base)), identities };
  const found: Attributed[] = [];
  const present = new Set<string>();
  const stats = { filesListed: 0, filesParsed: 0, modulesResolved: 0, filesAnalysedForOwn: 0 };
  try {
    for (const group of ordered) {
      if (group.inRange && sharding && !sharding.ownsCommit(group.commit)) continue;
      // HEAD's files outside the range: each shard tells presence from its own (the others analysed as they need).
      const split = !group.inRange && spec && spec.count > 1 ? { shard: spec, shardKeepsUnlisted: true } : {};
      const result = await scan({ ...scanOptions, ...split, paths: [repository.top], source: () => historySource({ ...context, commit: group.commit, files: group.files }) });
      stats.modulesResolved += result.stats.modulesResolved ?? 0;
      stats.filesAnalysedForOwn += result.stats.shard?.filesAnalysedForOwn ?? 0;
      const texts = new Map<string, string | undefined>();
      for (const [index, finding] of result.findings.entries()) {
        const located = await locate(context, group, finding, log.origins, texts);
        if (headBlobs.has(located.blob ?? '')) present.add(located.literal);
        if (!group.inRange) continue;
        const { attributed } = located;
        found.push(sharding ? { ...attributed, finding: { ...finding, historyShard: shardData(attributed, group, index) } } : attributed);
      }
      if (!group.inRange) continue;
      stats.filesListed += result.stats.filesListed;
      stats.filesParsed += result.stats.filesParsed;
      diagnostics.push(...result.diagnostics.map((d, i) => ranked(d.kind === 'interrupted' ? d : withCommit(d, group.commit), [group.order, i])));
      if (options.signal?.aborted) break; // that group's result says the scan was interrupted
    }
  } finally {
    context.reader.close();
  }
  const { filesAnalysedForOwn, ...counts } = stats;
  return {
    base,
    findings: mergeHistory(found, present),
    diagnostics: uniqueDiagnostics(diagnostics),
    stats: {
      ...counts,
      ...(sharding ? { shard: { ...(await shardInfo(repository, sharding, ordered)), filesAnalysedForOwn } } : {}),
      durationMs: Math.round(performance.now() - started),
    },
    ...(sharding ? { historyShard: { present: [...present].sort() } } : {}),
  };
}

/** What merge needs of a finding of a history shard (see HistoryShardFinding). */
function shardData(item: Attributed, group: Group, index: number): HistoryShardFinding {
  const { finding } = item;
  return { literal: item.literal, rank: [item.order, group.order, index], messageId: finding.messageId, message: finding.message, shape: finding.maskedLine.replace(/\s+/g, '') };
}

/** The shard's part: blobs of its commits and its HEAD files, and the bytes of every shard's. */
async function shardInfo(repository: Repository, sharding: HistorySharding, groups: readonly Group[]): Promise<ShardInfo> {
  const sizes = await blobSizes(repository, groups.flatMap((g) => g.files.map((f) => f.blob)));
  const bytesPerShard = new Array<number>(sharding.spec.count).fill(0);
  let files = 0;
  for (const group of groups) {
    const shard = group.inRange ? sharding.shardOfCommit(group.commit) : undefined;
    for (const file of group.files) {
      const owner = shard ?? sharding.shardOfHeadFile(file.relative);
      bytesPerShard[owner - 1]! += sizes.get(file.blob) ?? 0;
      if (owner === sharding.spec.index) files++;
    }
  }
  return { ...sharding.spec, files, bytes: bytesPerShard[sharding.spec.index - 1]!, bytesPerShard, listing: sharding.listing };
}

/** The blobs to scan, grouped by the commit that added them, oldest commit first. */
function planGroups(
  blobs: ReadonlySet<string>,
  origins: ReadonlyMap<string, BlobOrigin>,
  paths: RepoPaths,
): { ordered: Group[]; planned: Set<string>; diagnostics: { diagnostic: Diagnostic; commit: string }[] } {
  const diagnostics: { diagnostic: Diagnostic; commit: string }[] = [];
  const groups = new Map<string, Group>();
  const planned = new Set<string>();
  for (const id of blobs) {
    const origin = origins.get(id)!;
    const name = origin.path.toString('utf8');
    const relative = paths.fromTop(name)!; // selected when the origin was recorded
    if (!Buffer.from(name, 'utf8').equals(origin.path)) {
      const diagnostic: Diagnostic = { kind: 'encoding', level: 'note', file: relative, message: 'file name is not valid UTF-8; shown with U+FFFD replacements and scanned' };
      diagnostics.push({ diagnostic, commit: origin.commit });
    }
    planned.add(id);
    let group = groups.get(origin.commit);
    if (!group) groups.set(origin.commit, (group = { commit: origin.commit, date: origin.date, order: origin.order, inRange: true, files: [] }));
    group.files.push({ relative, name, blob: id });
  }
  return { ordered: [...groups.values()].sort((a, b) => a.order - b.order), planned, diagnostics };
}

/** HEAD's blobs (to tell presence), and a group of those the range does not cover; undefined without a HEAD. */
function headGroup(
  repository: Repository,
  planned: ReadonlySet<string>,
  select: (name: string, relative: string) => boolean,
  paths: RepoPaths,
): { blobs: Set<string>; group: Group } | undefined {
  let commit: string;
  try {
    commit = gitSync(repository, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).toString('utf8').trim();
  } catch {
    return undefined; // unborn branch
  }
  const blobs = new Set<string>();
  const added = new Set<string>();
  const group: Group = { commit, date: '', order: Number.MAX_SAFE_INTEGER, inRange: false, files: [] };
  for (const [name, entry] of listTree(repository, commit, true)) {
    if (entry.type !== 'blob' || entry.mode === SYMLINK_MODE || entry.mode === SUBMODULE_MODE) continue;
    const relative = paths.fromTop(name);
    if (relative === undefined || !select(name, relative)) continue;
    blobs.add(entry.id);
    if (planned.has(entry.id) || added.has(entry.id)) continue;
    added.add(entry.id);
    group.files.push({ relative, name, blob: entry.id });
  }
  return { blobs, group };
}

/**
 * The blob that holds the finding's literal (the scanned blob, or the module it was imported from in
 * the group's commit), the literal's identity, and the finding attributed to that blob's origin.
 */
async function locate(
  context: Context,
  group: Group,
  finding: Finding,
  origins: ReadonlyMap<string, BlobOrigin>,
  texts: Map<string, string | undefined>,
): Promise<{ blob: string | undefined; literal: string; attributed: Attributed }> {
  const own = group.files.find((f) => f.relative === finding.file);
  const name = own?.name ?? context.paths.toTop(path.join(context.base, finding.file));
  let blob = own?.blob;
  let source: string | undefined;
  if (own) {
    // Read again, not kept from the scan: only the few blobs with findings are needed here.
    if (!texts.has(own.blob)) texts.set(own.blob, await readText(context.reader, own.blob, finding.file));
    source = texts.get(own.blob);
  } else if (name !== undefined) {
    blob = context.trees.entry(group.commit, name)?.id;
    source = context.trees.text(group.commit, name);
  }
  const literal = literalIdentity(source, finding.region, context.identities) ?? context.identities.fallback(finding);
  const origin = blob === undefined ? undefined : origins.get(blob);
  const file = origin ? (context.paths.fromTop(origin.path.toString('utf8')) ?? finding.file) : finding.file;
  const at = origin ?? group;
  return { blob, literal, attributed: { finding, literal, commit: at.commit, date: at.date, order: at.order, file } };
}

async function readText(reader: BlobReader, blob: string, file: string): Promise<string | undefined> {
  const read = await reader.read(blob);
  const decoded = read.kind === 'blob' ? decode(read.bytes, file) : undefined;
  return decoded?.ok ? decoded.text : undefined;
}

function missingObjectsDiagnostic(count: number): Diagnostic {
  return {
    kind: 'unreadable',
    level: 'warning',
    file: '',
    message: `${count} file version${count === 1 ? '' : 's'} of the history ${count === 1 ? 'is' : 'are'} missing from this clone (a partial or incomplete clone): ${count === 1 ? 'its' : 'their'} content was not scanned; fetch the whole history (a clone without --filter, or git fetch --refetch) to scan it`,
  };
}
