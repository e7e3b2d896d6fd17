/**
 * Findings in test, example and demo code are down-ranked, not dropped: a key in a spec file is still
 * in the repository, but it is usually a throw-away fixture key, so it is reported at level `note`
 * with the evidence in the message (CodeQL drops such findings; we keep them visible).
 *
 * A file is test code when, in this order:
 *   1. its path matches a test-path pattern (`testPaths`), a test runner's config of the repository
 *      names it (read as data), or it belongs to a private example package;
 *   2. or every module that imports it is test code (a helper only tests use).
 * Either way, a module imported by production code is production code (a test helper that ships).
 * The answer depends on other files, so it is computed on every scan, after the cache.
 */
import path from 'node:path';
import { configKindOf } from '../config-files/kind.js';
import type { Finding } from '../rule.js';
import type { TsconfigPaths } from '../modules/tsconfig-paths.js';
import { ImporterIndex } from './importers.js';
import { isRelative, matchingPattern } from './path-patterns.js';
import { isRunnerConfigName, readRunnerConfig, type RunnerConfig } from './runner-config.js';
import { WorkspacePackages } from './workspace-packages.js';

/** How far "imported only by test code" is followed through importers of importers. */
const MAX_IMPORT_DEPTH = 4;
/** More importers than this and a module is taken as shared (production) code without looking further. */
const MAX_IMPORTERS = 50;

const TEST_ENTRY_FILE = /\.(?:spec|test|e2e-spec|e2e|stories|story)\.[cm]?[jt]sx?$/i;

const RUNNER_CONFIG_NAMES = [
  'package.json',
  ...['jest', 'vitest', 'vite', 'playwright', 'cypress'].flatMap((runner) => ['js', 'cjs', 'mjs', 'ts', 'cts', 'mts'].map((ext) => `${runner}.config.${ext}`)),
  '.mocharc.js',
  '.mocharc.cjs',
  '.mocharc.json',
];

export interface TestCodeInput {
  base: string;
  /** Every listed file, base-relative. */
  files: readonly string[];
  /**
   * Base-relative directories the user pointed the scan at ('' for the base). A file is judged by its
   * path inside the deepest root holding it: `scan examples/app` treats examples/app as the project.
   */
  roots?: readonly string[];
  /** `.gitignore`-syntax test-path patterns; empty switches test-code down-ranking off. */
  patterns: readonly string[];
  /** Synchronous read of a base-relative file (package.json, runner configs). */
  readText(file: string): string | undefined;
  /** The import specifiers of a listed file, for the import index. */
  specifiersOf(file: string): string[] | undefined | Promise<string[] | undefined>;
  tsconfig?: TsconfigPaths;
}

export class TestCodeClassifier {
  private readonly byPattern: (file: string) => string | undefined;
  private readonly packages: WorkspacePackages;
  private readonly configs = new Map<string, RunnerConfig | null>();
  private readonly importers: ImporterIndex;
  private readonly verdicts = new Map<string, Promise<string | undefined>>();

  constructor(private readonly input: TestCodeInput) {
    this.byPattern = matchingPattern(input.patterns);
    this.packages = new WorkspacePackages(input.readText);
    this.importers = new ImporterIndex({
      base: input.base,
      files: input.files,
      specifiersOf: input.specifiersOf,
      tsconfig: input.tsconfig,
      packageOf: (file) => this.packages.packageDirOf(file),
    });
  }

  /** Why a base-relative file is test or example code, or undefined for production code. */
  evidence(file: string): Promise<string | undefined> {
    let verdict = this.verdicts.get(file);
    if (!verdict) this.verdicts.set(file, (verdict = this.decide(file, new Set(), new Map())));
    return verdict;
  }

  /**
   * A file met on the way from a finding's file. Its verdict there may be cut short (a cycle, the depth
   * limit), so it is remembered only within this one exploration (`seen`): the answer for a finding's
   * file never depends on which other findings were judged first.
   */
  private classify(file: string, visiting: Set<string>, seen: Map<string, Promise<string | undefined>>): Promise<string | undefined> {
    // A file on the way (an import cycle) or past the depth limit is judged by its own place only; it
    // must not wait for its own pending verdict.
    if (visiting.has(file) || visiting.size >= MAX_IMPORT_DEPTH) return Promise.resolve(this.directEvidence(file));
    let verdict = seen.get(file);
    if (!verdict) seen.set(file, (verdict = this.decide(file, visiting, seen)));
    return verdict;
  }

