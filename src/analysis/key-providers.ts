/**
 * Functions that yield the key (issue #15). A library that takes a function at a key position calls
 * it for the key: express-jwt `secret: (req, token) => key`, passport-jwt `secretOrKeyProvider:
 * (req, raw, done) => done(null, key)`, jose `jwtVerify(token, async (header) => key)`. The sink
 * catalogue says, per position, how the key comes out (`KeyProvider`); this module finds those
 * expressions in a function. It also reads the methods of option classes (NestJS `useClass`).
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import type { KeyProvider } from './sink-catalogue.js';
import { classOf, returnedValues } from './value-sources.js';
import { child, children, memberName, propertyName, unwrapNode, unwrapPath } from './unwrap.js';

/** An expression a key function hands over as the key, and the hop that says how. */
export interface ProvidedKey {
  path: NodePath;
  label: string;
}

const MAX_KEYS = 16;
const MAX_CLASS_DEPTH = 4;

const FUNCTION_TYPES = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration', 'ClassMethod']);

/** A function (not a generator: it yields an iterator, never a key) whose body this module can read. */
export function isKeyFunction(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type) && !(node as { generator?: boolean }).generator;
}

/** The name a function is declared with (`function getSecret`, a method's key), if any. */
export function functionName(fn: NodePath): string | undefined {
  const node = fn.node;
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return node.id.name;
  if (node.type === 'ClassMethod') return propertyName(node.key, node.computed);
  return undefined;
}

/**
 * The expressions `fn` hands over as the key, as `provider` says the library reads it: its return
 * values, and the second argument of each call of its callback (the last parameter, `done(null, key)`;
 * `done(err)` with one argument hands over no key). `name` labels the function in the hops.
 */
export function providedKeys(fn: NodePath, provider: KeyProvider, name: string): ProvidedKey[] {
  if (!isKeyFunction(fn.node)) return [];
  const out: ProvidedKey[] = [];
  if (provider.returns) {
    for (const value of returnedValues(fn)) {
      const key = resolvedValue(fn, value, provider.returns);
      if (key) out.push({ path: key, label: `returned by ${name}` });
    }
  }
  if (provider.callback) out.push(...callbackKeys(fn, name));
  return out.slice(0, MAX_KEYS);
}

/**
 * What a returned expression gives the library: `Promise.resolve(x)` resolves to x; with `promise`,
 * a plain return of a function that is not async is ignored (fast-jwt awaits only promises).
 */
function resolvedValue(fn: NodePath, value: NodePath, mode: 'value' | 'promise'): NodePath | undefined {
  const resolved = promiseResolveArgument(value);
  if (resolved) return resolved;
  if (mode === 'value') return value;
  return (fn.node as { async?: boolean }).async ? value : undefined;
}

/** `x` of `Promise.resolve(x)` (the global Promise). */
function promiseResolveArgument(value: NodePath): NodePath | undefined {
  const call = unwrapPath(value);
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length !== 1 || node.arguments[0]!.type === 'SpreadElement') return undefined;
  const callee = unwrapNode(node.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'resolve') return undefined;
  const object = unwrapNode(callee.object);
  if (object.type !== 'Identifier' || object.name !== 'Promise' || call.scope.getBinding('Promise')) return undefined;
  return children(call, 'arguments')[0];
}

/** `(..., done) => ... done(null, key) ...`: the second argument of every call of the last parameter, nested callbacks included. */
function callbackKeys(fn: NodePath, name: string): ProvidedKey[] {
  const params = (fn.node as { params: Node[] }).params;
  const last = params.at(-1);
  // A lone parameter is the request or header the library passes, never the callback.
  if (params.length < 2 || last?.type !== 'Identifier') return [];
  const binding = fn.scope.getBinding(last.name);
  if (!binding || binding.identifier !== last || !binding.constant) return [];
  const out: ProvidedKey[] = [];
  for (const ref of binding.referencePaths) {
    const call = ref.parentPath;
    const node = call?.node;
    if (!call || (node?.type !== 'CallExpression' && node?.type !== 'OptionalCallExpression') || node.callee !== ref.node) continue;
    const key = node.arguments[1];
    if (!key || key.type === 'SpreadElement') continue;
    out.push({ path: children(call, 'arguments')[1]!, label: `passed to ${last.name}() by ${name}` });
    if (out.length >= MAX_KEYS) break;
  }
  return out;
}

/**
 * What method `name` of the class `classRef` names returns (NestJS `useClass: JwtConfigService`:
 * its `createJwtOptions()`), the class possibly imported; a method it inherits is looked up in its
 * base classes.
 */
export function classMethodReturns(classRef: NodePath, name: string): NodePath[] {
  let cls = classOf(classRef, 0);
  for (let depth = 0; cls && depth < MAX_CLASS_DEPTH; depth++) {
    const method = children(cls, 'body.body').find((element) => {
      const node = element.node;
      return node.type === 'ClassMethod' && node.kind === 'method' && !node.static && propertyName(node.key, node.computed) === name;
    });
    if (method) return returnedValues(method);
    cls = cls.node.type !== 'ClassBody' && (cls.node as { superClass?: Node | null }).superClass ? classOf(child(cls, 'superClass'), 0) : undefined;
  }
  return [];
}
