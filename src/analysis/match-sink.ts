/**
 * Decides whether a call, `new` or `super(...)` is a JWT sink from the catalogue the rule passes in,
 * and hands back the NodePaths of the expressions in key position. The engine never calls this; rules do.
 */
import type { NodePath } from '@babel/traverse';
import type { Node } from '@babel/types';
import type { ClassMixin, JwtSink, KeyPosition, SinkCatalogue } from './sink-catalogue.js';
import { resolveModuleRef, type ModuleRef } from './module-ref.js';
import { constantInit, resolveObjectProperty } from './resolve-object.js';
import { child, children, memberName, unwrapPath } from './unwrap.js';

export interface SinkMatch {
  sink: JwtSink;
  /** The call / new / super call node (the related location). */
  callNode: Node;
}

export interface KeySite {
  /** The expression in key position. */
  path: NodePath;
  /** `argument`: the key is a call argument; `option`: it is a property of an options object. */
  position: 'argument' | 'option';
  /** The catalogue position that matched. */
  key: KeyPosition;
}

export function matchSink(path: NodePath, { sinks, mixins }: SinkCatalogue): SinkMatch | undefined {
  const node = path.node;
  let kind: JwtSink['kind'];
  let ref: ModuleRef | undefined;
  if (node.type === 'NewExpression') {
    kind = 'new';
    ref = resolveModuleRef(child(path, 'callee'));
  } else if (node.type === 'CallExpression' && node.callee.type === 'Super') {
    kind = 'new';
    ref = superClassRef(path, mixins);
  } else if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') {
    kind = 'call';
    ref = resolveModuleRef(child(path, 'callee'));
    if (!ref) return matchBuilderSink(path, sinks);
  } else {
    return undefined;
  }
  if (!ref) return undefined;
  const found = ref;
  const sink = sinks.find((s) => s.kind === kind && !s.method && s.module === found.module && samePath(s.export, found.path));
  return sink && { sink, callNode: node };
}

/** `new SignJWT(p).setProtectedHeader(h).sign(key)`: a method call at the end of a chain that starts with `new`. */
function matchBuilderSink(path: NodePath, sinks: readonly JwtSink[]): SinkMatch | undefined {
  const method = memberName(unwrapPath(child(path, 'callee')).node);
  if (method === undefined || !sinks.some((s) => s.method === method)) return undefined;
  const root = chainRoot(path);
  if (!root) return undefined;
  const ref = resolveModuleRef(child(root, 'callee'));
  const sink = ref && sinks.find((s) => s.kind === 'new' && s.method === method && s.module === ref.module && samePath(s.export, ref.path));
  return sink && { sink, callNode: path.node };
}

/** The `new X(...)` a method chain starts from, through `.a(...).b(...)` calls. */
export function chainRoot(path: NodePath): NodePath | undefined {
  let current = unwrapPath(path);
  for (let depth = 0; depth < 32; depth++) {
    const node = current.node;
    if (node.type === 'NewExpression') return current;
    if (node.type === 'Identifier') {
      // const builder = new SignJWT(p); … builder.sign(key)
      const binding = current.scope.getBinding(node.name);
      const init = binding && constantInit(binding);
      if (!init) return undefined;
      current = unwrapPath(init);
      continue;
    }
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
    current = unwrapPath(child(child(current, 'callee'), 'object'));
  }
  return undefined;
}

/** The calls of a builder chain, outermost first: `[sign(...), setProtectedHeader(...)]`. */
function chainCalls(path: NodePath): NodePath[] {
  const calls: NodePath[] = [];
  let current = unwrapPath(path);
  while (current.node.type === 'CallExpression' && current.node.callee.type === 'MemberExpression') {
    calls.push(current);
    current = unwrapPath(child(child(current, 'callee'), 'object'));
  }
  return calls;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** The class `super(...)` constructs, seeing through mixins such as `PassportStrategy(Strategy)`. */
function superClassRef(path: NodePath, mixins: readonly ClassMixin[]): ModuleRef | undefined {
  const classPath = path.findParent((p) => p.isClass());
  if (!classPath || (classPath.node.type !== 'ClassDeclaration' && classPath.node.type !== 'ClassExpression')) return undefined;
  if (!classPath.node.superClass) return undefined;
  const superPath = unwrapPath(child(classPath, 'superClass'));
  if (superPath.node.type === 'CallExpression') {
    const mixinRef = resolveModuleRef(child(superPath, 'callee'));
    const mixin = mixinRef && mixins.find((m) => m.module === mixinRef.module && samePath(m.export, mixinRef.path));
    const base = mixin && children(superPath, 'arguments')[mixin.baseArg];
    return base ? resolveModuleRef(base) : undefined;
  }
  return resolveModuleRef(superPath);
}

/** The expressions in key position of a matched call. */
export function keySites(callPath: NodePath, sink: JwtSink): KeySite[] {
  const sites: KeySite[] = [];
  for (const position of sink.keys) {
    const site = expressionAt(callPath, position);
    if (site) sites.push(site);
  }
  return sites;
}

/** The expression at an argument (and property path inside it), following const bindings of the options object. */
export function expressionAt(callPath: NodePath, position: KeyPosition): KeySite | undefined {
  const target = position.method
    ? chainCalls(callPath).find((call) => memberName((call.node as { callee: Node }).callee) === position.method)
    : callPath;
  if (!target) return undefined;
  const args = children(target, 'arguments');
  const arg = args[position.arg];
  if (!arg || arg.node.type === 'SpreadElement') return undefined;
  if (!position.property) return { path: arg, position: 'argument', key: position };
  const resolved = resolveObjectProperty(arg, position.property);
  return resolved && { path: resolved.path, position: 'option', key: position };
}
