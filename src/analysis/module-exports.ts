/**
 * The value a local module exports under a name, read from its AST: ESM `export const`, export
 * lists, `export default`, re-exports and `export *` barrels, CommonJS `module.exports = …`,
 * `exports.x = …`, `module.exports.x = …` and TypeScript `export =`. Bounded in depth, so import
 * cycles end; nothing is executed.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Binding } from '../ast/scope.js';
import type { Node } from '@babel/types';
import { importedModule, importedSource, type ModuleHandle } from './module-context.js';
import { child, children, memberName, propertyName, unwrapNode } from './unwrap.js';
import { staticString } from './static-string.js';
import { requireCallSpecifier } from './builtin-calls.js';

/** An expression in some module, or a whole module namespace (`import * as ns`, `require('./x')`). */
export type ModuleValue = { path: NodePath } | { namespace: ModuleHandle };

const MAX_HOPS = 8;

/**
 * Per module and export name: the answer, or `null` while it is being computed (a cycle such as
 * `export * from './index'` in index.ts then ends at once). Memoised, so barrels cost linear time.
 */
const answers = new WeakMap<ModuleHandle, Map<string, ModuleValue | null | 'none'>>();

/** What `name` (`'default'` for the default export) evaluates to in `module`. */
export function exportedValue(module: ModuleHandle, name: string, hops = 0): ModuleValue | undefined {
  if (hops > MAX_HOPS) return undefined;
  let known = answers.get(module);
  if (!known) answers.set(module, (known = new Map()));
  const memo = known.get(name);
  if (memo !== undefined) return memo === null || memo === 'none' ? undefined : memo;
  known.set(name, null);
  const value = computeExport(module, name, hops);
  known.set(name, value ?? 'none');
  return value;
}

function computeExport(module: ModuleHandle, name: string, hops: number): ModuleValue | undefined {
  const program = module.program();
  const starSources: string[] = [];
  let commonJs: ModuleValue | undefined;
  for (const statement of children(program, 'body')) {
    const node = statement.node;
    switch (node.type) {
      case 'ExportNamedDeclaration': {
        const found = fromNamedExport(statement, name, hops);
        if (found) return found;
        break;
      }
      case 'ExportDefaultDeclaration':
        if (name === 'default') return { path: child(statement, 'declaration') };
        break;
      case 'ExportAllDeclaration':
        // (`export * as ns from` is an ExportNamedDeclaration with a namespace specifier in Babel 7.)
        if (name !== 'default') starSources.push(node.source.value);
        break;
      case 'TSExportAssignment':
        return name === 'default' ? { path: child(statement, 'expression') } : propertyOfValue({ path: child(statement, 'expression') }, name, hops);
      case 'ExpressionStatement': {
        // CommonJS assignments run in order: the last one to `name` is what importers see.
        commonJs = fromCommonJs(child(statement, 'expression'), name, hops) ?? commonJs;
        break;
      }
      default:
        break;
    }
  }
  if (commonJs) return commonJs;
  // `export * from './a'` in a barrel: the first module that has the name wins, as in ESM linking.
  for (const source of starSources) {
    // A module whose text never spells the name can export it only through a barrel of its own: not parsed otherwise.
    const text = importedSource(program, source)?.source;
    if (text !== undefined && !text.includes(name) && !/export\s*\*/.test(text)) continue;
    const target = importedModule(program, source);
    const found = target && exportedValue(target, name, hops + 1);
    if (found) return found;
  }
  if (name === 'default' && !hasEsmDefault(program)) return { namespace: module };
  return undefined;
}

/**
 * A name a module passes on from a package (a specifier that is no local file), which exportedValue()
 * cannot follow: `export { x as name } from 'pkg'` is `{ module: 'pkg', path: ['x'] }`, and
 * `export * as name from 'pkg'` is the package itself.
 */
export function packageReexport(module: ModuleHandle, name: string): { module: string; path: string[] } | undefined {
  const program = module.program();
  for (const statement of children(program, 'body')) {
    const node = statement.node;
    if (node.type !== 'ExportNamedDeclaration' || !node.source || node.exportKind === 'type') continue;
    for (const s of node.specifiers) {
      const exported = s.type === 'ExportSpecifier' ? (s.exportKind === 'type' ? undefined : propertyName(s.exported, false)) : s.type === 'ExportNamespaceSpecifier' ? s.exported.name : undefined;
      if (exported !== name || importedModule(statement, node.source.value)) continue;
      if (s.type === 'ExportNamespaceSpecifier') return { module: node.source.value, path: [] };
      const local = s.type === 'ExportSpecifier' ? s.local.name : 'default';
      return { module: node.source.value, path: local === 'default' ? [] : [local] };
    }
  }
  return undefined;
}

