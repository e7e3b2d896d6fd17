import { TYPES } from '@babel/types';
import type { File, Node } from '@babel/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { programPath, type NodePath } from '../../src/ast/node-path.js';
import { explode } from '../../src/ast/visitor.js';
import { importCollector } from '../../src/engine/collect-imports.js';
import { loadBabel } from '../../src/engine/babel.js';
import { parseSource } from '../../src/engine/parse.js';
import { NO_SETTINGS } from '../../src/rule.js';

beforeAll(async () => {
  await loadBabel();
});

function parse(source: string, file = 'a.ts'): File {
  const parsed = parseSource(source, file);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.ast;
}

function first(source: string, type: string): NodePath {
  let found: NodePath | undefined;
  programPath(parse(source)).traverse({
    [type](p: NodePath) {
      found ??= p;
    },
  });
  if (!found) throw new Error(`no ${type}`);
  return found;
}

describe('walk', () => {
  it('visits in source order, enter before children and exit after, with aliases and piped types', () => {
    const events: string[] = [];
    const program = programPath(parse('function f(a) { return () => g(a); }\nnew C(h());'));
    program.traverse({
      Function: { enter: (p) => void events.push(`enter ${p.node.type}`), exit: (p) => void events.push(`exit ${p.node.type}`) },
      'CallExpression|NewExpression'(p) {
        events.push(`${p.node.type} ${(p.node as { callee: { name: string } }).callee.name}`);
      },
    });
    expect(events).toEqual([
      'enter FunctionDeclaration',
      'enter ArrowFunctionExpression',
      'CallExpression g',
      'exit ArrowFunctionExpression',
      'exit FunctionDeclaration',
      'NewExpression C',
      'CallExpression h',
    ]);
  });

  it('does not enter the children of a skipped node, and visits a node again in a later walk', () => {
    const program = programPath(parse('function outer() { return 1; function inner() { return 2; } }'));
    const returns = (skipInner: boolean) => {
      const found: unknown[] = [];
      program.traverse({
        ReturnStatement: (p) => void found.push((p.node as { argument: { value: number } }).argument.value),
        FunctionDeclaration(p) {
          if (skipInner && (p.node as { id: { name: string } }).id.name === 'inner') p.skip();
        },
      });
      return found;
    };
    expect(returns(true)).toEqual([1]);
    expect(returns(false)).toEqual([1, 2]);
  });

  it('gives one path per node, with the parent chain up to the Program, whose parent is the File', () => {
    const ast = parse('const k = { a: [1, "x"] };');
    const program = programPath(ast);
    expect(programPath(ast)).toBe(program);
    const visited: NodePath[] = [];
    program.traverse({ StringLiteral: (p) => void visited.push(p) });
    const viaGet = (program.get('body.0.declarations.0.init.properties.0.value.elements') as NodePath[])[1]!;
    expect(viaGet).toBe(visited[0]);
    expect(viaGet.parentPath?.node.type).toBe('ArrayExpression');
    expect(viaGet.findParent((p) => p.node.type === 'VariableDeclarator')?.node).toBe((ast.program.body[0] as { declarations: Node[] }).declarations[0]);
    expect(program.parent).toBe(ast);
  });

  it('returns a path without a node for an absent child, as Babel does', () => {
    const declarator = first('let k;', 'VariableDeclarator');
    expect((declarator.get('init') as NodePath).node).toBeFalsy();
    expect(() => declarator.get('init.value')).toThrow(TypeError);
  });
});

