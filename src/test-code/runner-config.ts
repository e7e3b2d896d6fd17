/**
 * Test runner configuration, read as data and never executed: which files a repository's jest,
 * vitest, playwright, cypress or mocha setup treats as tests. Only literal strings (and arrays of
 * them) written at the known options are taken; anything computed is ignored.
 *
 *   jest        testMatch (globs), testRegex (string or array); jest.config.* or package.json "jest"
 *   vitest      test.include (globs), test.dir; vitest.config.* or vite.config.*
 *   playwright  testDir (everything under it: specs, fixtures, page objects), testMatch
 *   cypress     specPattern (top level, e2e or component)
 *   mocha       spec (globs or folders); .mocharc.js/.cjs/.json
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { parseSource } from '../engine/parse.js';

/** A file name a config of one runner has, and what that runner's options mean. */
const CONFIG_FILE = /^(jest|vitest|vite|playwright|cypress)\.config\.[cm]?[jt]s$|^\.mocharc\.(c?js|json)$|^package\.json$/;

export function isRunnerConfigName(name: string): boolean {
  return CONFIG_FILE.test(name);
}

/** What one config says, relative to its own directory. */
export interface RunnerConfig {
  /** Repository-relative path of the config file (for the evidence). */
  file: string;
  /** Repository-relative directory the config's paths are relative to. */
  dir: string;
  /** [option name, test function on a path relative to `dir`] */
  matchers: { option: string; value: string; matches(relative: string): boolean }[];
}

const GLOB_OPTIONS = new Set(['testMatch', 'include', 'specPattern', 'spec']);
const DIR_OPTIONS = new Set(['testDir', 'dir']);

/** Reads one config; undefined when it holds nothing about test files (or cannot be read as data). */
export function readRunnerConfig(file: string, text: string): RunnerConfig | undefined {
  const name = path.posix.basename(file);
  const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
  const values = name.endsWith('.json') ? jsonValues(name, text) : codeValues(file, text);
  const runner = name === 'package.json' ? 'jest' : name.startsWith('.mocharc') ? 'mocha' : name.split('.')[0]!;
  const matchers: RunnerConfig['matchers'] = [];
  for (const { option, value } of values) {
    const matches = matcherFor(runner, option, value);
    if (matches) matchers.push({ option, value, matches });
  }
  return matchers.length > 0 ? { file, dir, matchers } : undefined;
}

function matcherFor(runner: string, option: string, value: string): ((relative: string) => boolean) | undefined {
  const clean = value.replace(/^<rootDir>\//, '').replace(/^\.\//, '');
  if (clean.length === 0 || clean.length > 500) return undefined;
  if (option === 'testRegex') {
    const regex = safeRegex(value);
    return regex && ((relative) => relative.length <= MAX_REGEX_INPUT && regex.test(`/${relative}`));
  }
  if (DIR_OPTIONS.has(option) || (runner === 'mocha' && !/[*?{[]/.test(clean) && !/\.[cm]?[jt]sx?$/.test(clean))) {
    if (clean.startsWith('..') || clean === '.' ) return undefined;
    const folder = clean.replace(/\/+$/, '');
    return (relative) => relative.startsWith(`${folder}/`);
  }
  if (!GLOB_OPTIONS.has(option)) return undefined;
  try {
    return picomatch(clean, { dot: true });
  } catch {
    return undefined;
  }
}

/** Paths longer than this are never given to a repository's regular expression. */
const MAX_REGEX_INPUT = 300;

/**
 * A repository's regular expression runs on short paths only, and only when no group in it is
 * repeated (`(…)+`, `(…)*`, `(…){n,}`: the shape of catastrophic backtracking, however it is nested
 * or alternated): a config must not be able to stall a scan. Jest's own defaults repeat no group.
 */
function safeRegex(source: string): RegExp | undefined {
  if (source.length > 300 || /\)[+*{]/.test(source)) return undefined;
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

interface OptionValue {
  option: string;
  value: string;
}

const WANTED = new Set(['testMatch', 'testRegex', 'testDir', 'include', 'dir', 'specPattern', 'spec']);
/** Options that mean test files only inside these objects (vite's `include` elsewhere is about bundling). */
const NEEDS_PARENT: Record<string, string[]> = { include: ['test'], dir: ['test'] };

function jsonValues(name: string, text: string): OptionValue[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return [];
  }
  const root = name === 'package.json' ? (data as { jest?: unknown } | null)?.jest : data;
  if (!root || typeof root !== 'object') return [];
  const out: OptionValue[] = [];
  for (const [option, value] of Object.entries(root)) {
    if (!WANTED.has(option) || NEEDS_PARENT[option]) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') out.push({ option, value: v });
  }
  return out;
}

interface AstNode {
  type: string;
  [key: string]: unknown;
}

/** Literal values of the wanted options anywhere in the module (configs nest them in defineConfig, projects, e2e). */
function codeValues(file: string, text: string): OptionValue[] {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return [];
  const out: OptionValue[] = [];
  let budget = 50_000;
  const visit = (node: unknown, parents: string[], depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 100 || --budget < 0) return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child, parents, depth + 1);
      return;
    }
    const n = node as AstNode;
    if (typeof n.type !== 'string') return;
    if (n.type === 'ObjectProperty') {
      const name = propertyName(n.key);
      if (name && WANTED.has(name) && (!NEEDS_PARENT[name] || NEEDS_PARENT[name]!.includes(parents.at(-1) ?? ''))) {
        for (const value of literalStrings(n.value)) out.push({ option: name, value });
      }
      visit(n.value, name ? [...parents, name] : parents, depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(n)) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'leadingComments' || key === 'trailingComments') continue;
      if (child && typeof child === 'object') visit(child, parents, depth + 1);
    }
  };
  visit(parsed.ast.program, [], 0);
  return out;
}

function propertyName(key: unknown): string | undefined {
  const k = key as AstNode;
  if (k?.type === 'Identifier') return k.name as string;
  if (k?.type === 'StringLiteral') return k.value as string;
  return undefined;
}

function literalStrings(value: unknown): string[] {
  const v = value as AstNode;
  if (v?.type === 'StringLiteral') return [v.value as string];
  if (v?.type === 'TemplateLiteral' && (v.expressions as unknown[]).length === 0) return [((v.quasis as AstNode[])[0]!.value as { cooked: string }).cooked];
  if (v?.type === 'ArrayExpression') return (v.elements as unknown[]).flatMap((e) => literalStrings(e));
  return [];
}
