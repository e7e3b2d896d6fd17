/**
 * `main(argv, io)` → exit code. Commander wiring only: options → scan() → reporter → output.
 * Nothing here touches `process`, so the whole CLI is tested in-process.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ScreenWorkerMode } from './files/parallel-screen.js';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { RULES } from '../rules/index.js';
import type { AnyRule, Level, RuleSettings } from './rule.js';
import { CONFIG_FILES, EMPTY_CONFIG, findConfig, loadConfig, type JwtscanConfig } from './config/load-config.js';
import { applyBaseline, BASELINE_FILE, createBaseline, parseBaseline, type Baseline } from './baseline.js';
import { newSalt } from './engine/key-digest.js';
import { LEVEL_RANK } from './engine/merge-problems.js';
import { changedSince, relativeToBase } from './git/changed-since.js';
import { commitAdvice } from './git/commit-advice.js';
import { onlyChangedLines } from './git/diff-filter.js';
import { dropEarlyRuns, type Repository } from './git/git.js';
import { openRepository } from './git/repository.js';
import { installHook } from './git/install-hook.js';
import { startStagedCommands } from './git/staged-commands.js';
import { loadBabel } from './engine/babel.js';
import { stagedSource } from './git/staged-source.js';
import { scanHistory } from './git/history-scan.js';
import { writeFileAtomic } from './files/write-output.js';
import { defaultCacheDir } from './cache/result-cache.js';
import { heapGuard } from './util/heap-guard.js';
import { progressPrinter, shardStatsLine, statsLine } from './reporters/progress.js';
import { FORMAT_NAMES, REPORTERS, type FormatName } from './reporters/index.js';
import { DEFAULT_FILE_TIME_BUDGET_MS, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_PARSE_SIZE, findRepositoryRoot, scan, UsageError, type ScanOptions, type ScanResult } from './scan.js';
import { packageInfo } from './version.js';
import { parseShard, shardOf, type ShardSpec } from './shard/assign.js';
import { currentBuild, settingsDigest, type HistoryShardRun, type RunIdentity } from './shard/run-identity.js';
import { mergeReports, MergeError } from './shard/merge-reports.js';
import { didYouMean } from './util/did-you-mean.js';
import { init } from './setup/init.js';
import { GEN_ALGORITHMS, GEN_FORMATS, GenSecretError, generateSecret, type GenAlgorithm, type GenFormat } from './remediation/gen-secret.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colour is used only then, and never with NO_COLOR). */
  isTTY: boolean;
  /** Whether stderr is a terminal: progress is shown only then. */
  stderrIsTTY?: boolean;
  /** Aborted on SIGINT / SIGTERM: the scan stops between files and reports what it has. */
  signal?: AbortSignal;
  /** The CLI's own process (not a test or an embedding): process-wide memory policy may be applied (src/util/heap-guard.ts). */
  ownsProcess?: boolean;
}

/** Used heap at which the CLI asks for a full collection (see heapGuard). */
const HEAP_GUARD_MB = 150;

export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

type FailOn = Level | 'none';

interface WalkCliOptions {
  include: string[];
  exclude: string[];
  gitignore: boolean;
  maxFileSize: number;
  maxParseSize: number;
  fileTimeBudget: number;
  /** False for --no-cache. */
  cache: boolean;
  output?: string;
  /** A path, or false for --no-config. */
  config?: string | false;
}

