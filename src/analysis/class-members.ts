/**
 * Names of class (and object literal) members as the resolver keys them: `secret`, or `#secret` for an
 * ES private name (`this.#secret`), which no string key can spell, so the two never collide.
 */
import type { Node } from '@babel/types';
import { memberName, propertyName } from './unwrap.js';

/** The key of a class element or object member: a field, method or accessor. */
export function elementKey(node: Node): string | undefined {
  switch (node.type) {
    case 'ClassPrivateProperty':
    case 'ClassPrivateMethod':
      return `#${node.key.id.name}`;
    case 'ClassProperty':
    case 'ClassMethod':
    case 'ObjectProperty':
    case 'ObjectMethod':
      return propertyName(node.key, node.computed);
    default:
      return undefined;
  }
}

/** The key a member expression reads: `a.b` / `a['b']`, or `#b` for `a.#b`. */
export function memberKey(node: Node): string | undefined {
  if ((node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && node.property.type === 'PrivateName') return `#${node.property.id.name}`;
  return memberName(node);
}

/** A `get name()` accessor (static or not as asked) of a class or an object literal. */
export function isGetter(node: Node, name: string, isStatic = false): boolean {
  if (node.type !== 'ClassMethod' && node.type !== 'ClassPrivateMethod' && node.type !== 'ObjectMethod') return false;
  if (node.kind !== 'get' || elementKey(node) !== name) return false;
  return node.type === 'ObjectMethod' || Boolean(node.static) === isStatic;
}
