/**
 * Orchestration: targets → walk → read → scanFile (prefilter, parse, rules) → sorted result.
 * All per-file work is in `engine/scan-file.ts`; this module only does I/O and bookkeeping.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FORGETFUL_MEMO, type AnyRule, type Diagnostic, type Finding, type KeyUse, type Level, type RuleSettings } from './rule.js';
import type { ConfigLevels } from './engine/merge-problems.js';
import { DEFAULT_TEST_PATHS } from './test-code/path-patterns.js';
import { TestCodeClassifier } from './test-code/classify.js';
import { importSpecifiers } from './test-code/importers.js';
import { ImportSpecifierCache } from './cache/import-specifiers.js';
import { TsconfigPaths } from './modules/tsconfig-paths.js';
import { runAfterScan, type FactSource } from './engine/after-scan.js';
import { finalizeFindings } from './engine/finalize-findings.js';
import { compareDiagnostics } from './engine/file-report.js';
import { ModuleGraph } from './modules/module-graph.js';
import { contentHash, ResultCache } from './cache/result-cache.js';
import { UnchangedFiles } from './cache/unchanged-files.js';
import type { FileStamp } from './cache/keyword-free-index.js';
import { buildId, packageInfo } from './version.js';
import { compareStrings } from './util/compare.js';
import { loadBabel } from './engine/babel.js';
import { rulesForFile } from './engine/prefilter.js';
import { configKindOf } from './config-files/kind.js';
import { scanFile } from './engine/scan-file.js';
import { DerivedSinkSet, mayCall, runDerivedSinkStage, type DerivedStageInput } from './engine/derived-sinks.js';
import { parseLimitNote, scanTextStream, streamedNote } from './engine/stream-scan.js';
import { workingTreeSource, type FileSource } from './files/file-source.js';
import { startScreenWorker, type ScreenWorkerMode, type StartedWorker } from './files/parallel-screen.js';
import { isKeywordFree, isLater, isTextPassed, ScreenedReads, type ScreenedKeywordFree, type ScreenedRead } from './files/screened-reads.js';
import { walk, type WalkedFile, type WalkOptions } from './files/walk.js';
import { explainEmptySelection } from './files/empty-selection.js';
import type { ShardSpec } from './shard/assign.js';
import { planShard, type ShardInfo, type ShardPlan } from './shard/needed-files.js';
import { runSupportStage } from './shard/support-stage.js';
import { serviceResolver } from './modules/services.js';

/** What the analysis of one file contributed (the derived-sink stage may replace it). */
interface FileOutcome {
  findings: Finding[];
  foreign: Finding[];
  diagnostics: Diagnostic[];
  keyUses: KeyUse[];
}

export interface ScanOptions {
  cwd: string;
  /** Files or directories, relative to `cwd` or absolute. */
  paths: string[];
  include: string[];
  exclude: string[];
  gitignore: boolean;
  maxFileSize: number;
  rules: readonly AnyRule[];
  /** Every rule id jwtscan has, when `rules` is a subset (rules switched off in the config). */
  knownRuleIds?: ReadonlySet<string>;
  /**
   * Lists and reads the files instead of the working-tree walk (staged scans read the git index).
   * Receives the scan base and the absolute targets.
   */
  source?: (base: string, targets: string[]) => FileSource;
  /** Wall-clock budget for one file's analysis (default 10 s); past it the text fallback takes over. */
  fileTimeBudgetMs?: number;
  /** Keep per-file results in this directory and reuse them when nothing they depend on changed. */
  cacheDir?: string;
  /** Called after each file: (files done, files listed). */
  onProgress?: (done: number, total: number) => void;
  /** Stops the scan between files; the result then carries an `interrupted` diagnostic. */
  signal?: AbortSignal;
  /** Files larger than this (characters) that pass the keyword check get the text pass instead of a parse. */
  maxParseSize?: number;
  /** Follow imports of local modules to find keys defined in other files (default true). */
  crossFile?: boolean;
  /** Project settings for the rules (config `sinks`, `weakSecrets`). */
  settings?: RuleSettings;
  /** Levels the config sets per rule (`rules`): they replace the level of each of that rule's findings. */
  levels?: ConfigLevels;
  /** Test-path patterns (config `testPaths`; default DEFAULT_TEST_PATHS; empty: no test-code down-ranking). */
  testPaths?: readonly string[];
  /** A baseline's salt: findings then carry `keyDigest` (used to make or apply that baseline only). */
  keySalt?: string;
  /** Whether a second thread may read and keyword-check files (default 'auto': many files, two cores; src/files/parallel-screen.ts). */
  screenWorker?: ScreenWorkerMode;
  /**
   * `rules` as ids and levels, set only when every one is a built-in rule (the CLI sets it): the
   * screening thread, which can pick those by id, then gives files over the parse or size limit the
   * text pass itself. Without it (rule objects of the caller's own) the main thread does.
   */
  screenRules?: readonly { id: string; level: Level }[];
  /** `scan --shard K/N`: report only this shard's files (src/shard/), analysing others only as they need. */
  shard?: ShardSpec;
  /**
   * With `shard`: also keep what the analysis of the shard's own files located in files outside the
   * listing (modules reached through imports, which no shard owns), so the same finding can come from
   * several shards. Only for `scan --history`, whose scan of HEAD's files asks which keys HEAD holds.
   */
  shardKeepsUnlisted?: boolean;
}

