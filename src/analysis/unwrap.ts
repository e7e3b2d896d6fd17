import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';

/** Type-only and grouping wrappers that do not change a value: `x as T`, `x!`, `(x)`, `<T>x`, `x satisfies T`. */
const TRANSPARENT = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
  'TypeCastExpression',
]);

export function unwrapPath(path: NodePath): NodePath {
  let current = path;
  while (TRANSPARENT.has(current.node.type)) current = child(current, 'expression');
  return current;
}

export function unwrapNode(node: Node): Node {
  let current = node;
  while (TRANSPARENT.has(current.type)) current = (current as unknown as { expression: Node }).expression;
  return current;
}

/** The name of a non-computed property or a computed property with a string-literal key. */
export function propertyName(node: Node, computed: boolean): string | undefined {
  if (!computed && node.type === 'Identifier') return node.name;
  if (node.type === 'StringLiteral') return node.value;
  if (computed && node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The static name of a member expression's property (`a.b`, `a['b']`), if any. */
export function memberName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  return propertyName(node.property, node.computed);
}

/**
 * `path.get(key)` typed loosely. Typing `get` against the union of every Babel node type costs the
 * TypeScript checker seconds per call site (minutes in all); analysis code checks node types itself.
 */
export function child(path: NodePath, key: string): NodePath {
  return (path as unknown as { get(key: string): NodePath }).get(key);
}

export function children(path: NodePath, key: string): NodePath[] {
  return (path as unknown as { get(key: string): NodePath[] }).get(key);
}

/** `x.state.secret` ends with `['state', 'secret']`: the member path ends with these names, on any receiver. */
export function memberPathEndsWith(node: Node, suffix: readonly string[]): boolean {
  let current = unwrapNode(node);
  for (let i = suffix.length - 1; i >= 0; i--) {
    if (current.type !== 'MemberExpression' || memberName(current) !== suffix[i]) return false;
    current = unwrapNode(current.object);
  }
  return true;
}
