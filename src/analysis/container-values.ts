/**
 * Values picked out of a container: `keys[kind]` on an object literal / Record / enum, `cfg[kind].secret`,
 * and `keys.get(kind)` on a `new Map([[k, v], …])`. A key known only at run time can pick any entry,
 * so the answer is the union of the entries; a key that is a constant picks its own entry only.
 * Entries that may be replaced in ways we cannot see (a spread of an unknown object after them, a
 * write under a run-time key, the container handed to other code) are not provable and are left out.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Binding } from '../ast/scope.js';
import type { Node } from '@babel/types';
import { importBindingValue, requiredValue, requireSpecifier } from './module-exports.js';
import { constantInit, propertyNames, resolveObjectProperty, unchangedValue } from './resolve-object.js';
import { staticString } from './static-string.js';
import { child, children, memberName, unwrapNode, unwrapPath } from './unwrap.js';

const MAX_VALUES = 64;
const MAX_DEPTH = 6;

/** The static name a member expression reads: `a.b`, `a['b']`, or `a[NAME]` with `const NAME = 'b'`. */
export function staticMemberKey(member: NodePath): string | undefined {
  const node = member.node;
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  const name = memberName(node);
  if (name !== undefined || !node.computed) return name;
  return constantString(child(member, 'property'));
}

/** `keys[kind]` (a computed member read): the values the container can hold under the key. */
export function elementValues(member: NodePath, depth = 0): NodePath[] {
  const object = child(member, 'object');
  const key = staticMemberKey(member);
  if (key !== undefined) {
    const single = resolveObjectProperty(object, [key]);
    return single ? [single.path] : [];
  }
  const containers = pickedValues(object, depth + 1) ?? [object];
  const values: NodePath[] = [];
  for (const container of containers) {
    for (const name of propertyNames(container)) {
      if (values.length >= MAX_VALUES) return values;
      const value = resolveObjectProperty(container, [name]);
      if (value) values.push(value.path);
    }
  }
  return values;
}

/** Property `name` of an expression that picks from a container at run time (`cfg[kind].secret`): each entry's. */
export function pickedPropertyValues(object: NodePath, name: string): NodePath[] {
  return (pickedValues(object, 0) ?? []).flatMap((value) => resolveObjectProperty(value, [name])?.path ?? []);
}

/** The values of `expr` when it picks from a container with a run-time key somewhere; undefined when it does not. */
function pickedValues(expr: NodePath, depth: number): NodePath[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const p = unwrapPath(expr);
  const node = p.node;
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    if (node.property.type === 'PrivateName') return undefined;
    const name = staticMemberKey(p);
    if (name === undefined) return elementValues(p, depth + 1);
    const inner = pickedValues(child(p, 'object'), depth + 1);
    return inner?.flatMap((value) => resolveObjectProperty(value, [name])?.path ?? []);
  }
  // `const cfg = configs[env]` / `module.exports = configs[env]` then `cfg.secret` elsewhere.
  if (node.type === 'Identifier') {
    const binding = p.scope.getBinding(node.name);
    const value = binding && unchangedValue(binding, node);
    return value && pickedValues(value, depth + 1);
  }
  const specifier = requireSpecifier(p);
  if (specifier !== undefined) {
    const required = requiredValue(p, specifier);
    return required && 'path' in required ? pickedValues(required.path, depth + 1) : undefined;
  }
  if (node.type === 'CallExpression') return mapGetValues(p)?.values;
  return undefined;
}

/** A const name holding a string: the key of `a[NAME]`. */
function constantString(path: NodePath): string | undefined {
  const p = unwrapPath(path);
  const direct = staticString(p.node);
  if (direct !== undefined || p.node.type !== 'Identifier') return direct;
  const binding = p.scope.getBinding(p.node.name);
  const init = binding && constantInit(binding);
  return init && binding.kind === 'const' ? staticString(init.node) : undefined;
}

/** Map methods that read without changing the map. */
const MAP_READS = new Set(['get', 'has', 'forEach', 'keys', 'values', 'entries', 'size']);

/**
 * `keys.get(k)` on `const keys = new Map([['a', K1], ['b', K2]])` (possibly imported): the value of
 * entry k, or every entry when k is known only at run time. `.set('a', v)` replaces entry a (its
 * constructor value is no longer provable); a `.set` under a run-time key, a `.delete`/`.clear`, or the
 * map handed to other code leaves nothing provable (an empty list: this is a Map, but no literal is sure).
 */