export interface ScanStats {
  filesListed: number;
  filesParsed: number;
  /** Files whose result came from the cache. */
  filesCached?: number;
  /** Files no rule's keyword occurs in (never parsed). */
  filesSkippedByKeywords?: number;
  /** Files checked by the streaming text pass only (over the size or parse limit). */
  filesTextPass?: number;
  /** Of the files skipped by the keyword check, those read and checked on the screening thread (src/files/parallel-screen.ts). */
  filesScreenedInParallel?: number;
  /** Wall time of each phase, in ms. */
  phases?: { listMs: number; analyseMs: number; finishMs: number };
  /** Files analysed again because they call a wrapper of the project that takes the key (derived sinks). */
  filesReanalysed?: number;
  /** Modules parsed only because cross-file resolution reached them. */
  modulesResolved?: number;
  /** With --shard: which part of the files this scan owns, and how many other shards' files it analysed for them. */
  shard?: ShardInfo & { filesAnalysedForOwn: number };
  durationMs: number;
}

export interface ScanResult {
  /** Absolute directory that finding paths are relative to. */
  base: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
  stats: ScanStats;
  /**
   * Set when a baseline was applied: how many findings it hid, which entries no longer match, and
   * which findings sit at a baselined place with another key than the one recorded there.
   */
  baseline?: {
    hidden: number;
    stale: { fingerprint: string; ruleId: string; path: string }[];
    swapped: { ruleId: string; path: string; line: number }[];
  };
  /** Set by `scan --history --shard K/N`: the keyed digests of the key literals this shard saw in HEAD's files, sorted. */
  historyShard?: { present: string[] };
}

export class UsageError extends Error {}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
export const DEFAULT_MAX_PARSE_SIZE = 512 * 1024;
export const DEFAULT_FILE_TIME_BUDGET_MS = 10_000;
const READ_AHEAD = 16;

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const startedAt = Date.now();
  const targets = (options.paths.length > 0 ? options.paths : ['.']).map((p) => path.resolve(options.cwd, p));
  for (const target of targets) {
    if (!fs.existsSync(target) && !isDanglingLink(target)) throw new UsageError(`path not found: ${target}`);
  }
  const base = scanBase(options.cwd, targets);
  const walkOptions = { base, targets, include: options.include, exclude: options.exclude, gitignore: options.gitignore };
  const source = options.source?.(base, targets) ?? workingTreeSource(() => walk(walkOptions));
  // The screening thread starts while the walk runs (taken by the first reader that wants one).
  const worker = !options.source && targets.some(isDirectory) ? startScreenWorker(options.screenWorker) : undefined;
  try {
    return await scanSource(options, source, base, started, startedAt, targets, options.source ? undefined : walkOptions, worker);
  } finally {
    worker?.release();
    source.close?.();
  }
}