  private async decide(file: string, visiting: Set<string>, seen: Map<string, Promise<string | undefined>>): Promise<string | undefined> {
    if (!isRelative(file) || this.input.patterns.length === 0) return undefined;
    const direct = this.directEvidence(file);
    // Spec and story files are entry points of their runners: nothing ships by importing them.
    if (direct !== undefined && TEST_ENTRY_FILE.test(path.posix.basename(file))) return direct;
    const importers = (await this.importers.importersOf(file)).filter((f) => f !== file);
    if (importers.length > MAX_IMPORTERS) return direct === undefined ? undefined : await this.unlessShipped(file, direct, importers.slice(0, MAX_IMPORTERS), visiting, seen);
    if (direct !== undefined) return await this.unlessShipped(file, direct, importers, visiting, seen);
    if (importers.length === 0) return undefined;
    const inner = new Set([...visiting, file]);
    for (const importer of importers) {
      if ((await this.classify(importer, inner, seen)) === undefined) return undefined;
    }
    const named = importers.slice(0, 3).join(', ') + (importers.length > 3 ? ` and ${importers.length - 3} more` : '');
    return `imported only by test code (${named})`;
  }

  /** Direct evidence holds unless production code imports the file (then it ships). */
  private async unlessShipped(file: string, direct: string, importers: string[], visiting: Set<string>, seen: Map<string, Promise<string | undefined>>): Promise<string | undefined> {
    const inner = new Set([...visiting, file]);
    for (const importer of importers) {
      // Only importers outside test code by their own direct evidence count: judging them through their
      // importers too would let one production entry point promote every shared test helper.
      if (this.directEvidence(importer) === undefined && !inner.has(importer)) {
        const viaImporters = await this.classify(importer, inner, seen);
        if (viaImporters === undefined) return undefined;
      }
    }
    return direct;
  }

  /** The deepest scan root holding a file ('' when none does). */
  private rootOf(file: string): string {
    let best = '';
    for (const root of this.input.roots ?? []) {
      if (root.length > best.length && file.startsWith(`${root}/`)) best = root;
    }
    return best;
  }

  /** Path patterns, runner configs and example packages: what the file's own place (inside its scan root) says. */
  private directEvidence(file: string): string | undefined {
    const root = this.rootOf(file);
    const inRoot = root === '' ? file : file.slice(root.length + 1);
    const pattern = this.byPattern(inRoot);
    if (pattern !== undefined) return pattern === 'testPaths' ? 'its path matches testPaths' : `its path matches \`${pattern}\``;
    const inside = (dir: string) => root === '' || dir === root || dir.startsWith(`${root}/`);
    for (const dir of WorkspacePackages.ancestors(file).filter(inside)) {
      const relative = dir === '' ? file : file.slice(dir.length + 1);
      for (const config of this.configsIn(dir)) {
        const hit = config.matchers.find((m) => m.matches(relative));
        if (hit) return `${hit.option} in ${config.file} names it`;
      }
    }
    return this.packages.exampleEvidence(file, root);
  }

  private configsIn(dir: string): RunnerConfig[] {
    const out: RunnerConfig[] = [];
    for (const name of RUNNER_CONFIG_NAMES) {
      const file = dir === '' ? name : `${dir}/${name}`;
      let config = this.configs.get(file);
      if (config === undefined) {
        const text = name === 'package.json' ? this.packages.at(dir)?.text : this.input.readText(file);
        config = (text !== undefined && isRunnerConfigName(path.posix.basename(file)) && readRunnerConfig(file, text)) || null;
        this.configs.set(file, config);
      }
      if (config) out.push(config);
    }
    return out;
  }
}

/**
 * Caps findings in test code at `note`, with the evidence in the message. A key written in test code
 * but used by production code (a related location outside test code) is production's key; not so a
 * value in a test's configuration file (a test compose file, a test .env), which production code only
 * reads by the same variable's name.
 */
export async function downrankTestCode<T extends Omit<Finding, 'fingerprint'>>(findings: readonly T[], classifier: TestCodeClassifier): Promise<T[]> {
  const out: T[] = [];
  for (const finding of findings) {
    const evidence = await classifier.evidence(finding.file);
    if (evidence === undefined) {
      out.push(finding);
      continue;
    }
    let usedByProduction = false;
    for (const r of configKindOf(finding.file) ? [] : finding.related) {
      if (r.file !== undefined && r.file !== finding.file && (await classifier.evidence(r.file)) === undefined) usedByProduction = true;
    }
    if (usedByProduction) {
      out.push(finding);
      continue;
    }
    const note = ` Reported as a note: test or example code (${evidence}).`;
    out.push({ ...finding, level: 'note', inTestPath: true, testEvidence: evidence, message: finding.level === 'note' ? finding.message : `${finding.message}${note}` });
  }
  return out;
}