export function mapGetValues(call: NodePath): { name: string; values: NodePath[] } | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length !== 1 || node.arguments[0]!.type === 'SpreadElement') return undefined;
  const callee = unwrapPath(child(call, 'callee'));
  if (callee.node.type !== 'MemberExpression' || memberName(callee.node) !== 'get') return undefined;
  const receiver = unwrapPath(child(callee, 'object'));
  if (receiver.node.type !== 'Identifier') return undefined;
  const bindings = mapBindings(receiver);
  if (!bindings) return undefined;
  const entries = constructorEntries(bindings.map);
  if (!entries) return undefined;
  const name = `${receiver.node.name}.get()`;
  const writes = new Map<string, NodePath[]>();
  for (const binding of bindings.all) {
    for (const ref of binding.referencePaths) {
      if (ref.node === receiver.node || ref.node.type !== 'Identifier') continue;
      const use = mapUse(ref);
      if (use === 'other') return { name, values: [] };
      if (use === 'read') continue;
      if (use.key === undefined) return { name, values: [] }; // `.set(kind, …)`: any entry may be replaced
      writes.set(use.key, [...(writes.get(use.key) ?? []), use.value]);
    }
  }
  const valueOf = (key: string): NodePath[] => writes.get(key) ?? [...entries.byKey.get(key) ?? []];
  const key = constantString(children(call, 'arguments')[0]!);
  if (key !== undefined) {
    // An entry under a run-time key in the constructor could be this one too.
    return { name: `${receiver.node.name}.get('${key}')`, values: entries.dynamic.length > 0 ? [] : valueOf(key) };
  }
  const keys = new Set([...entries.byKey.keys(), ...writes.keys()]);
  const values = [...keys].flatMap(valueOf).concat(entries.dynamic);
  return { name, values: values.slice(0, MAX_VALUES) };
}

/** The binding holding the map (through an import) and every binding whose uses may change it. */
function mapBindings(receiver: NodePath): { map: Binding; all: Binding[] } | undefined {
  const name = (receiver.node as { name: string }).name;
  const binding = receiver.scope.getBinding(name);
  if (!binding) return undefined;
  if (binding.kind !== 'module') return { map: binding, all: [binding] };
  const exported = importBindingValue(binding);
  const id = exported && 'path' in exported ? unwrapPath(exported.path) : undefined;
  const target = id?.node.type === 'Identifier' ? id.scope.getBinding(id.node.name) : undefined;
  return target && target.kind !== 'module' ? { map: target, all: [target, binding] } : undefined;
}

/** `new Map([[k, v], …])` (or `new Map()`): the entries by static key, and values under run-time keys. */
function constructorEntries(binding: Binding): { byKey: Map<string, NodePath[]>; dynamic: NodePath[] } | undefined {
  const init = constantInit(binding);
  const created = init && unwrapPath(init);
  if (created?.node.type !== 'NewExpression') return undefined;
  const callee = unwrapNode(created.node.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'Map' || created.scope.getBinding('Map')) return undefined;
  const byKey = new Map<string, NodePath[]>();
  const dynamic: NodePath[] = [];
  const args = children(created, 'arguments');
  if (args.length === 0) return { byKey, dynamic };
  const list = unwrapPath(args[0]!);
  if (args.length !== 1 || list.node.type !== 'ArrayExpression') return undefined;
  for (const element of children(list, 'elements')) {
    const pair = element.node ? unwrapPath(element) : undefined;
    if (pair?.node.type !== 'ArrayExpression' || pair.node.elements.length !== 2 || pair.node.elements.some((e) => !e || e.type === 'SpreadElement')) return undefined;
    const [keyPath, valuePath] = children(pair, 'elements') as [NodePath, NodePath];
    const key = constantString(keyPath);
    if (key === undefined) dynamic.push(valuePath);
    else byKey.set(key, [valuePath]); // a later pair with the same key replaces the earlier one
  }
  return { byKey, dynamic };
}

/** How a reference to the map uses it: a read, a `.set(key, value)` (key undefined when not static), or anything else. */
function mapUse(ref: NodePath): 'read' | 'other' | { key: string | undefined; value: NodePath } {
  const parent = ref.parentPath;
  if (!parent) return 'other';
  const node: Node = parent.node;
  if (node.type === 'ExportSpecifier' || (node.type === 'MemberExpression' && node.object !== ref.node)) return 'read';
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return 'other';
  const method = memberName(node);
  if (method !== undefined && MAP_READS.has(method)) return 'read';
  const call = parent.parentPath;
  if (method !== 'set' || call?.node.type !== 'CallExpression' || call.node.callee !== node || call.node.arguments.length !== 2) return 'other';
  const [key, value] = children(call, 'arguments') as [NodePath, NodePath];
  return { key: constantString(key), value };
}