async function scanSource(options: ScanOptions, source: FileSource, base: string, started: number, startedAt: number, targets: string[], walkOptions?: WalkOptions, worker?: StartedWorker): Promise<ScanResult> {
  const walked = await source.list();
  // Nothing selected is never a silent pass: named paths or globs that select nothing are a usage error.
  // (A walk that already says why, a symbolic link not followed or a folder it could not read, reports that instead.)
  const nothing = walked.files.length === 0 && walked.diagnostics.length === 0 && walkOptions ? `nothing to scan: ${await explainEmptySelection(walkOptions)}` : undefined;
  if (nothing && (options.paths.length > 0 || options.include.length > 0)) throw new UsageError(nothing);
  if (nothing) walked.diagnostics.push({ kind: 'nothing-scanned', level: 'warning', file: '', message: nothing });

  const maxParseSize = options.maxParseSize ?? DEFAULT_MAX_PARSE_SIZE;
  /** Whether the walk saw a package or workspace file (undefined: read and see). */
  const markers = walked.markers && ((absolute: string) => walked.markers!.exists(absolute));
  // A shard reads and keyword-checks every file, and selects those it analyses (its own, and what they need).
  const shard = options.shard
    ? await planShard({
        spec: options.shard,
        base,
        files: walked.files,
        markers,
        reads: new ScreenedReads({ files: walked.files, toRead: () => true, source, rules: options.rules, settings: options.settings, maxFileSize: options.maxFileSize, mode: options.screenWorker, started: worker }),
        analysable: (file, text) => rulesForFile(file.relative, text, options.rules, options.settings).length > 0 && (text.length <= maxParseSize || configKindOf(file.relative) !== undefined),
      })
    : undefined;
  /** Whether the file's outcome counts in the stats and the report (a shard's own file). */
  const counts = (file: string) => !shard || shard.owns(file);
  /** Text-passed files' findings; analysed files keep theirs in `outcomes` (the derived-sink stage may redo them). */
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [...walked.diagnostics];
  const outcomes = new Map<string, FileOutcome>();
  const derived = new DerivedSinkSet(options.settings);
  const modules = options.crossFile === false ? undefined : new ModuleGraph(base, source, options.maxFileSize, markers);
  const factSources = new Map<string, FactSource>();
  let filesParsed = 0;
  let filesCached = 0;
  let skippedByKeywords = 0;
  let filesTextPass = 0;
  let screenedInParallel = 0;
  let filesReanalysed = 0;
  const foreignFindings: Finding[] = [];
  const listed = performance.now();
  const cache = options.cacheDir ? new ResultCache(options.cacheDir, cacheSalt(options)) : undefined;
  const currentHash = (dep: string) => {
    const text = source.readModule(path.join(base, dep), options.maxFileSize);
    return text === undefined ? undefined : (modules?.hashOf({ file: dep, source: text }) ?? contentHash(text));
  };
  /** Import specifiers of the files read this run (none for bundles and other text-passed files: they import nothing of ours worth a re-read). */
  const parsedSpecifiers = new Map<string, string[]>();
  /**
   * Stamps of keyword-free files read this run, whose specifiers are in parsedSpecifiers too: taken
   * while the text is at hand (a regex, ~3 ms per MB), they spare the importer index a second read
   * of the whole package when a finding needs it, and go to the specifier cache for warm scans.
   */
  const readStamps = new Map<string, FileStamp | undefined>();
  let ready: Promise<unknown> | undefined;
  /** Parses and analyses one file (Babel and module lookups are made ready first). */
  const analyse = async (file: WalkedFile, text: string, candidates: AnyRule[], settings = options.settings) => {
    // Babel loads while the source prepares module lookups (a git listing runs in another process).
    await (ready ??= Promise.all([loadBabel(), modules ? source.prepareModules?.() : undefined]));
    const module = modules && { handle: modules.handleFor(file.relative, file.absolute, text), resolver: modules };
    const tracked = modules?.track();
    const result = scanFile(file.relative, text, options.rules, {
      candidates,
      knownRuleIds: options.knownRuleIds,
      module,
      settings,
      timeBudgetMs: options.fileTimeBudgetMs ?? DEFAULT_FILE_TIME_BUDGET_MS,
    });
    return { result, deps: Object.fromEntries(tracked?.().deps ?? []) };
  };
  /** A file's analysis, from `cache` when nothing it depends on changed; it replaces any earlier outcome of the file. */
  const analyseOrRecall = async (file: WalkedFile, text: string, candidates: AnyRule[], cache: ResultCache | undefined, settings: RuleSettings | undefined, again = false) => {
    const cacheKey = cache?.keyFor(file.relative, text);
    const cached = cacheKey !== undefined ? cache!.get(cacheKey, currentHash) : undefined;
    if (cached) {
      if (!again && counts(file.relative)) filesCached++;
      outcomes.set(file.relative, { findings: cached.findings, foreign: cached.foreignFindings, diagnostics: cached.diagnostics, keyUses: cached.keyUses ?? [] });
      // Sealed: the facts are re-read only if a rule's cross-file step cannot reuse its last outcome.
      if (cached.sharedBy && cached.sharedBy.length > 0) factSources.set(file.relative, { file: file.relative, ruleIds: cached.sharedBy, identity: factIdentity(cacheKey!, cached.deps) });
      else factSources.delete(file.relative);
      return { derivedSinks: cached.derivedSinks ?? [] };
    }
    const { result, deps } = await analyse(file, text, candidates, settings);
    if (result.parsed && !again && counts(file.relative)) filesParsed++;
    outcomes.set(file.relative, { findings: result.findings, foreign: result.foreignFindings, diagnostics: result.diagnostics, keyUses: result.keyUses });
    // A result cut short by the time budget or a stack overflow depends on the machine's load: never reused.
    const complete = !result.diagnostics.some((d) => d.kind === 'time-budget' || d.kind === 'analysis-error');
    const sharedBy = Object.keys(result.facts.shared).sort();
    if (sharedBy.length > 0) {
      const identity = cacheKey !== undefined && complete ? factIdentity(cacheKey, deps) : undefined;
      factSources.set(file.relative, { file: file.relative, ruleIds: sharedBy, identity, facts: result.facts.shared });
    } else factSources.delete(file.relative);
    if (cacheKey !== undefined && complete) {
      // The facts (which can hold keys) are not stored, only which rules shared them.
      cache!.set(cacheKey, {
        parsed: result.parsed,
        findings: result.findings,
        foreignFindings: result.foreignFindings,
        diagnostics: result.diagnostics,
        deps,
        ...(sharedBy.length > 0 ? { sharedBy } : {}),
        ...(result.derivedSinks.length > 0 ? { derivedSinks: result.derivedSinks } : {}),
        ...(result.keyUses.length > 0 ? { keyUses: result.keyUses } : {}),
      });
    }
    return { derivedSinks: result.derivedSinks };
  };
  /** Files analysed in the first pass (they had keywords), in walk order. */
  const keywordFiles: WalkedFile[] = [];
  // Unchanged files without keywords, and unchanged text-passed ones, are not read at all.
  const unchanged = new UnchangedFiles(cache, source, base, walked.files, startedAt, maxParseSize);
  const selected = (i: number) => !shard || shard.selects(walked.files[i]!.relative);
  const toRead = (i: number) => unchanged.needsRead(i) && selected(i);
  // A second thread reads and keyword-checks files ahead of this one, which parses those with keywords.
  // A shard's planner has read every file already: keyword-free ones are not read again.
  // The built-in rules can be named to the worker, which then gives large files the text pass itself.
  const textPass = options.screenRules && source.stream ? { rules: [...options.screenRules], ...(options.settings ? { settings: options.settings } : {}), maxParseSize } : undefined;
  const reads = new ScreenedReads({ files: walked.files, toRead: (i) => toRead(i) && !shard?.keywordFreeAt(i), source, rules: options.rules, settings: options.settings, maxFileSize: options.maxFileSize, mode: options.screenWorker, textPass, started: worker });
  /** File i's read when this thread reads it (undefined: not read, or the worker reads it; see `answer` below). */
  const readAt = (i: number): Promise<ScreenedRead> | undefined => {
    if (!toRead(i)) return undefined;
    const known = shard?.keywordFreeAt(i);
    return known ? Promise.resolve(known) : reads.startRead(i);
  };
  /** Files the worker gives the text pass, taken after the others (their outcome does not depend on when). */
  const later: { i: number; read: Promise<ScreenedRead> }[] = [];
  // Reads run a few files ahead of the (synchronous) parsing, which keeps the disk and the CPU busy.
  const pending = walked.files.map((_, i) => (i < READ_AHEAD ? readAt(i) : undefined));
  /** What a keyword-free file read and checked by the screening thread leaves (as one read here does, below); most files. */
  const takeKeywordFree = (i: number, read: ScreenedKeywordFree): void => {
    const file = walked.files[i]!;
    unchanged.recordRead(i, { ok: true, text: '', diagnostics: [], stamp: read.stamp }, false);
    unchanged.notTextPassed(i);
    skippedByKeywords++;
    screenedInParallel++;
    parsedSpecifiers.set(file.relative, read.specifiers);
    readStamps.set(file.relative, read.stamp);
  };
  /** What a read leaves: the keyword-free file's stamp and specifiers, a text pass, a parse and the rules' analysis. */
  const takeRead = async (i: number, read: ScreenedRead): Promise<void> => {
    const file = walked.files[i]!;
    if (isKeywordFree(read)) {
      takeKeywordFree(i, read);
      return;
    }
    if (isTextPassed(read)) {
      // Given the text pass by the screening thread (over the parse or size limit): what that leaves, as below.
      const { read: its, findings: found, notes } = read.textPassed;
      unchanged.recordRead(i, its, its.ok);
      filesTextPass++;
      parsedSpecifiers.set(file.relative, []);
      findings.push(...found);
      diagnostics.push(...notes);
      unchanged.keepTextPass(i, found, notes);
      return;
    }
    if (!read.ok) {
      unchanged.recordRead(i, read, false);
      parsedSpecifiers.set(file.relative, []);
      // The streaming pass looks for JavaScript calls: a config file over the size limit (an API spec, a data dump) gets the diagnostic only.
      if (read.diagnostic.kind === 'too-large' && source.stream && !configKindOf(file.relative)) {
        filesTextPass++;
        // Never silently dropped: inline keys are still looked for, in bounded memory.
        const found = await scanTextStream(file.relative, source.stream(file), options.rules, options.settings);
        const note = streamedNote(read.diagnostic);
        findings.push(...found);
        diagnostics.push(note);
        unchanged.keepTextPass(i, found, [note]);
      } else {
        // (a too-large config file, or no streaming source: nothing of it was looked at)
        diagnostics.push(read.diagnostic.kind === 'too-large' ? { ...read.diagnostic, message: read.diagnostic.message.replace(/^not read whole: /, 'skipped: ') } : read.diagnostic);
      }
      return;
    }
    diagnostics.push(...read.diagnostics);
    const candidates = rulesForFile(file.relative, read.text, options.rules, options.settings);
    unchanged.recordRead(i, read, candidates.length > 0);
    // Config files are parsed up to the file size limit: their parsers cost far less than a JavaScript parse and walk.
    if (candidates.length > 0 && read.text.length > maxParseSize && !configKindOf(file.relative)) {
      filesTextPass++;
      parsedSpecifiers.set(file.relative, []);
      // Bundles and generated files: parsing and traversing them costs more than the rest of the scan.
      const found = await scanTextStream(file.relative, [Buffer.from(read.text)], candidates, options.settings);
      const note = parseLimitNote(file.relative, read.text.length, maxParseSize);
      findings.push(...found);
      diagnostics.push(note);
      unchanged.keepTextPass(i, found, [...read.diagnostics, note]);
      return;
    }
    unchanged.notTextPassed(i);
    if (candidates.length === 0) {
      skippedByKeywords++;
      if (!configKindOf(file.relative)) {
        parsedSpecifiers.set(file.relative, importSpecifiers(read.text));
        readStamps.set(file.relative, read.stamp);
      }
      return;
    }
    // Files with keywords are the likely importers of a finding's module: their specifiers cost nothing beside the parse.
    parsedSpecifiers.set(file.relative, importSpecifiers(read.text));
    const outcome = await analyseOrRecall(file, read.text, candidates, cache, options.settings);
    keywordFiles.push(file);
    derived.add(outcome.derivedSinks);
  };
  try {
    for (let i = 0; i < walked.files.length; i++) {
      // Reads may complete synchronously: let signal handlers and progress timers run now and then.
      if ((i & 255) === 255) await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) {
        diagnostics.push({
          kind: 'interrupted',
          level: 'error',
          file: '',
          message: `scan interrupted after ${i} of ${walked.files.length} files: the results are partial`,
        });
        break;
      }
      options.onProgress?.(i, walked.files.length);
      const file = walked.files[i]!;
      if (i + READ_AHEAD < walked.files.length) pending[i + READ_AHEAD] = readAt(i + READ_AHEAD);
      if (!selected(i)) continue;
      if (unchanged.isKeywordFree(i)) {
        skippedByKeywords++;
        continue;
      }
      const passed = unchanged.textPassResult(i);
      if (passed) {
        filesTextPass++;
        parsedSpecifiers.set(file.relative, []);
        filesCached++;
        findings.push(...passed.findings);
        diagnostics.push(...passed.diagnostics);
        continue;
      }
      // The worker's answers have mostly come by now: taken without a promise each.
      const answer = pending[i] ?? reads.answer(i);
      pending[i] = undefined;
      const read = answer instanceof Promise ? await answer : answer;
      if (isLater(read)) later.push({ i, read: read.later });
      else if (isKeywordFree(read)) takeKeywordFree(i, read);
      else await takeRead(i, read);
    }
    for (const { i, read } of later) await takeRead(i, await read);
    // (A worker that failed hands a file back to be read here: its analysis keeps the walk's order.)
    if (later.length > 0) keywordFiles.sort((a, b) => compareStrings(a.relative, b.relative));
  } finally {
    // (also when the loop throws: the worker would read on to the end of the list)
    reads.close();
  }
  unchanged.save();
  const derivedStage: DerivedStageInput = {
    derived,
    rules: options.rules,
    keywordFiles,
    allFiles: walked.files,
    read: async (file) => {
      const read = await source.read(file, options.maxFileSize).catch(() => undefined);
      return read?.ok && read.text.length <= maxParseSize && !configKindOf(file.relative) ? read.text : undefined;
    },
    reanalyse: async (file, text, settings) => {
      const candidates = rulesForFile(file.relative, text, options.rules, settings);
      if (candidates.length === 0) return [];
      if (counts(file.relative)) filesReanalysed++;
      return (await analyseOrRecall(file, text, candidates, cache?.variant(JSON.stringify(settings.sinks)), settings, true)).derivedSinks;
    },
  };
  await runDerivedSinkStage(derivedStage);
  /** The facts of a file whose result came from the cache, by analysing it again. */
  const unseal = async (fact: FactSource) => {
    const file: WalkedFile = { relative: fact.file, absolute: path.join(base, fact.file) };
    const read = await source.read(file, options.maxFileSize);
    if (!read.ok) throw new Error(`${file.relative}: ${read.diagnostic.message}`);
    return (await analyse(file, read.text, rulesForFile(file.relative, read.text, options.rules, options.settings))).result.facts.shared;
  };
  /** A shard's cross-file support: other shards' files holding what its own facts name (src/shard/support-stage.ts). */
  const runShardSupport = async (plan: ShardPlan) => {
    await runSupportStage({
      plan,
      rules: options.rules,
      ownFiles: [...factSources.keys()].filter((file) => plan.owns(file)),
      factsOf: async (file) => {
        const fact = factSources.get(file);
        return fact ? (fact.facts ??= await unseal(fact)) : {};
      },
      analyse: async (file, text) => {
        const candidates = rulesForFile(file.relative, text, options.rules, options.settings);
        derived.add((await analyseOrRecall(file, text, candidates, cache, options.settings)).derivedSinks);
        keywordFiles.push(file);
        // The key helpers found so far that it calls, as the derived-sink stage did for the others.
        if (mayCall(file.relative, text, derived.all())) derived.add(await derivedStage.reanalyse(file, text, derived.settings()));
      },
    });
    // Helpers the support files declare: one more derived-sink stage for them.
    await runDerivedSinkStage(derivedStage);
  };
  if (shard) await runShardSupport(shard);
  inWalkOrder(outcomes, walked.files);
  inWalkOrder(factSources, walked.files);
  const keyUses: KeyUse[] = [];
  const listedFiles = shard && options.shardKeepsUnlisted ? new Set(walked.files.map((f) => f.relative)) : undefined;
  /** (shardKeepsUnlisted) What own files' analysis located outside the listing. */
  const reachedUnlisted: Finding[] = [];
  for (const [file, outcome] of outcomes) {
    keyUses.push(...outcome.keyUses);
    findings.push(...outcome.findings);
    foreignFindings.push(...outcome.foreign);
    diagnostics.push(...outcome.diagnostics);
    if (listedFiles && shard!.owns(file)) reachedUnlisted.push(...outcome.foreign.filter((f) => !listedFiles.has(f.file)));
  }
  const analysed = performance.now();
  const memos = new Map<string, ReturnType<ResultCache['memo']>>();
  await runAfterScan(options.rules, [...factSources.values()], findings, diagnostics, {
    memoFor: (ruleId) => {
      if (!cache) return FORGETFUL_MEMO;
      let memo = memos.get(ruleId);
      if (!memo) memos.set(ruleId, (memo = cache.memo(ruleId)));
      return memo;
    },
    outcomes: cache?.afterScanOutcomes(base),
    unseal,
  });
  for (const memo of memos.values()) memo.save();
  const enabledRuleIds = new Set(options.rules.map((r) => r.id));
  const readText = (file: string) => (walked.markers?.existsRelative(file) === false ? undefined : source.readModule(path.join(base, file), options.maxFileSize));
  // Who imports whom, for telling test code apart: kept by file stamp, so a warm scan reads no unchanged file for it.
  const specifierCache = cache && source.stamp ? new ImportSpecifierCache(cache.dir, base, startedAt) : undefined;
  const testCode = new TestCodeClassifier({
    base,
    files: walked.files.map((f) => f.relative),
    roots: targets.map((t) => scanRoot(base, t)),
    patterns: options.testPaths ?? DEFAULT_TEST_PATHS,
    readText,
    specifiersOf: (file) => {
      const parsed = parsedSpecifiers.get(file);
      if (parsed) {
        if (readStamps.has(file)) specifierCache?.set(file, readStamps.get(file), parsed);
        return parsed;
      }
      return specifiersRead(file);
    },
    tsconfig: new TsconfigPaths(base),
  });
  /** A file's specifiers this run did not take: from the specifier cache, else a read. */
  async function specifiersRead(file: string): Promise<string[] | undefined> {
    const walked = { relative: file, absolute: path.join(base, file) };
    // The stamp the keyword-free index took this run, if it took one (no second stat).
    const stamp = specifierCache && (unchanged.stampOf(file) ?? source.stamp?.(walked));
    const known = specifierCache?.get(file, stamp);
    if (known) return known;
    // A file that cannot be read now simply imports nothing: telling test code apart never fails a scan.
    const read = await source.read(walked, options.maxFileSize).catch(() => undefined);
    if (!read?.ok) return undefined;
    const specifiers = importSpecifiers(read.text);
    specifierCache?.set(file, read.stamp ?? stamp, specifiers);
    return specifiers;
  }
  // Rules over the whole scan's findings (one key in several places) need every shard's: not in a shard.
  const wholeScanRules = shard ? options.rules.filter((r) => r.afterFindings) : [];
  if (wholeScanRules.length > 0) {
    diagnostics.push({
      kind: 'shard-limit',
      level: 'note',
      file: '',
      message: `${wholeScanRules.map((r) => r.id).join(', ')} compares keys across the whole repository and does not run in a --shard scan: run it in one unsharded job`,
    });
  }
  const final = await finalizeFindings({
    // A shard reports its own files only: what it found in others' belongs to their shards' reports.
    own: shard ? shard.keepOwn(findings) : findings,
    foreign: shard ? [...shard.keepOwn(foreignFindings), ...reachedUnlisted] : foreignFindings,
    diagnostics: shard ? shard.keepOwn(diagnostics) : diagnostics,
    readText,
    knownRuleIds: options.knownRuleIds ?? enabledRuleIds,
    enabledRuleIds,
    supersededBy: new Map(options.rules.flatMap((r) => (r.supersededBy ? [[r.id, r.supersededBy] as const] : []))),
    rules: shard ? options.rules.filter((r) => !r.afterFindings) : options.rules,
    levels: options.levels,
    testCode,
    keySalt: options.keySalt,
    keyUses,
    serviceOf: serviceResolver(base, readText, markers),
  });
  specifierCache?.save();
  final.diagnostics.sort(compareDiagnostics);
  return {
    base,
    findings: final.findings,
    diagnostics: final.diagnostics,
    stats: {
      filesListed: walked.files.length,
      filesParsed,
      filesCached,
      filesSkippedByKeywords: skippedByKeywords,
      filesTextPass,
      ...(screenedInParallel > 0 ? { filesScreenedInParallel: screenedInParallel } : {}),
      ...(filesReanalysed > 0 ? { filesReanalysed } : {}),
      modulesResolved: modules?.parsedModules ?? 0,
      ...(shard ? { shard: { ...shard.info, filesAnalysedForOwn: shard.othersSelected } } : {}),
      durationMs: Math.round(performance.now() - started),
      phases: { listMs: Math.round(listed - started), analyseMs: Math.round(analysed - listed), finishMs: Math.round(performance.now() - analysed) },
    },
  };
}

