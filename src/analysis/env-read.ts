/** Reads of the environment: the one place that says what counts as `process.env.X`. */
import type { Node } from '@babel/types';
import { memberName, unwrapNode } from './unwrap.js';

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`, `Bun.env.X`: the variable name X. */
export function envVariableName(node: Node): string | undefined {
  if (node.type === 'MemberExpression' && isEnvObject(unwrapNode(node.object))) return memberName(node);
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && memberName(node.callee) === 'get') {
    // Deno.env.get('X')
    const obj = node.callee.object;
    const arg = node.arguments[0];
    if (obj.type === 'MemberExpression' && memberName(obj) === 'env' && obj.object.type === 'Identifier' && obj.object.name === 'Deno') {
      return arg?.type === 'StringLiteral' ? arg.value : '';
    }
  }
  return undefined;
}

export function isEnvObject(node: Node): boolean {
  if (node.type !== 'MemberExpression' || memberName(node) !== 'env') return false;
  const obj = node.object;
  if (obj.type === 'Identifier') return obj.name === 'process' || obj.name === 'Bun';
  return obj.type === 'MetaProperty' && obj.meta.name === 'import' && obj.property.name === 'meta';
}

