/**
 * Calls that only read the key object they are given: the JWT libraries of the sink catalogue the
 * rule is resolving with. An options or key object passed to two sink calls
 * (`JWS.sign(alg, h, p, KEY)`, `JWS.verifyJWT(t, KEY, …)`) is not changed by either, unlike one
 * passed to an unknown function (`_.merge(opts, env)`), which may write it.
 *
 * The set is the catalogue's, given for the time of one resolution (`withKeyConsumers`), so the
 * analysis holds no library names of its own.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { resolveModuleRef } from './module-ref.js';
import { child } from './unwrap.js';

let consumers: ReadonlySet<string> = new Set();

/** Runs `fn` with `modules` as the packages whose calls only read their arguments. */
export function withKeyConsumers<T>(modules: ReadonlySet<string>, fn: () => T): T {
  const outer = consumers;
  consumers = modules;
  try {
    return fn();
  } finally {
    consumers = outer;
  }
}

/** `node` is an argument of a call (or `new`) of one of those packages. */
export function passedToKeyConsumer(parent: NodePath, node: Node): boolean {
  if (consumers.size === 0) return false;
  const call = parent.node;
  if ((call.type !== 'CallExpression' && call.type !== 'NewExpression') || call.callee === node) return false;
  const ref = resolveModuleRef(child(parent, 'callee'));
  return ref !== undefined && consumers.has(ref.module);
}