/** The sources of a module's `export * from '…'`, local modules and packages apart, in source order. */
export function starSources(module: ModuleHandle): { local: ModuleHandle[]; packages: string[] } {
  const local: ModuleHandle[] = [];
  const packages: string[] = [];
  const program = module.program();
  for (const statement of children(program, 'body')) {
    const node = statement.node;
    if (node.type !== 'ExportAllDeclaration' || node.exportKind === 'type') continue;
    const target = importedModule(program, node.source.value);
    if (target) local.push(target);
    else packages.push(node.source.value);
  }
  return { local, packages };
}

/** The value of `require(specifier)` or `import(specifier)` from the module of `at`. */
export function requiredValue(at: NodePath, specifier: string): ModuleValue | undefined {
  const target = importedModule(at, specifier);
  if (!target) return undefined;
  return commonJsExport(target) ?? { namespace: target };
}

/** The value an import binding stands for: `import { a } / import d / import * as ns / import x = require()`. */
export function importBindingValue(binding: Binding): ModuleValue | undefined {
  const decl = binding.path;
  const node = decl.node;
  const parent = decl.parent;
  if (node.type === 'TSImportEqualsDeclaration') {
    const ref = node.moduleReference;
    return ref.type === 'TSExternalModuleReference' ? requiredValue(decl, ref.expression.value) : undefined;
  }
  if (parent?.type !== 'ImportDeclaration' || parent.importKind === 'type') return undefined;
  const target = importedModule(decl, parent.source.value);
  if (!target) return undefined;
  switch (node.type) {
    case 'ImportNamespaceSpecifier':
      return { namespace: target };
    case 'ImportDefaultSpecifier':
      return exportedValue(target, 'default');
    case 'ImportSpecifier': {
      if (node.importKind === 'type') return undefined;
      return exportedValue(target, propertyName(node.imported, false) ?? '');
    }
    default:
      return undefined;
  }
}

function fromNamedExport(statement: NodePath, name: string, hops: number): ModuleValue | undefined {
  const node = statement.node;
  if (node.type !== 'ExportNamedDeclaration' || node.exportKind === 'type') return undefined;
  const declaration = node.declaration;
  if (declaration?.type === 'VariableDeclaration') {
    for (const declarator of children(statement, 'declaration.declarations')) {
      const d = declarator.node;
      if (d.type === 'VariableDeclarator' && d.id.type === 'Identifier' && d.id.name === name) {
        return { path: child(declarator, 'id') };
      }
      // export const { X = 'dev' } = process.env: the bound identifier, resolved in its own scope
      const bound = d.type === 'VariableDeclarator' && d.id.type === 'ObjectPattern' ? patternIdentifier(child(declarator, 'id'), name) : undefined;
      if (bound) return { path: bound };
    }
    return undefined;
  }
  if (declaration && 'id' in declaration && declaration.id?.type === 'Identifier' && declaration.id.name === name) {
    return { path: child(statement, 'declaration') };
  }
  for (const specifier of children(statement, 'specifiers')) {
    const s = specifier.node;
    if (s.type === 'ExportNamespaceSpecifier' && node.source && s.exported.name === name) return namespaceOf(statement, node.source.value);
    if (s.type !== 'ExportSpecifier' || s.exportKind === 'type' || propertyName(s.exported, false) !== name) continue;
    if (node.source) {
      const target = importedModule(statement, node.source.value);
      return target && exportedValue(target, s.local.name, hops + 1);
    }
    return { path: child(specifier, 'local') };
  }
  return undefined;
}

/** The identifier path binding `name` in an object pattern (`{ a, b: c, d = 1 }`). */
function patternIdentifier(pattern: NodePath, name: string): NodePath | undefined {
  for (const prop of children(pattern, 'properties')) {
    const node = prop.node;
    if (node.type !== 'ObjectProperty') continue;
    const value = node.value.type === 'AssignmentPattern' ? child(prop, 'value.left') : child(prop, 'value');
    if (value.node.type === 'Identifier' && value.node.name === name) return value;
  }
  return undefined;
}

function namespaceOf(at: NodePath, specifier: string): ModuleValue | undefined {
  const target = importedModule(at, specifier);
  return target && { namespace: target };
}

/** `module.exports = v`, `module.exports.name = v`, `exports.name = v`. */
function fromCommonJs(expression: NodePath, name: string, hops: number): ModuleValue | undefined {
  const node = expression.node;
  if (node.type !== 'AssignmentExpression' || node.operator !== '=') return undefined;
  const left = unwrapNode(node.left);
  const right = child(expression, 'right');
  if (isModuleExports(left)) {
    if (name === 'default') return { path: right };
    return propertyOfValue({ path: right }, name, hops);
  }
  if (left.type === 'MemberExpression' && memberName(left) === name && name !== 'default') {
    const object = unwrapNode(left.object);
    if (isModuleExports(object) || (object.type === 'Identifier' && object.name === 'exports' && !expression.scope.getBinding('exports'))) {
      return { path: right };
    }
  }
  return undefined;
}