interface ScanCliOptions extends WalkCliOptions {
  format: FormatName;
  baseline?: string;
  failOn?: FailOn;
  quiet: boolean;
  color: boolean;
  includeSuppressed: boolean;
  staged: boolean;
  diff?: string;
  history: boolean;
  since?: string;
  branches?: string;
  category?: string;
  stats: boolean;
  shard?: ShardSpec;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    mistypedCommand(argv, program, io.cwd);
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every usage error exits 2 (commander uses 1).
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (error instanceof UsageError) {
      io.stderr(`jwtscan: ${error.message}\n`);
      return EXIT.error;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`jwtscan: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.error;
  } finally {
    // Git runs started early for this call and never taken (it failed first) must not answer a later call.
    dropEarlyRuns({ cwd: io.cwd, env: io.env });
  }
  return exitCode;
}

/**
 * `jwtscan scnn`: scan is the default command, so a mistyped command would be taken for a path. A
 * first word that is no path and is close to a command's name is a usage error that names it.
 */
function mistypedCommand(argv: readonly string[], program: Command, cwd: string): void {
  const first = argv[0];
  if (first === undefined || first.startsWith('-') || /[./\\]/.test(first) || fs.existsSync(path.resolve(cwd, first))) return;
  const commands = program.commands.map((c) => c.name());
  if (commands.includes(first)) return;
  const hint = didYouMean(first, commands);
  if (hint) throw new UsageError(`unknown command '${first}'${hint}`);
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('jwtscan')
    .description('Find hardcoded, inline and weak JWT signing keys in JavaScript and TypeScript code.')
    .version(packageInfo().version, '-v, --version')
    .option('--debug', 'print stack traces for internal errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // One line, no usage dump: "jwtscan: error: unknown option '--x'".
      outputError: (text, write) => write(`jwtscan: ${text.trim().replace(/^error: /, 'error: ')}\n`),
    });

  withWalkOptions(
    program
      .command('scan', { isDefault: true })
      .description('scan files or directories (default: the current directory)')
      .argument('[paths...]', 'files or directories to scan')
      .addOption(new Option('-f, --format <format>', 'output format').choices(FORMAT_NAMES).default('text'))
      .option('-o, --output <file>', 'write the report to a file instead of stdout'),
  )
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level (default: warning, or failOn in the config)').choices([
        'error',
        'warning',
        'note',
        'none',
      ]),
    )
    .option('--baseline <file>', `hide the findings recorded in a baseline file (see: jwtscan baseline)`)
    .option('-q, --quiet', 'print findings only: no diagnostics, no summary')
    .option('--include-suppressed', 'also report findings covered by jwtscan-ignore comments (SARIF: with suppressions)', false)
    .option('--no-color', 'never colour the text output')
    .option('--staged', 'scan what is staged in the git index, not the working tree (for pre-commit hooks)', false)
    .option('--diff <ref>', 'report only findings on lines changed since the merge base with <ref> (for pull requests)')
    .option('--history', 'scan every JS/TS file version in the git history (each distinct blob once)', false)
    .option('--since <rev>', 'with --history: only commits not reachable from <rev> (<rev>..)')
    .option('--branches <pattern>', 'with --history: only the branches matching <pattern>, instead of every ref')
    .option('--stats', 'print per-phase timings and file counts on stderr', false)
    .option('--shard <K/N>', 'scan part K of N of the files (by a hash of each path; with --history, of the commits), for a CI matrix; combine the reports with jwtscan merge', parseShardOption)
    .option('--category <id>', 'SARIF: set runs[].automationDetails.id to "<id>/" (GitHub code scanning category)')
    .action(async (paths: string[], options: ScanCliOptions) => {
      setExit(await runScan(paths, options, io));
    });

  withWalkOptions(
    program
      .command('baseline')
      .description(`record the current findings so later scans with --baseline report only new ones`)
      .argument('[paths...]', 'files or directories to scan')
      .option('-o, --output <file>', 'where to write the baseline', BASELINE_FILE),
  ).action(async (paths: string[], options: WalkCliOptions) => {
    const settings = resolveSettings(options, io.cwd, io.env);
    const salt = newSalt();
    const result = await scan({ cwd: io.cwd, paths, ...settings.walk, ...settings.finish, rules: settings.rules, knownRuleIds: ALL_RULE_IDS, settings: settings.ruleSettings, keySalt: salt });
    const text = createBaseline(result.findings, salt);
    writeOutput(options.output ?? BASELINE_FILE, io.cwd, text);
    const count = (JSON.parse(text) as { entries: unknown[] }).entries.length;
    io.stdout(`Baseline of ${count} finding${count === 1 ? '' : 's'} written to ${options.output ?? BASELINE_FILE} (fingerprints and salted key digests, no key material).\n`);
    setExit(EXIT.ok);
  });

  program
    .command('merge')
    .description('merge the JSON or SARIF reports of scan --shard K/N into one report (the format of the inputs)')
    .argument('<files...>', 'the reports of every shard')
    .option('-o, --output <file>', 'write the merged report to a file instead of stdout')
    .option('--allow-partial', 'merge even when some shards of K/N are missing', false)
    .action((files: string[], options: { output?: string; allowPartial: boolean }) => {
      const inputs = files.map((name) => ({ name, text: readReport(name, io.cwd) }));
      let merged: { text: string };
      try {
        merged = mergeReports(inputs, { allowPartial: options.allowPartial });
      } catch (error) {
        if (error instanceof MergeError) throw new UsageError(error.message);
        throw error;
      }
      if (options.output !== undefined) writeOutput(options.output, io.cwd, merged.text);
      else io.stdout(merged.text);
      setExit(EXIT.ok);
    });

  program
    .command('install-hook')
    .description('install a git pre-commit hook that runs `jwtscan scan --staged`')
    .option('--force', 'replace an existing pre-commit hook that is not jwtscan\'s', false)
    .option('--chain', 'add jwtscan to an existing (shell) pre-commit hook, before its own commands', false)
    .action(async (options: { force: boolean; chain: boolean }) => {
      const { action, file } = await installHook({ cwd: io.cwd, env: io.env }, options);
      const messages = {
        installed: `Installed the jwtscan pre-commit hook: ${file}`,
        replaced: `Replaced ${file} with the jwtscan pre-commit hook.`,
        chained: `Added jwtscan to the existing pre-commit hook ${file} (it runs first).`,
        unchanged: `The jwtscan pre-commit hook is already installed: ${file}`,
      };
      io.stdout(`${messages[action]}\n`);
      setExit(EXIT.ok);
    });

  program
    .command('init')
    .description(`write a starting ${CONFIG_FILES[0]} (with its $schema) and print the hook and CI lines for the tools this repository uses`)
    .action(() => {
      const root = findRepositoryRoot(io.cwd) ?? io.cwd;
      const result = init(root, CONFIG_FILES);
      const config = path.relative(io.cwd, result.config.file) || result.config.file;
      io.stdout(result.config.created ? `Wrote ${config}.\n\n` : `${config} exists: left as it is.\n\n`);
      io.stdout(result.instructions);
      setExit(EXIT.ok);
    });

  program
    .command('gen-secret')
    .description('print a new signing key from the CSPRNG, sized for the algorithm (to stdout, or a new 0600 file)')
    .addOption(new Option('--alg <alg>', 'JWT algorithm the key is for').choices(GEN_ALGORITHMS).default('HS256'))
    .addOption(new Option('--format <format>', 'env: NAME=value lines; raw encodings for HMAC keys; jwk; pem for key pairs').choices(GEN_FORMATS).default('env'))
    .option('--name <name>', 'variable name for --format env (default JWT_SECRET, or JWT_PRIVATE_KEY / JWT_PUBLIC_KEY for a key pair)')
    .option('-o, --output <file>', 'write the key to this new file (mode 0600; an existing file is never overwritten)')
    .action((options: { alg: GenAlgorithm; format: GenFormat; name?: string; output?: string }) => {
      if (options.name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.name)) throw new UsageError(`--name must be an environment variable name, not "${options.name}"`);
      let text: string;
      try {
        text = generateSecret(options);
      } catch (error) {
        if (error instanceof GenSecretError) throw new UsageError(error.message);
        throw error;
      }
      if (options.output === undefined) {
        io.stdout(text);
      } else {
        writeSecretFile(path.resolve(io.cwd, options.output), text);
        io.stderr(`Wrote a new ${options.alg} key to ${options.output} (mode 0600). Keep it out of the repository: add it to .gitignore or a secrets store.\n`);
      }
      setExit(EXIT.ok);
    });

  withWalkOptions(
    program
      .command('fix')
      .description('move hard-coded JWT keys to environment variables (with a start-up check and .env.example); lists what it cannot fix safely')
      .argument('[paths...]', 'files or directories to scan and fix')
      .option('--dry-run', 'print the changes as a unified diff (keys redacted) and write nothing', false),
  ).action(async (paths: string[], options: WalkCliOptions & { dryRun: boolean }) => {
    const settings = resolveSettings(options, io.cwd, io.env);
    const result = await scan({ cwd: io.cwd, paths, ...settings.walk, ...settings.finish, rules: settings.rules, knownRuleIds: ALL_RULE_IDS, settings: settings.ruleSettings });
    // Loaded on use: the fix planner (and magic-string) stay off the start of every scan.
    const { fixFindings } = await import('./remediation/fix/fix-command.js');
    const run = await fixFindings(result, { cwd: io.cwd, paths, ...settings.walk }, options.dryRun);
    io.stdout(run.report);
    setExit(run.left > 0 ? EXIT.findings : EXIT.ok);
  });

  program
    .command('rules')
    .description('list the rules (id, default level, short description), or print one rule\'s help')
    .argument('[id]', 'a rule id: print its description and help')
    .action((id: string | undefined) => {
      if (id !== undefined) {
        const rule = RULES.find((r) => r.id === id);
        if (!rule) throw new UsageError(`unknown rule '${id}'${didYouMean(id, RULES.map((r) => r.id)) || ' (see jwtscan rules)'}`);
        io.stdout(`${rule.id} (${rule.level}, security-severity ${rule.securitySeverity}): ${rule.shortDescription}\n\n${rule.fullDescription}\n\n${rule.help.trim()}\n`);
        setExit(EXIT.ok);
        return;
      }
      const width = Math.max(...RULES.map((r) => r.id.length));
      for (const rule of RULES) io.stdout(`${rule.id.padEnd(width)}  ${rule.level.padEnd(7)}  ${rule.shortDescription}\n`);
      setExit(EXIT.ok);
    });
  program.addHelpText(
    'after',
    `
Exit codes:
  0  no finding at or above --fail-on (fix: every key fixed, or none found)
  1  findings at or above --fail-on (fix: some keys left, each listed with the reason)
  2  usage, configuration or internal error; paths or globs that select no file jwtscan reads

Examples:
  jwtscan                                   scan the current directory
  jwtscan scan --staged                     pre-commit: what is staged
  jwtscan scan --diff origin/main           pull request: lines changed since the merge base
  jwtscan scan --format sarif -o jwt.sarif  for GitHub code scanning
  jwtscan scan --format html -o jwt.html    one self-contained page to keep as a CI artifact
  jwtscan scan --shard 2/4 -f sarif -o 2.sarif   one part of a scan split across CI jobs
  jwtscan merge *.sarif -o jwt.sarif        one report from the parts
  jwtscan scan --history --shard 1/4 -f json -o 1.json   one part of the history (merge them the same way)
  jwtscan rules jwt-weak-secret             one rule's help
  jwtscan gen-secret                        a new key for JWT_SECRET
  jwtscan fix --dry-run                     what fix would change (a diff without keys)
`,
  );
  return program;
}

/** A new file readable by its owner only; an existing file (or link) is never replaced. */
function writeSecretFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'EEXIST' ? `${file} exists: gen-secret never overwrites a file` : `cannot write ${file}: ${code ?? String(error)}`);
  }
}

function withWalkOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', `config file (default: the nearest ${CONFIG_FILES.join(' or ')} up to the repository root)`)
    .option('--no-config', 'ignore config files')
    .option('--include <glob>', 'only scan files matching this glob (repeatable)', collect, [])
    .option('--exclude <glob>', 'skip files and directories matching this glob (repeatable)', collect, [])
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('--max-file-size <bytes>', 'read files up to this size whole; larger ones get the streaming text pass only', parseSize, DEFAULT_MAX_FILE_SIZE)
    .option('--max-parse-size <bytes>', 'parse files up to this size; larger ones with a JWT keyword get the text pass', parseSize, DEFAULT_MAX_PARSE_SIZE)
    .option('--file-time-budget <ms>', 'stop analysing one file after this long and fall back to the text pass', parseMilliseconds, DEFAULT_FILE_TIME_BUDGET_MS)
    .option('--no-cache', 'do not read or write the result cache (node_modules/.cache/jwtscan or ~/.cache/jwtscan)');
}

interface Settings {
  config: JwtscanConfig;
  rules: AnyRule[];
  ruleSettings: RuleSettings;
  walk: { include: string[]; exclude: string[]; gitignore: boolean; maxFileSize: number; maxParseSize: number; fileTimeBudgetMs: number; cacheDir?: string };
  /** What the scan applies after analysis: the config's per-rule levels and its test paths. */
  finish: Pick<ScanOptions, 'levels' | 'testPaths'>;
}

/** Command-line options over the config file over defaults. */
const ALL_RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

function resolveSettings(options: WalkCliOptions, cwd: string, env: Io['env'] = {}): Settings {
  const known = ALL_RULE_IDS;
  const file =
    options.config === false ? undefined : options.config !== undefined ? path.resolve(cwd, options.config) : findConfig(cwd, findRepositoryRoot(cwd));
  const config = file ? loadConfig(file, known) : EMPTY_CONFIG;
  const rules = RULES.filter((r) => config.rules[r.id] !== 'off').map((r) => {
    const setting = config.rules[r.id];
    return setting && setting !== 'off' ? { ...r, level: setting } : r;
  });
  return {
    config,
    rules,
    ruleSettings: { sinks: config.sinks, weakSecrets: config.weakSecrets },
    finish: {
      levels: Object.fromEntries(Object.entries(config.rules).flatMap(([id, setting]) => (setting === 'off' ? [] : [[id, setting]]))),
      ...(config.testPaths ? { testPaths: config.testPaths } : {}),
    },
    walk: {
      include: [...config.include, ...options.include],
      exclude: [...config.exclude, ...options.exclude],
      gitignore: options.gitignore,
      maxFileSize: options.maxFileSize,
      maxParseSize: options.maxParseSize,
      fileTimeBudgetMs: options.fileTimeBudget,
      ...(options.cache ? { cacheDir: defaultCacheDir(findRepositoryRoot(cwd) ?? cwd, env) } : {}),
    },
  };
}

function readBaseline(file: string, cwd: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseBaseline(text, file);
}

function readReport(file: string, cwd: string): string {
  try {
    return fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function writeOutput(file: string, cwd: string, text: string): void {
  try {
    writeFileAtomic(file, cwd, text);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

async function runScan(paths: string[], options: ScanCliOptions, io: Io): Promise<number> {
  const settings = resolveSettings(options, io.cwd, io.env);
  const baseline = options.baseline !== undefined ? readBaseline(options.baseline, io.cwd) : undefined;
  const git = await gitModes(paths, options, settings.walk, io);
  const progress = progressPrinter((text) => io.stderr(text), io.stderrIsTTY === true && !options.quiet);
  const heap = io.ownsProcess ? heapGuard(HEAP_GUARD_MB) : undefined;
  const scanned = await (git.scan ?? scan)({
      cwd: io.cwd,
      paths: git.paths,
      ...settings.walk,
      ...settings.finish,
      ...(baseline ? { keySalt: baseline.salt } : {}),
      rules: settings.rules,
      knownRuleIds: ALL_RULE_IDS,
      source: git.source,
      ...(options.shard ? { shard: options.shard } : {}),
      screenWorker: screenWorkerMode(io.env.JWTSCAN_SCREEN_WORKER),
      // Built-in rules only (RULES, with the config's levels): the screening thread can pick them by id.
      screenRules: settings.rules.map((r) => ({ id: r.id, level: r.level })),
      settings: settings.ruleSettings,
      signal: io.signal,
      onProgress: (done, total) => {
        heap?.check();
        progress.onProgress?.(done, total);
      },
    });
  progress.finish();
  // The baseline first, so its stale entries are judged against every finding, not only the changed ones.
  const result = git.onlyChanged(baseline ? withBaseline(scanned, baseline) : scanned);
  const info = packageInfo();
  const toFile = options.output !== undefined;
  const output = REPORTERS[options.format].format(result, {
    rules: settings.rules,
    toolVersion: info.version,
    informationUri: info.homepage,
    color: !toFile && options.format === 'text' && io.isTTY && options.color && !io.env.NO_COLOR,
    quiet: options.quiet ?? false,
    includeSuppressed: options.includeSuppressed,
    category: options.category,
    run: runIdentity(result, options, settings, baseline),
    // What `jwtscan fix` would change, for working-tree scans (staged and history content is not the tree),
    // unsharded: whether a key can be fixed depends on every place it is written, which one shard does not see.
    fixFor: options.format === 'sarif' && !options.staged && !options.history && !options.shard ? await (await import('./remediation/fix/fix-command.js')).sarifFixesFor(result, { cwd: io.cwd, paths, ...settings.walk }) : undefined,
  });
  if (toFile) writeOutput(options.output!, io.cwd, output);
  else io.stdout(output);
  if (options.stats) io.stderr(statsLine(result) + (result.stats.shard ? shardStatsLine(result.stats.shard) : ''));
  // A scan with no arguments that found nothing to read says so where a CI log shows it, whatever the format.
  for (const d of result.diagnostics) if (d.kind === 'nothing-scanned') io.stderr(`jwtscan: warning: ${d.message}\n`);
  const failOn = options.failOn ?? settings.config.failOn ?? 'warning';
  // An interrupted scan is never a pass: its report is partial.
  if (result.diagnostics.some((d) => d.kind === 'interrupted')) return EXIT.error;
  const code = exitCodeFor(result, failOn);
  if (options.staged && code === EXIT.findings && !options.quiet) io.stderr(commitAdvice(blockingFindings(result, failOn)));
  return code;
}

interface GitModes {
  paths: string[];
  source?: ScanOptions['source'];
  /** Replaces the working-tree scan (--history). */
  scan?: typeof scan;
  onlyChanged(result: ScanResult): ScanResult;
}

/**
 * --staged reads the git index (all of it unless paths are given: the next commit is the whole
 * index); --diff keeps the findings on changed lines. The ref is checked before the scan starts.
 */
async function gitModes(paths: string[], options: ScanCliOptions, walk: Settings['walk'], io: Io): Promise<GitModes> {
  if (options.history) return await historyMode(paths, options, io);
  if (options.since !== undefined || options.branches !== undefined) throw new UsageError('--since and --branches need --history');
  if (!options.staged && options.diff === undefined) return { paths, onlyChanged: (result) => result };
  let found: Repository | undefined;
  if (options.staged) {
    found = startStagedCommands({ cwd: io.cwd, env: io.env });
    // The main thread would only wait for git here: load the parser meanwhile (~30 ms), so a staged
    // file that needs a parse does not wait for it after the listing. A failure shows when a file
    // needs the parser (loadBabel() is called again then), not as an unhandled rejection here.
    loadBabel().catch(() => undefined);
  }
  const repository = found ?? (await openRepository({ cwd: io.cwd, env: io.env }, options.staged ? '--staged' : '--diff'));
  const changed = options.diff !== undefined ? await changedSince(repository, options.diff, { staged: options.staged }) : undefined;
  return {
    paths: options.staged && paths.length === 0 ? [repository.top] : paths,
    source: options.staged ? (base, targets) => stagedSource({ repository, base, targets, include: walk.include, exclude: walk.exclude }) : undefined,
    onlyChanged: (result) => (changed ? onlyChangedLines(result, relativeToBase(changed, repository.top, result.base)) : result),
  };
}

/** --history scans every blob of the history instead of the working tree (not with --staged or --diff). */
async function historyMode(paths: string[], options: ScanCliOptions, io: Io): Promise<GitModes> {
  if (options.staged || options.diff !== undefined) throw new UsageError('--history cannot be combined with --staged or --diff');
  // A baseline judges fingerprints, and those of a history shard are only final once merge has seen every shard.
  if (options.shard && options.baseline !== undefined) {
    throw new UsageError('--baseline cannot be combined with --history --shard: a shard does not know the final fingerprints; scan the history with --baseline in one job, or shard it without --baseline');
  }
  const repository = await openRepository({ cwd: io.cwd, env: io.env }, '--history');
  return {
    paths,
    scan: (scanOptions) => scanHistory(scanOptions, { repository, since: options.since, branches: options.branches }),
    onlyChanged: (result) => result,
  };
}

function withBaseline(scanned: ScanResult, baseline: Baseline): ScanResult {
  const { result, outcome } = applyBaseline(scanned, baseline);
  const shard = scanned.stats.shard;
  // A shard judges only the entries of its own files: the others are for their shards to find.
  const own = (path: string) => !shard || shardOf(path, shard.count) === shard.index;
  const stale = outcome.stale.filter((entry) => own(entry.path)).map(({ fingerprint, ruleId, path }) => ({ fingerprint, ruleId, path }));
  return { ...result, baseline: { ...outcome, stale } };
}

export function exitCodeFor(result: ScanResult, failOn: FailOn): number {
  return blockingFindings(result, failOn).length > 0 ? EXIT.findings : EXIT.ok;
}

function blockingFindings(result: ScanResult, failOn: FailOn): ScanResult['findings'] {
  if (failOn === 'none') return [];
  const threshold = LEVEL_RANK[failOn];
  return result.findings.filter((f) => !f.suppression && LEVEL_RANK[f.level] >= threshold);
}

/** JWTSCAN_SCREEN_WORKER=off keeps every read on the main thread; =always starts the worker for any number of files and gives it every read. */
function screenWorkerMode(value: string | undefined): ScreenWorkerMode {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'off' || value === '0') return 'off';
  if (value === 'always') return 'always';
  throw new UsageError(`JWTSCAN_SCREEN_WORKER must be auto, off or always, not "${value}"`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseMilliseconds(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError('expected a positive whole number of milliseconds.');
  return Number(value);
}

function parseShardOption(value: string): ShardSpec {
  const parsed = parseShard(value);
  if ('error' in parsed) throw new InvalidArgumentError(`${parsed.error}.`);
  return parsed;
}

/** What `jwtscan merge` checks shards' reports against each other with (only for --shard scans). */
function runIdentity(result: ScanResult, options: ScanCliOptions, settings: Settings, baseline: Baseline | undefined): RunIdentity | undefined {
  const shard = result.stats.shard;
  if (!shard) return undefined;
  const { cacheDir: _cache, ...walk } = settings.walk;
  const decisive = {
    rules: settings.rules.map((r) => `${r.id}:${r.level}`),
    // weakSecrets are key values (old keys, team passwords): a digest in a report must not let anyone
    // test guesses of them, so only their number counts (shards of one run read one config anyway).
    ruleSettings: { sinks: settings.ruleSettings.sinks, weakSecrets: settings.ruleSettings.weakSecrets.length },
    finish: settings.finish,
    walk,
    report: { includeSuppressed: options.includeSuppressed, category: options.category ?? null, baseline: baseline?.salt ?? null, staged: options.staged, diff: options.diff ?? null },
  };
  const history = result.historyShard && historyShardRun(result.findings, result.historyShard.present, options.includeSuppressed);
  return { shard: `${shard.index}/${shard.count}`, settings: settingsDigest(decisive), build: currentBuild(), listing: shard.listing, ...(history ? { history } : {}) };
}

/** What a history shard's report carries for merge beyond its findings: the keys HEAD holds, the findings it does not write. */
function historyShardRun(findings: ScanResult['findings'], present: string[], includeSuppressed: boolean): HistoryShardRun {
  const unreported = includeSuppressed ? [] : findings.filter((f) => f.suppression && f.historyShard && f.history);
  return {
    present,
    unreported: unreported.map((f) => ({
      ruleId: f.ruleId,
      path: f.file,
      line: f.region.start.line,
      column: f.region.start.column,
      commit: f.history!.commit,
      date: f.history!.date,
      shard: f.historyShard!,
    })),
  };
}

function parseSize(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError('expected a positive whole number of bytes.');
  return Number(value);
}
