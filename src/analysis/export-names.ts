/**
 * The names other modules call a function by: `export function f`, `export const f = ...`, export
 * lists, `export default`, CommonJS `module.exports = f | { f }`, `exports.f = ...`, and a method of an
 * exported object literal (`export const auth = { sign() {} }` -> `auth.sign`). `default` is the
 * whole module for CommonJS (`require('./sign')(p, key)`). Read from the AST; nothing is run.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { constantInit } from './resolve-object.js';
import { child, children, memberName, propertyName, unwrapNode, unwrapPath } from './unwrap.js';

/** How other modules reach a function: a dotted export path, or `method` of instances of the exported class `export`. */
export interface ExportedName {
  export: string;
  kind?: 'instance';
  method?: string;
}

/** The names under which the module of `fn` exports it (empty when it does not). */
export function exportNamesOf(fn: NodePath): ExportedName[] {
  const program = fn.scope.getProgramParent().path;
  const names = new Map<string, ExportedName>();
  const put = (name: ExportedName) => names.size < 8 && names.set(`${name.export}#${name.method ?? ''}`, name);
  const holder = objectHolder(fn);
  const method = classMethod(fn);
  const add = (name: string, value: NodePath | undefined) => {
    if (!value) return;
    if (namesFunction(value, fn)) put({ export: name });
    // `export const auth = { sign(p, key) {} }`: the method is `auth.sign`.
    if (holder && namesObject(value, holder.object)) put({ export: name === 'default' ? holder.key : `${name}.${holder.key}` });
    // `export class Tokens { static sign(p, key) {} ; issue(p, key) {} }`: `Tokens.sign`, and `issue` on instances.
    if (method && namesObject(value, method.cls)) {
      if (method.static) put({ export: name === 'default' ? method.name : `${name}.${method.name}` });
      else if (name !== 'default') put({ export: name, kind: 'instance', method: method.name });
    }
  };
  for (const statement of children(program, 'body')) {
    const node = statement.node;
    if (node.type === 'ExportNamedDeclaration' && !node.source) {
      const declaration = node.declaration;
      if ((declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') && declaration.id) add(declaration.id.name, child(statement, 'declaration'));
      if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of children(statement, 'declaration.declarations')) {
          const d = declarator.node;
          if (d.type === 'VariableDeclarator' && d.id.type === 'Identifier' && d.init) add(d.id.name, child(declarator, 'init'));
        }
      }
      for (const specifier of children(statement, 'specifiers')) {
        const s = specifier.node;
        if (s.type !== 'ExportSpecifier') continue;
        const exported = s.exported.type === 'Identifier' ? s.exported.name : s.exported.value;
        add(exported, child(specifier, 'local'));
      }
    } else if (node.type === 'ExportDefaultDeclaration') {
      add('default', child(statement, 'declaration'));
    } else if (node.type === 'TSExportAssignment') {
      add('default', child(statement, 'expression'));
    } else if (node.type === 'ExpressionStatement') {
      commonJsExport(child(statement, 'expression'), add);
    }
  }
  return [...names.values()];
}

/** For a method of a class: the class node, the method's name and whether it is static. */
function classMethod(fn: NodePath): { cls: Node; name: string; static: boolean } | undefined {
  const node = fn.node;
  const cls = fn.parentPath?.parentPath?.node;
  if (node.type !== 'ClassMethod' || node.kind !== 'method' || !cls || (cls.type !== 'ClassDeclaration' && cls.type !== 'ClassExpression')) return undefined;
  const name = propertyName(node.key, node.computed);
  return name === undefined ? undefined : { cls, name, static: node.static };
}

/** `module.exports = v`, `module.exports = { a, b: v }`, `exports.a = v`, `module.exports.a = v`. */
function commonJsExport(expression: NodePath, add: (name: string, value: NodePath | undefined) => void): void {
  const node = unwrapNode(expression.node);
  if (node.type !== 'AssignmentExpression' || node.operator !== '=') return;
  const left = unwrapNode(node.left);
  const right = child(unwrapPath(expression), 'right');
  if (isModuleExports(left)) {
    add('default', right);
    const value = unwrapPath(right);
    if (value.node.type !== 'ObjectExpression') return;
    for (const prop of children(value, 'properties')) {
      const p = prop.node;
      if (p.type === 'ObjectProperty') add(propertyName(p.key, p.computed) ?? '', child(prop, 'value'));
      if (p.type === 'ObjectMethod') add(propertyName(p.key, p.computed) ?? '', prop);
    }
    return;
  }
  if (left.type !== 'MemberExpression') return;
  const name = memberName(left);
  const object = unwrapNode(left.object);
  if (name !== undefined && ((object.type === 'Identifier' && object.name === 'exports') || isModuleExports(object))) add(name, right);
}

function isModuleExports(node: Node): boolean {
  return node.type === 'MemberExpression' && memberName(node) === 'exports' && unwrapNode(node.object).type === 'Identifier' && (unwrapNode(node.object) as { name: string }).name === 'module';
}

/** Whether `value` evaluates to the function `fn` (the function itself, or a const / declaration naming it). */
function namesFunction(value: NodePath, fn: NodePath): boolean {
  let p = unwrapPath(value);
  for (let hops = 0; hops < 4; hops++) {
    if (p.node === fn.node) return true;
    if (p.node.type !== 'Identifier') return false;
    const binding = p.scope.getBinding(p.node.name);
    if (!binding) return false;
    if (binding.path.node === fn.node) return true;
    const init = constantInit(binding);
    if (!init) return false;
    p = unwrapPath(init);
  }
  return false;
}

/** For a method (or function-valued property) of an object literal: the object and the key. */
function objectHolder(fn: NodePath): { object: Node; key: string } | undefined {
  const node = fn.node;
  const parent = fn.parentPath;
  if (node.type === 'ObjectMethod' && parent?.node.type === 'ObjectExpression') {
    const key = propertyName(node.key, node.computed);
    return key === undefined ? undefined : { object: parent.node, key };
  }
  if (parent?.node.type === 'ObjectProperty' && parent.node.value === node && parent.parentPath?.node.type === 'ObjectExpression') {
    const key = propertyName(parent.node.key, parent.node.computed);
    return key === undefined ? undefined : { object: parent.parentPath.node, key };
  }
  return undefined;
}

function namesObject(value: NodePath, object: Node): boolean {
  let p = unwrapPath(value);
  for (let hops = 0; hops < 4; hops++) {
    if (p.node === object) return true;
    if (p.node.type !== 'Identifier') return false;
    const binding = p.scope.getBinding(p.node.name);
    if (binding?.path.node === object) return true; // a class declaration
    const init = binding && constantInit(binding);
    if (!init) return false;
    p = unwrapPath(init);
  }
  return false;
}
