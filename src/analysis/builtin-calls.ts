/**
 * Node built-ins that load a module or hand back the same function under another name:
 * `require('m')`, a `require` made by `createRequire(import.meta.url)` (from 'module' / 'node:module'),
 * `import('m')`, `util.promisify(f)` and `f.bind(thisArg)`. Recognised syntactically (no module
 * resolution), so module-exports.ts and module-ref.ts can both use them.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { child, children, memberName, propertyName, unwrapNode, unwrapPath } from './unwrap.js';
import { destructuredKey } from './module-ref.js';

const MODULE_BUILTIN = ['module', 'node:module'];
const UTIL_BUILTIN = ['util', 'node:util'];
const MAX_ALIAS_DEPTH = 4;

/** `require('m')` / `import('m')` / `createRequire(import.meta.url)('m')` (possibly awaited): the specifier. */
export function requireCallSpecifier(path: NodePath): string | undefined {
  let p = unwrapPath(path);
  if (p.node.type === 'AwaitExpression') p = unwrapPath(child(p, 'argument'));
  const node = p.node;
  if (node.type !== 'CallExpression') return undefined;
  const first = node.arguments[0];
  if (first?.type !== 'StringLiteral') return undefined;
  if (node.callee.type === 'Import') return first.value;
  return isRequireFunction(child(p, 'callee'), first.value, 0) ? first.value : undefined;
}

/**
 * The global `require` (not shadowed), or one made by `createRequire(…)`, directly or through a
 * const (`const require = createRequire(import.meta.url)`). A relative specifier only counts when
 * the made `require` resolves from this very file (`import.meta.url`, `__filename`).
 */
function isRequireFunction(callee: NodePath, specifier: string, depth: number): boolean {
  if (depth > MAX_ALIAS_DEPTH) return false;
  const p = unwrapPath(callee);
  const node = p.node;
  if (node.type === 'CallExpression') return isCreateRequireCall(p, specifier);
  if (node.type !== 'Identifier') return false;
  const binding = p.scope.getBinding(node.name);
  if (!binding) return node.name === 'require';
  const decl = binding.path.node;
  if (!binding.constant || decl.type !== 'VariableDeclarator' || decl.id.type !== 'Identifier' || !decl.init) return false;
  return isRequireFunction(child(binding.path, 'init'), specifier, depth + 1);
}

function isCreateRequireCall(call: NodePath, specifier: string): boolean {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length !== 1) return false;
  if (!isBuiltinExport(child(call, 'callee'), MODULE_BUILTIN, 'createRequire')) return false;
  return !specifier.startsWith('.') || isThisFileUrl(children(call, 'arguments')[0]!);
}

/** `import.meta.url` or the CommonJS `__filename`. */
function isThisFileUrl(path: NodePath): boolean {
  const node = unwrapNode(path.node);
  if (node.type === 'Identifier') return node.name === '__filename' && !path.scope.getBinding('__filename');
  return node.type === 'MemberExpression' && memberName(node) === 'url' && node.object.type === 'MetaProperty' && node.object.property.name === 'meta';
}

/**
 * Does `path` name export `name` of one of the built-in `modules`? `createRequire` imported or
 * destructured from 'module', `module.createRequire` with the namespace imported or required, and
 * const aliases of these.
 */
export function isBuiltinExport(path: NodePath, modules: readonly string[], name: string, depth = 0): boolean {
  if (depth > MAX_ALIAS_DEPTH) return false;
  const p = unwrapPath(path);
  const node = p.node;
  if (node.type === 'MemberExpression') return memberName(node) === name && isBuiltinModule(child(p, 'object'), modules, depth + 1);
  if (node.type !== 'Identifier') return false;
  const binding = p.scope.getBinding(node.name);
  if (!binding) return false;
  const decl = binding.path;
  const d = decl.node;
  if (d.type === 'ImportSpecifier') {
    const parent = decl.parent;
    return d.importKind !== 'type' && propertyName(d.imported, false) === name && parent.type === 'ImportDeclaration' && parent.importKind !== 'type' && modules.includes(parent.source.value);
  }
  if (d.type !== 'VariableDeclarator' || !binding.constant || !d.init) return false;
  if (d.id.type === 'Identifier') return isBuiltinExport(child(decl, 'init'), modules, name, depth + 1);
  // const { createRequire } = require('module')
  return destructuredKey(d.id, node.name) === name && isBuiltinModule(child(decl, 'init'), modules, depth + 1);
}

/** `util` after `import util from 'util'` / `import * as util` / `const util = require('util')`, or `require('util')` itself. */
function isBuiltinModule(path: NodePath, modules: readonly string[], depth: number): boolean {
  if (depth > MAX_ALIAS_DEPTH) return false;
  const p = unwrapPath(path);
  const node = p.node;
  if (node.type === 'CallExpression') {
    const first = node.arguments[0];
    const callee = node.callee;
    return first?.type === 'StringLiteral' && modules.includes(first.value) && callee.type === 'Identifier' && callee.name === 'require' && !p.scope.getBinding('require');
  }
  if (node.type !== 'Identifier') return false;
  const binding = p.scope.getBinding(node.name);
  if (!binding) return false;
  const decl = binding.path;
  const d = decl.node;
  if (d.type === 'ImportDefaultSpecifier' || d.type === 'ImportNamespaceSpecifier') {
    const parent = decl.parent;
    return parent.type === 'ImportDeclaration' && parent.importKind !== 'type' && modules.includes(parent.source.value);
  }
  if (d.type === 'TSImportEqualsDeclaration') return d.moduleReference.type === 'TSExternalModuleReference' && modules.includes(d.moduleReference.expression.value);
  if (d.type !== 'VariableDeclarator' || d.id.type !== 'Identifier' || !binding.constant || !d.init) return false;
  return isBuiltinModule(child(decl, 'init'), modules, depth + 1);
}

/**
 * For a call that returns its argument's function under another name, the expression of that
 * function: `util.promisify(f)` (the promise form takes the same arguments, the callback dropped)
 * and `f.bind(thisArg)` (a `bind` that also fixes arguments shifts them, so it does not count).
 */
export function aliasedFunction(call: NodePath): NodePath | undefined {
  const p = unwrapPath(call);
  const node = p.node;
  if (node.type !== 'CallExpression' || node.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
  const callee = unwrapNode(node.callee);
  if (callee.type === 'MemberExpression' && memberName(callee) === 'bind' && node.arguments.length <= 1) {
    return child(unwrapPath(child(p, 'callee')), 'object');
  }
  if (node.arguments.length === 1 && isBuiltinExport(child(p, 'callee'), UTIL_BUILTIN, 'promisify')) return children(p, 'arguments')[0];
  return undefined;
}
