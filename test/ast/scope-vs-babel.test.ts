/**
 * jwtscan's scope tracker (src/ast/) against the one the analysis was first written on,
 * @babel/traverse (a dev dependency kept for this test): on every fixture, the example app and
 * jwtscan's own sources, each identifier that reads a variable must resolve to the same declaration,
 * with the same kind and constancy, and each binding must have the same references.
 *
 * Deliberate differences, excluded: identifiers in type positions (Babel counts `x: Config` as a read
 * of `Config`; a type annotation never reads a variable), TypeScript type-only declarations
 * (interfaces, type aliases, overload signatures), which Babel registers as bindings, a parameter
 * property (`constructor(private k: string)`: Babel reports the name as a read and leaves `k` in
 * the constructor body unbound), an enum (Babel's crawl leaves `enum Keys {…}` unbound and reads of
 * `Keys` global; ours binds it so `Keys.Access` can be followed), and the export declarations Babel
 * lists among a binding's references.
 */
import fs from 'node:fs';
import path from 'node:path';
import traverseModule, { Scope as BabelScope, type NodePath as BabelPath } from '@babel/traverse';
import type { File, Identifier, Node } from '@babel/types';
import { beforeAll, expect, it } from 'vitest';
import { programPath } from '../../src/ast/node-path.js';
import { isTypeLevel } from '../../src/ast/references.js';
import type { Binding } from '../../src/ast/scope.js';
import { loadBabel } from '../../src/engine/babel.js';
import { parseSource } from '../../src/engine/parse.js';
import { ROOT } from '../helpers/scan-helpers.js';

type TraverseFn = typeof traverseModule.default;
// CommonJS with `exports.default`: under ESM the default import is the exports object.
const traverse = ((traverseModule as unknown as { default?: TraverseFn }).default ?? traverseModule) as unknown as TraverseFn;
// As jwtscan does: a recovered redeclaration must not abort Babel's scope crawl.
(BabelScope.prototype as unknown as Record<string, unknown>).checkBlockScopedCollisions = () => {};

const SOURCE = /\.(c|m)?(j|t)sx?$/;
const TYPE_ONLY = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSModuleDeclaration', 'TSEnumDeclaration']);

function corpus(): string[] {
  const dirs = ['test/fixtures', 'examples', 'src', 'rules'];
  return dirs.flatMap((dir) =>
    (fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }) as string[])
      .filter((f) => SOURCE.test(f) && !f.includes('node_modules'))
      .map((f) => path.join(dir, f)),
  );
}

interface Resolution {
  declared: Identifier | undefined;
  declaration?: Node;
  kind?: string;
  constant?: boolean;
}

function inTypePosition(path: BabelPath): boolean {
  return path.findParent((p) => isTypeLevel(p.node.type)) !== null;
}

function describeBinding(binding: { identifier: Identifier; kind: string; constant: boolean; path: { node: Node } } | undefined): Resolution {
  return binding ? { declared: binding.identifier, declaration: binding.path.node, kind: binding.kind, constant: binding.constant } : { declared: undefined };
}

function compare(file: string, ast: File): { problems: string[]; reads: number } {
  const problems: string[] = [];
  const babelReads = new Map<Identifier, Resolution>();
  const babelRefs = new Map<Identifier, Set<Node>>();
  traverse(ast, {
    ReferencedIdentifier(p) {
      // A TypeScript parameter property declares its name; Babel's visitor reports it as a read.
      if (p.node.type !== 'Identifier' || p.parent.type === 'TSParameterProperty' || inTypePosition(p)) return;
      const binding = p.scope.getBinding(p.node.name);
      if (binding && TYPE_ONLY.has(binding.path.node.type)) return;
      babelReads.set(p.node, describeBinding(binding));
      if (binding) {
        // Babel also lists `export const x = …` among x's references; only identifiers read.
        const reads = binding.referencePaths.filter((r) => r.node.type === 'Identifier' && !inTypePosition(r) && r.parent.type !== 'TSParameterProperty');
        const refs = new Set<Node>(reads.map((r) => r.node));
        babelRefs.set(binding.identifier, refs);
      }
    },
  });
  const ours = programPath(ast);
  const seen = new Map<Identifier, Binding | undefined>();
  ours.traverse({
    Identifier(p) {
      if (babelReads.has(p.node)) seen.set(p.node, p.scope.getBinding(p.node.name));
    },
  });
  for (const [node, expected] of babelReads) {
    const where = `${file}:${node.loc?.start.line}:${node.loc?.start.column} ${node.name}`;
    if (!seen.has(node)) {
      problems.push(`${where}: not visited`);
      continue;
    }
    const binding = seen.get(node);
    // Babel does not bind parameter properties: in the constructor body it reads `k` as a global.
    if (binding?.path.node.type === 'TSParameterProperty' && expected.declared === undefined) continue;
    // Nor enums: reads of an enum are globals to Babel.
    if (binding?.path.node.type === 'TSEnumDeclaration' && expected.declared === undefined) continue;
    const actual = describeBinding(binding);
    // `using x = …` is a const to Babel's traverse; our scope names the kind.
    if (actual.kind === 'using' && expected.kind === 'const') actual.kind = 'const';
    if (actual.declared !== expected.declared || actual.declaration !== expected.declaration || actual.kind !== expected.kind || actual.constant !== expected.constant) {
      const show = (r: Resolution) =>
        r.declared ? `${r.kind} ${r.constant ? 'constant' : 'reassigned'} at ${r.declared.loc?.start.line}:${r.declared.loc?.start.column} by a ${r.declaration?.type}` : 'global';
      problems.push(`${where}: ours ${show(actual)}, Babel ${show(expected)}`);
      continue;
    }
    if (binding) {
      const expectedRefs = babelRefs.get(binding.identifier)!;
      const actualRefs = new Set<Node>(binding.referencePaths.map((r) => r.node));
      const missing = [...expectedRefs].filter((n) => !actualRefs.has(n));
      const extra = [...actualRefs].filter((n) => !expectedRefs.has(n));
      const at = (nodes: Node[]) => nodes.map((n) => `${n.loc?.start.line}:${n.loc?.start.column}`).join(' ');
      if (missing.length || extra.length) problems.push(`${where}: references differ (missing ${at(missing)}; extra ${at(extra)})`);
    }
  }
  return { problems, reads: babelReads.size };
}

beforeAll(async () => {
  await loadBabel();
});

it('resolves every variable read as @babel/traverse does, across fixtures and jwtscan itself', () => {
  const files = corpus();
  expect(files.length).toBeGreaterThan(150);
  const problems: string[] = [];
  let parsedFiles = 0;
  let reads = 0;
  for (const file of files) {
    const parsed = parseSource(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
    if (!parsed.ok) continue;
    const found = compare(file, parsed.ast);
    problems.push(...found.problems);
    reads += found.reads;
    parsedFiles++;
  }
  expect(parsedFiles).toBeGreaterThan(150);
  expect(reads).toBeGreaterThan(10_000);
  expect(problems.slice(0, 30)).toEqual([]);
});
