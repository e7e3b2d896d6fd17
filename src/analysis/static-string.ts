import type { Node } from '@babel/types';
import { unwrapNode } from './unwrap.js';

/**
 * The compile-time string value of a node: a string literal, a template literal without
 * expressions, or a `+` concatenation of those. Anything else is not a constant string.
 */
export function staticString(node: Node): string | undefined {
  const n = unwrapNode(node);
  if (n.type === 'StringLiteral') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  if (n.type === 'BinaryExpression' && n.operator === '+' && n.left.type !== 'PrivateName') {
    const left = staticString(n.left);
    const right = left === undefined ? undefined : staticString(n.right);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  return undefined;
}
