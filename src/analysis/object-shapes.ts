/**
 * The "object-like" values a property can be read from besides a plain object literal, and how a
 * property is looked up in each: an object literal with spreads (`{ ...defaults, secret }`),
 * `Object.assign(target, ...sources)`, `Object.freeze(obj)` and TypeScript enums (`Keys.Access`).
 *
 * A lookup has three outcomes: the value, `'absent'` (provably not there, so an earlier source
 * decides) or `undefined` (unknown: a spread or source we cannot read could hold it; give up).
 * Later sources override earlier ones, so a literal followed by an unknown spread is never the value.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { staticString } from './static-string.js';
import { child, children, memberName, propertyName, unwrapNode } from './unwrap.js';

export type PropertyLookup<V> = V | 'absent' | undefined;

/** `Object.assign(…)` / `Object.freeze(x)` with the global `Object`: the method name. */
function objectMethodCall(path: NodePath): 'assign' | 'freeze' | undefined {
  const node = path.node;
  if (node.type !== 'CallExpression' || node.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
  const callee = unwrapNode(node.callee);
  if (callee.type !== 'MemberExpression' || unwrapNode(callee.object).type !== 'Identifier') return undefined;
  if ((unwrapNode(callee.object) as { name: string }).name !== 'Object' || path.scope.getBinding('Object')) return undefined;
  const method = memberName(callee);
  if (method === 'assign' && node.arguments.length > 0) return 'assign';
  if (method === 'freeze' && node.arguments.length === 1) return 'freeze';
  return undefined;
}

/** `Object.freeze(x)` returns x itself: the argument to follow instead. */
export function frozenArgument(path: NodePath): NodePath | undefined {
  return objectMethodCall(path) === 'freeze' ? children(path, 'arguments')[0] : undefined;
}

/** Object literals, `Object.assign(…)` calls and (non-ambient) enum declarations hold properties of their own. */
export function isObjectShape(path: NodePath): boolean {
  const node = path.node;
  if (node.type === 'ObjectExpression') return true;
  if (node.type === 'TSEnumDeclaration') return !node.declare;
  return objectMethodCall(path) === 'assign';
}

/**
 * The value of property `name` of an object shape. `lookup` looks the property up in a spread
 * argument or an `Object.assign` source (any expression), with the same three outcomes.
 */
export function ownProperty<V>(shape: NodePath, name: string, valueOf: (path: NodePath) => V, lookup: (source: NodePath) => PropertyLookup<V>): PropertyLookup<V> {
  const node = shape.node;
  if (node.type === 'TSEnumDeclaration') {
    const member = children(shape, 'members').find((m) => enumMemberName(m.node) === name);
    if (!member) return 'absent';
    // A member without a string initialiser is a number (or computed from other members): not a key.
    return member.node.type === 'TSEnumMember' && member.node.initializer && staticString(member.node.initializer) !== undefined ? valueOf(child(member, 'initializer')) : undefined;
  }
  if (node.type === 'CallExpression') {
    // Object.assign: the last source holding the property wins.
    const sources = children(shape, 'arguments');
    for (let i = sources.length - 1; i >= 0; i--) {
      const found = lookup(sources[i]!);
      if (found !== 'absent') return found;
    }
    return 'absent';
  }
  const props = children(shape, 'properties');
  for (let i = props.length - 1; i >= 0; i--) {
    const prop = props[i]!;
    const p = prop.node;
    if (p.type === 'SpreadElement') {
      const found = lookup(child(prop, 'argument'));
      if (found !== 'absent') return found;
      continue;
    }
    if (p.type !== 'ObjectProperty' && p.type !== 'ObjectMethod') continue;
    const key = propertyName(p.key, p.computed);
    // `{ [name]: v }` after the property could replace it.
    if (key === undefined && p.computed && !isStaticKeyExpression(p.key)) return undefined;
    if (key !== name) continue;
    // A method or accessor is no stored value (getters are read through getterValues).
    return p.type === 'ObjectProperty' ? valueOf(child(prop, 'value')) : undefined;
  }
  return 'absent';
}

/** The names of the own properties an object shape is known to have (spread sources through `namesOf`). */
export function ownPropertyNames(shape: NodePath, namesOf: (source: NodePath) => string[]): string[] {
  const node = shape.node;
  if (node.type === 'TSEnumDeclaration') return node.members.flatMap((m) => enumMemberName(m) ?? []);
  if (node.type === 'CallExpression') return children(shape, 'arguments').flatMap(namesOf);
  return children(shape, 'properties').flatMap((prop) => {
    const p = prop.node;
    if (p.type === 'SpreadElement') return namesOf(child(prop, 'argument'));
    if (p.type === 'ObjectProperty' || p.type === 'ObjectMethod') return propertyName(p.key, p.computed) ?? [];
    return [];
  });
}

function enumMemberName(member: Node): string | undefined {
  if (member.type !== 'TSEnumMember') return undefined;
  return member.id.type === 'Identifier' ? member.id.name : member.id.value;
}

/** A computed key that cannot be a string name (`[Symbol.iterator]`, a number). */
function isStaticKeyExpression(key: Node): boolean {
  const k = unwrapNode(key);
  return k.type === 'NumericLiteral' || (k.type === 'MemberExpression' && unwrapNode(k.object).type === 'Identifier' && (unwrapNode(k.object) as { name: string }).name === 'Symbol');
}


/**
 * True when `arg` is read, not changed, by the call `call`: a source of `Object.assign(target, …sources)`
 * (only the target is written) or the argument of `Object.freeze` (which returns it unchanged).
 */
export function isReadOnlyObjectArgument(call: NodePath, arg: Node): boolean {
  const method = objectMethodCall(call);
  const args = (call.node as { arguments: Node[] }).arguments;
  return (method === 'assign' && args.indexOf(arg) > 0) || method === 'freeze';
}
