/**
 * @babel/parser with plugins chosen by file extension. Parsing tries the most likely plugin set
 * first and falls back to the alternatives real code needs (Flow in `.js`, JSX in `.ts` written by
 * mistake, no JSX for `<T>x` casts), so a file is only "unparseable" when no dialect accepts it.
 */
import type { ParserOptions, ParserPlugin } from '@babel/parser';
import type { File } from '@babel/types';
import { babel } from './babel.js';

const LEGACY_DECORATORS: ParserPlugin = 'decorators-legacy';
// (`@babel/parser`'s types stop at 2023-07; the parser takes 2023-11, the current proposal.)
const STANDARD_DECORATORS = ['decorators', { version: '2023-11' }] as unknown as ParserPlugin;

const COMMON: ParserPlugin[] = [
  // `accessor` fields (TC39 decorators, TypeScript 4.9+: babel's own traverse uses them)
  'decoratorAutoAccessors',
  'exportDefaultFrom',
  'explicitResourceManagement',
  ['importAttributes', { deprecatedAssertSyntax: true }],
  'doExpressions',
  'throwExpressions',
  'partialApplication' as ParserPlugin,
  'sourcePhaseImports',
  'deferredImportEvaluation',
];

const DIALECTS: Record<string, ParserPlugin[][]> = {
  '.ts': [['typescript'], ['typescript', 'jsx']],
  '.mts': [['typescript'], ['typescript', 'jsx']],
  '.cts': [['typescript'], ['typescript', 'jsx']],
  '.tsx': [['typescript', 'jsx'], ['typescript']],
  '.js': [['jsx'], ['jsx', 'flow'], []],
  '.jsx': [['jsx'], ['jsx', 'flow']],
  '.mjs': [['jsx'], []],
  '.cjs': [['jsx'], []],
};

/** Declaration files: `export const x: T;` without an initializer is valid there (the `dts` option). */
const DECLARATION_FILE = /\.d\.[cm]?ts$/i;
const DECLARATION_DIALECTS: ParserPlugin[][] = [[['typescript', { dts: true }]], ['typescript']];

export interface ParseSuccess {
  ok: true;
  ast: File;
  /** Errors Babel recovered from; the AST is still usable. */
  recovered: { message: string; line: number }[];
}

export interface ParseFailure {
  ok: false;
  message: string;
  line?: number;
}

export function extensionOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? '' : file.slice(dot).toLowerCase();
}

/**
 * A JSON module (`require('./settings.json')`) is parsed as `module.exports =` its text, the prefix on
 * a line 0 of its own, so every node keeps the line and column it has in the file (offsets do not).
 */
const JSON_MODULE_PREFIX = 'module.exports =\n';

export function parseSource(source: string, file: string): ParseSuccess | ParseFailure {
  const json = extensionOf(file) === '.json';
  const dialects = json ? [[]] : DECLARATION_FILE.test(file) ? DECLARATION_DIALECTS : (DIALECTS[extensionOf(file)] ?? DIALECTS['.js']!);
  let first: ParseFailure | undefined;
  // Last, the first dialect with TC39 decorators instead of TypeScript's legacy ones: they differ on
  // `@dec [computed]() {}` (a decorator before a computed key), which only the standard accepts.
  const attempts = json ? dialects.map((d) => ({ plugins: d, decorators: LEGACY_DECORATORS })) : [...dialects.map((d) => ({ plugins: d, decorators: LEGACY_DECORATORS })), { plugins: dialects[0]!, decorators: STANDARD_DECORATORS }];
  for (const { plugins, decorators } of attempts) {
    try {
      const ast = json
        ? babel().parse(JSON_MODULE_PREFIX + source.replace(/^\uFEFF/, ' '), { ...options(plugins, decorators), sourceType: 'script', startLine: 0 })
        : babel().parse(source, options(plugins, decorators));
      const recovered = (ast.errors ?? []).map((e) => ({ message: cleanMessage(e), line: lineOf(e) }));
      return { ok: true, ast, recovered };
    } catch (error) {
      first ??= failure(error);
    }
  }
  return first ?? { ok: false, message: 'unknown parse failure' };
}

function options(plugins: ParserPlugin[], decorators: ParserPlugin): ParserOptions {
  return {
    sourceType: 'unambiguous',
    errorRecovery: true,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    allowUndeclaredExports: true,
    allowNewTargetOutsideFunction: true,
    allowSuperOutsideMethod: true,
    attachComment: false,
    plugins: [...plugins, decorators, ...COMMON],
  };
}

function failure(error: unknown): ParseFailure {
  if (error instanceof RangeError) return { ok: false, message: 'nesting too deep for the parser (stack overflow)' };
  return { ok: false, message: cleanMessage(error), line: lineOf(error) };
}

function cleanMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Babel appends "(line:col)"; the location travels separately.
  return text.replace(/\s*\(\d+:\d+\)$/, '').split('\n')[0]!.slice(0, 200);
}

function lineOf(error: unknown): number {
  const loc = (error as { loc?: { line?: number } }).loc;
  return typeof loc?.line === 'number' ? loc.line : 1;
}
