/**
 * Field-based links between modules: `config.http.jwtSecret` reaches `jwt.verify` in one package, and
 * `{ http: { jwtSecret: process.env.JWT_SECRET || DEFAULT_SECRET } }` is written in another, with no
 * import the resolver can follow between them (a config loader, dependency injection, a framework).
 * A literal written at a property path is linked to a read of the same path. To stay precise the
 * paths must agree on their last two properties, or on one property whose name says JWT key.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { memberName, propertyName } from './unwrap.js';

const TRANSPARENT = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression', 'TSNonNullExpression']);
const MAX_SEGMENTS = 8;

/**
 * The property path a property of an object literal is written at: its keys from the outermost
 * literal, and for `config.jwt = { secret }` the properties assigned to (`['jwt', 'secret']`).
 */
export function writtenPath(property: NodePath): string[] | undefined {
  const segments: string[] = [];
  let current: NodePath | null = property;
  while (current && current.node.type === 'ObjectProperty' && segments.length < MAX_SEGMENTS) {
    const key = propertyName(current.node.key, current.node.computed);
    if (key === undefined) return undefined;
    segments.unshift(key);
    let holder: NodePath | null = current.parentPath; // the ObjectExpression
    holder = holder?.parentPath ?? null;
    while (holder && TRANSPARENT.has(holder.node.type)) holder = holder.parentPath;
    if (holder?.node.type === 'AssignmentExpression') segments.unshift(...assignedMembers(holder.node.left));
    current = holder;
  }
  return segments;
}

/** `config.auth.jwt` -> `['auth', 'jwt']` (the root variable is not part of the path). */
function assignedMembers(left: Node): string[] {
  const names: string[] = [];
  let current: Node = left;
  while (current.type === 'MemberExpression') {
    const name = memberName(current);
    if (name === undefined) return [];
    names.unshift(name);
    current = current.object;
  }
  return names;
}

/**
 * A registry read: `getMetadata(serverPlugin.metadata.Secret)`, a `get<Name>` function or method
 * whose only argument is a constant member path (a key object, not a string). The write is
 * `set<Name>(key, value)` with a key of the same path (`registryWrite`).
 */
export function registryRead(call: NodePath): { registry: string; segments: string[] } | undefined {
  return registryCall(call, 'get', 1);
}

/** `setMetadata(serverToken.metadata.Secret, value)`: the registry, the key path and the value. */
export function registryWrite(call: NodePath): { registry: string; segments: string[]; value: NodePath } | undefined {
  const found = registryCall(call, 'set', 2);
  const value = found && (call as unknown as { get(key: string): NodePath[] }).get('arguments')[1];
  return found && value ? { ...found, value } : undefined;
}

/** `getFoo` / `setFoo`: made once (this runs on every call expression of every parsed file). */
const REGISTRY_VERB = { get: /^get([A-Z]\w*)$/, set: /^set([A-Z]\w*)$/ } as const;

function registryCall(call: NodePath, verb: 'get' | 'set', arity: number): { registry: string; segments: string[] } | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length !== arity) return undefined;
  const callee = node.callee.type === 'MemberExpression' ? memberName(node.callee) : node.callee.type === 'Identifier' ? node.callee.name : undefined;
  const match = callee === undefined ? null : REGISTRY_VERB[verb].exec(callee);
  const key = node.arguments[0];
  if (!match || !key || key.type !== 'MemberExpression') return undefined;
  const segments = assignedMembers(key);
  return segments.length >= 2 ? { registry: match[1]!, segments } : undefined;
}

/** The keys a path is looked up by: its last two properties, and its last alone when that name says JWT key. */
export function pathKeys(segments: readonly string[], saysJwtKey: (name: string) => boolean): string[] {
  const keys: string[] = [];
  if (segments.length >= 2) keys.push(segments.slice(-2).join('.'));
  const last = segments.at(-1);
  if (last !== undefined && saysJwtKey(last)) keys.push(last);
  return keys;
}