describe('scopes', () => {
  const bindingAt = (source: string, name: string) => {
    let found: NodePath | undefined;
    programPath(parse(source)).traverse({
      Identifier(p) {
        if ((p.node as { name: string }).name === name && p.parent.type === 'CallExpression') found = p;
      },
    });
    return found!.scope.getBinding(name);
  };

  it('hoists var and function declarations, and keeps let/const in their block', () => {
    expect(bindingAt('use(k); var k = "a";', 'k')?.kind).toBe('var');
    expect(bindingAt('use(k); function k() {}', 'k')?.kind).toBe('hoisted');
    expect(bindingAt('{ const k = "a"; } use(k);', 'k')).toBeUndefined();
    expect(bindingAt('if (x) { var k = "a"; } use(k);', 'k')?.kind).toBe('var');
    expect(bindingAt('for (let k of ks) {} use(k);', 'k')).toBeUndefined();
  });

  it('resolves the innermost declaration: parameters and catch clauses shadow', () => {
    const source = 'const k = "outer"; function f(k = 1) { use(k); }';
    expect(bindingAt(source, 'k')?.kind).toBe('param');
    expect(bindingAt('const k = 1; try {} catch (k) { use(k); }', 'k')?.kind).toBe('let');
    expect(bindingAt('const f = function k() { use(k); };', 'k')?.kind).toBe('local');
    expect(bindingAt('import k from "m"; use(k);', 'k')?.kind).toBe('module');
    expect(bindingAt('import type { k } from "m"; use(k);', 'k')?.kind).toBe('unknown');
  });

  it('tracks reassignment: =, ++, for-of targets and destructuring writes; a redeclaration keeps the first', () => {
    expect(bindingAt('let k = "a"; use(k);', 'k')?.constant).toBe(true);
    expect(bindingAt('let k = "a"; k = "b"; use(k);', 'k')?.constant).toBe(false);
    expect(bindingAt('let k = 1; k++; use(k);', 'k')?.constant).toBe(false);
    expect(bindingAt('let k; for (k of ks) {} use(k);', 'k')?.constant).toBe(false);
    expect(bindingAt('let k; ({ k } = o); use(k);', 'k')?.constant).toBe(false);
    expect(bindingAt('let k; o.k = 1; use(k);', 'k')?.constant).toBe(true);
    const redeclared = bindingAt('var k = "a"; var k = "b"; use(k);', 'k');
    expect(redeclared?.constant).toBe(false);
    expect((redeclared?.path.node as { init: { value: string } }).init.value).toBe('a');
  });

  it('lists reads only: not property keys, member names, declarations or assignment targets', () => {
    const binding = bindingAt('const k = 1; const o = { k, [k]: 2, x: k }; o.k; k = 3; use(k);', 'k')!;
    const reads = binding.referencePaths.map((p) => `${p.parent.type}.${p.node.loc!.start.column}`);
    // shorthand value, computed key, property value, the call argument
    expect(reads).toEqual(['ObjectProperty.25', 'ObjectProperty.29', 'ObjectProperty.39', 'CallExpression.60']);
    expect(binding.constantViolations.map((p) => p.node.type)).toEqual(['AssignmentExpression']);
  });

  it('counts the initialiser of a private field as a read', () => {
    const binding = bindingAt('const o = {}; class S { #p = o; } use(o);', 'o')!;
    expect(binding.referencePaths.map((p) => p.parent.type)).toEqual(['ClassPrivateProperty', 'CallExpression']);
  });

  it("resolves a method's computed key and decorators, and a switch's discriminant, outside the scope they head", () => {
    const kindOf = (source: string, type: string, key: string) => {
      const owner = first(source, type);
      const child = owner.get(key);
      const path = Array.isArray(child) ? child[0]! : child;
      const expression = path.node.type === 'Decorator' ? (path.get('expression') as NodePath) : path;
      return expression.scope.getBinding((expression.node as { name: string }).name)?.kind;
    };
    expect(kindOf("const k = 'a'; class A { [k](k) { return k; } }", 'ClassMethod', 'key')).toBe('const');
    expect(kindOf("const k = 'a'; const o = { [k](k) { return k; } };", 'ObjectMethod', 'key')).toBe('const');
    expect(kindOf('const d = 1; class A { @d m(d) {} }', 'ClassMethod', 'decorators')).toBe('const');
    expect(kindOf('const x = 1; switch (x) { case 1: let x = 2; }', 'SwitchStatement', 'discriminant')).toBe('const');
    // and the same names inside still see the inner declarations
    expect(bindingAt("const k = 'a'; class A { [k](k) { use(k); } }", 'k')?.kind).toBe('param');
    // the scope walk agrees: the outer binding has the key as a read
    const keyed = programPath(parse("const k = 'a'; class A { [k](k) {} }"));
    const outer = (keyed.get('body.0.declarations.0.id') as NodePath).scope.getBinding('k')!;
    expect(outer.referencePaths.map((p) => p.parent.type)).toEqual(['ClassMethod']);
  });

  it('never counts an identifier in a type as a read', () => {
    const binding = bindingAt('const Config = {}; let c: Config; type T = typeof Config; use(Config);', 'Config')!;
    expect(binding.referencePaths.map((p) => p.parent.type)).toEqual(['CallExpression']);
  });

  it('shares a path between the scope index and the walk (references are the visited paths)', () => {
    const program = programPath(parse('const k = 1; use(k);'));
    let visited: NodePath | undefined;
    program.traverse({
      Identifier(p) {
        if (p.parent.type === 'CallExpression' && (p.node as { name: string }).name === 'k') visited = p;
      },
    });
    expect(visited!.scope.getBinding('k')!.referencePaths).toEqual([visited]);
    expect(visited!.scope.getProgramParent().path).toBe(program);
  });
});

describe('visitors', () => {
  it('reject keys that cannot name a node type', () => {
    expect(() => explode({ 'call-expression': () => {} } as never)).toThrow(/not a node type/);
  });

  it('of every rule and of the engine name real node types (a typo would silently switch a rule off)', () => {
    const known = new Set<string>([...TYPES, 'Function', 'Class']);
    const context = { file: 'a.ts', source: '', settings: NO_SETTINGS, report: () => {}, share: () => {}, deriveSink: () => {}, noteKeyUse: () => {} };
    const keys = [...RULES.flatMap((rule) => Object.keys(rule.create(context))), ...Object.keys(importCollector(new Set()))].flatMap((k) => k.split('|'));
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !known.has(k))).toEqual([]);
  });
});
