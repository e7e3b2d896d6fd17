/**
 * Follows an expression to an object literal and a property path inside it:
 * `config.jwt.secret` with `const config = { jwt: { secret: … } }`. Only through bindings that are
 * never reassigned and objects that are never written to, so the value found is the value used.
 */
import type { Binding, NodePath } from '@babel/traverse';
import type { Node } from '@babel/types';
import { child, children, propertyName, unwrapPath } from './unwrap.js';

const MAX_DEPTH = 10;

export interface ResolvedProperty {
  path: NodePath;
}

/** The value path of `property` inside the object `objectPath` evaluates to. */
export function resolveObjectProperty(objectPath: NodePath, property: readonly string[]): ResolvedProperty | undefined {
  let current = objectPath;
  for (const name of property) {
    const object = resolveObjectLiteral(current, 0);
    const value = object && findProperty(object.path, name);
    if (!value) return undefined;
    current = value;
  }
  return { path: current };
}

/** The object literal an expression evaluates to: a literal, a const binding, or a property of one. */
export function resolveObjectLiteral(path: NodePath, depth: number): ResolvedProperty | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const p = unwrapPath(path);
  const node = p.node;
  if (node.type === 'ObjectExpression') return { path: p };
  if (node.type === 'Identifier') {
    const binding = p.scope.getBinding(node.name);
    const init = binding && constantInit(binding);
    if (!init || isMutated(binding, p.node)) return undefined;
    const inner = resolveObjectLiteral(init, depth + 1);
    return inner;
  }
  if (node.type === 'MemberExpression' && !node.computed) {
    const name = propertyName(node.property, node.computed);
    const parent = name === undefined ? undefined : resolveObjectLiteral(child(p, 'object'), depth + 1);
    const value = parent && name !== undefined ? findProperty(parent.path, name) : undefined;
    const inner = value && resolveObjectLiteral(value, depth + 1);
    return inner;
  }
  return undefined;
}

/** The initialiser of a `const` (or never-reassigned `let`/`var`) declared with a plain identifier. */
export function constantInit(binding: Binding): NodePath | undefined {
  if (!binding.constant) return undefined;
  const decl = binding.path;
  if (decl.node.type !== 'VariableDeclarator' || decl.node.id.type !== 'Identifier' || !decl.node.init) return undefined;
  return child(decl, 'init');
}

/**
 * The value of the last property named `name`. A spread after it could override it, and a
 * getter or method is not a stored value: both give up rather than guess.
 */
function findProperty(object: NodePath, name: string): NodePath | undefined {
  const props = children(object, 'properties');
  for (let i = props.length - 1; i >= 0; i--) {
    const prop = props[i]!;
    const node = prop.node;
    if (node.type === 'SpreadElement') return undefined;
    if (node.type === 'ObjectProperty' && propertyName(node.key, node.computed) === name) {
      return child(prop, 'value');
    }
    if (node.type === 'ObjectMethod' && propertyName(node.key, node.computed) === name) return undefined;
  }
  return undefined;
}

/**
 * True when the object may change after its literal: a reference writes into it (`x.a = …`,
 * `({ k: x.a } = …)`, `x.a++`, `delete x.a`), or the object itself escapes (passed to a call such as
 * `merge(x, env)` or `Object.defineProperty(x, …)`, aliased, returned). Spreading it copies it, and
 * exporting it shares it for reading; both are fine. `use` is the reference being resolved.
 */
function isMutated(binding: Binding, use: Node): boolean {
  return binding.referencePaths.some((ref) => {
    if (ref.node === use) return false; // the use being resolved (e.g. the options passed to the sink)
    if (ref.node.type !== 'Identifier') return false; // Babel records `export const x` as a reference from the export statement
    let top: NodePath = ref;
    while (top.parentPath?.node.type === 'MemberExpression' && (top.parentPath.node as { object: Node }).object === top.node) {
      top = top.parentPath;
    }
    const parent = top.parentPath;
    if (!parent) return false;
    if (top === ref) return !isReadOnlyUse(parent.node, top.node);
    if (parent.node.type === 'UnaryExpression' && parent.node.operator === 'delete') return true;
    if (parent.node.type === 'UpdateExpression') return true;
    return isWriteTarget(top.node, parent.node, parent.parentPath?.node);
  });
}

/** Is `node` (a member expression) written by its parent: assignment, destructuring or loop target? */
function isWriteTarget(node: Node, parent: Node, grandparent: Node | undefined): boolean {
  switch (parent.type) {
    case 'AssignmentExpression':
    case 'AssignmentPattern':
    case 'ForInStatement':
    case 'ForOfStatement':
      return parent.left === node;
    case 'ArrayPattern':
    case 'RestElement':
      return true;
    case 'ObjectProperty':
      return parent.value === node && grandparent?.type === 'ObjectPattern';
    default:
      return false;
  }
}

/** Uses of the bare object that cannot change it: member reads are handled by the caller. */
function isReadOnlyUse(parent: Node, node: Node): boolean {
  switch (parent.type) {
    case 'SpreadElement':
    case 'ExportSpecifier':
    case 'ExportDefaultDeclaration':
    case 'UnaryExpression': // typeof x, void x
    case 'BinaryExpression': // x === y, 'k' in x
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
      return true;
    case 'MemberExpression':
      return parent.object === node;
    default:
      return false;
  }
}
