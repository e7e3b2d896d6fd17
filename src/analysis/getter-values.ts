/**
 * `settings.signingKey` with `const settings = { get signingKey() { return '…' } }`: what the getter of
 * an object literal returns. (Class getters are read with the class's fields: value-sources.ts.)
 */
import type { NodePath } from '../ast/node-path.js';
import { elementKey, isGetter } from './class-members.js';
import { resolveObjectLiteral } from './resolve-object.js';
import { returnedValues } from './value-sources.js';
import { children } from './unwrap.js';

export function objectGetterValues(object: NodePath, name: string): NodePath[] {
  const resolved = resolveObjectLiteral(object, 0);
  if (!resolved || !('path' in resolved) || resolved.path.node.type !== 'ObjectExpression') return [];
  const props = children(resolved.path, 'properties');
  for (let i = props.length - 1; i >= 0; i--) {
    const node = props[i]!.node;
    if (node.type === 'SpreadElement') return []; // it could hold the property: unknown
    if (elementKey(node) !== name || (node.type === 'ObjectMethod' && node.kind === 'set')) continue;
    return isGetter(node, name) ? returnedValues(props[i]!) : [];
  }
  return [];
}