/** The property `name` of an exported value: an object literal's property, or a re-required module's export. */
function propertyOfValue(value: ModuleValue, name: string, hops: number): ModuleValue | undefined {
  if ('namespace' in value) return exportedValue(value.namespace, name, hops + 1);
  const node = unwrapNode(value.path.node);
  if (node.type === 'ObjectExpression') {
    const props = children(value.path, 'properties');
    for (let i = props.length - 1; i >= 0; i--) {
      const prop = props[i]!.node;
      if (prop.type === 'SpreadElement') return undefined;
      if (prop.type === 'ObjectProperty' && propertyName(prop.key, prop.computed) === name) return { path: child(props[i]!, 'value') };
    }
    return undefined;
  }
  const specifier = requireSpecifier(value.path);
  if (specifier !== undefined) {
    const inner = requiredValue(value.path, specifier);
    return inner && propertyOfValue(inner, name, hops + 1);
  }
  // `module.exports = config` with a local const: the caller resolves the identifier's property itself.
  return undefined;
}

/** `module.exports = v` / `export = v`: the whole export's expression. */
export function commonJsExport(module: ModuleHandle): ModuleValue | undefined {
  for (const statement of children(module.program(), 'body')) {
    if (statement.node.type === 'TSExportAssignment') return { path: child(statement, 'expression') };
    if (statement.node.type !== 'ExpressionStatement') continue;
    const expression = child(statement, 'expression');
    const node = expression.node;
    if (node.type === 'AssignmentExpression' && node.operator === '=' && isModuleExports(unwrapNode(node.left))) return { path: child(expression, 'right') };
  }
  return undefined;
}

function hasEsmDefault(program: NodePath): boolean {
  return children(program, 'body').some((s) => s.node.type === 'ExportDefaultDeclaration' || s.node.type === 'TSExportAssignment' || isCommonJsAssignment(s.node));
}

function isCommonJsAssignment(node: Node): boolean {
  return node.type === 'ExpressionStatement' && node.expression.type === 'AssignmentExpression' && isModuleExports(unwrapNode(node.expression.left));
}

function isModuleExports(node: Node): boolean {
  return node.type === 'MemberExpression' && memberName(node) === 'exports' && node.object.type === 'Identifier' && node.object.name === 'module';
}

/** `require('x')` / `import('x')` / `await import('x')`: the specifier. */
export function requireSpecifier(path: NodePath): string | undefined {
  let node = unwrapNode(path.node);
  if (node.type === 'AwaitExpression') node = unwrapNode(node.argument);
  if (node.type !== 'CallExpression') return undefined;
  // A JSON file read and parsed is a module like a required one.
  const json = readJsonSpecifier(path);
  if (json !== undefined) return json;
  return requireCallSpecifier(path);
}
/**
 * `JSON.parse(fs.readFileSync(path.join(__dirname, '../config/app.json'), 'utf8'))` (or a plain relative
 * path, taken from the reading module's folder): the JSON file, as a relative specifier.
 */
export function readJsonSpecifier(call: NodePath): string | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length < 1) return undefined;
  const callee = unwrapNode(node.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'parse' || unwrapNode(callee.object).type !== 'Identifier' || (unwrapNode(callee.object) as { name: string }).name !== 'JSON') return undefined;
  let read = unwrapNode(node.arguments[0]!);
  if (read.type === 'CallExpression' && read.callee.type === 'MemberExpression' && memberName(read.callee) === 'toString') read = unwrapNode(read.callee.object);
  if (read.type !== 'CallExpression') return undefined;
  const reader = unwrapNode(read.callee);
  const readerName = reader.type === 'Identifier' ? reader.name : reader.type === 'MemberExpression' ? memberName(reader) : undefined;
  if (readerName !== 'readFileSync' || !read.arguments[0]) return undefined;
  const target = unwrapNode(read.arguments[0]);
  let parts: string[] | undefined;
  const literal = staticString(target);
  if (literal !== undefined) parts = [literal];
  else if (target.type === 'CallExpression' && target.callee.type === 'MemberExpression' && ['join', 'resolve'].includes(memberName(target.callee) ?? '')) {
    const [first, ...rest] = target.arguments;
    const names = rest.map((a) => staticString(a));
    if (first?.type === 'Identifier' && first.name === '__dirname' && names.every((n): n is string => n !== undefined)) parts = names;
  }
  const joined = parts?.join('/').replace(/\/{2,}/g, '/');
  if (!joined || !joined.endsWith('.json') || joined.startsWith('/')) return undefined;
  return joined.startsWith('.') ? joined : `./${joined}`;
}