/**
 * The base-relative directory a target names, where its project starts for telling test code apart:
 * `scan examples/app` judges examples/app's files by their paths inside it.
 */
function scanRoot(base: string, target: string): string {
  const directory = fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() ? target : path.dirname(target);
  const relative = path.relative(base, directory).split(path.sep).join('/');
  return relative.startsWith('..') ? '' : relative;
}

/** Everything besides a file's path and bytes that decides its result: part of every cache key. */
function cacheSalt(options: ScanOptions): string {
  return JSON.stringify({
    version: packageInfo().version,
    build: buildId(),
    rules: options.rules.map((r) => `${r.id}:${r.level}`),
    known: options.knownRuleIds ? [...options.knownRuleIds].sort() : null,
    settings: options.settings ?? null,
    maxParseSize: options.maxParseSize ?? DEFAULT_MAX_PARSE_SIZE,
    crossFile: options.crossFile !== false,
    budget: options.fileTimeBudgetMs ?? DEFAULT_FILE_TIME_BUDGET_MS,
  });
}

function isDirectory(target: string): boolean {
  return fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() === true;
}

function isDanglingLink(target: string): boolean {
  try {
    return fs.lstatSync(target).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Paths are reported relative to the repository root (the nearest ancestor of cwd holding `.git`),
 * as SARIF consumers expect; outside a repository, or for targets outside it, relative to cwd or to
 * the targets' common ancestor.
 */
export function scanBase(cwd: string, targets: string[]): string {
  const inside = (dir: string) => targets.every((t) => t === dir || t.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep));
  const repo = findRepositoryRoot(cwd);
  if (repo && inside(repo)) return repo;
  if (inside(cwd)) return cwd;
  const first = targets[0]!;
  let common = fs.statSync(first, { throwIfNoEntry: false })?.isDirectory() ? first : path.dirname(first);
  while (!inside(common) && path.dirname(common) !== common) common = path.dirname(common);
  return common;
}

export function findRepositoryRoot(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}


/** Puts a map keyed by file in walk order (analyses added later, by a shard's support stage, sit among the rest). */
function inWalkOrder<T>(byFile: Map<string, T>, files: readonly WalkedFile[]): void {
  const entries = files.flatMap((file) => (byFile.has(file.relative) ? [[file.relative, byFile.get(file.relative)!] as const] : []));
  if (entries.length !== byFile.size) return; // (files outside the listing: keep the order they came in)
  byFile.clear();
  for (const [file, value] of entries) byFile.set(file, value);
}

/** What decides a file's shared facts: its cache key (path, content, tool version, settings) and the modules it read. */
function factIdentity(cacheKey: string, deps: Record<string, string>): string {
  return `${cacheKey}\0${JSON.stringify(Object.entries(deps).sort(([a], [b]) => compareStrings(a, b)))}`;
}
