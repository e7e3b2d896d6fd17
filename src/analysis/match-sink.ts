/**
 * Decides whether a call, `new` or `super(...)` is a JWT sink from the catalogue the rule passes in,
 * and hands back the NodePaths of the expressions in key position. The engine never calls this; rules do.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import type { ClassMixin, JwtSink, KeyPosition, SinkCatalogue } from './sink-catalogue.js';
import { classMethodReturns } from './key-providers.js';
import { memberAssignments } from './member-assignments.js';
import { importedModule, moduleOf } from './module-context.js';
import { exportedValue } from './module-exports.js';
import { resolveModuleRef, type ModuleRef } from './module-ref.js';
import { constantInit, resolveObjectProperty } from './resolve-object.js';
import { staticString } from './static-string.js';
import { returnedValues } from './value-sources.js';
import { child, children, memberName, memberPathEndsWith, propertyName, unwrapNode, unwrapPath } from './unwrap.js';

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

export function matchSink(path: NodePath, catalogue: SinkCatalogue): SinkMatch | undefined {
  const node = path.node;
  const { sinks, mixins } = catalogue;
  if (node.type === 'NewExpression') {
    const ref = resolveModuleRef(child(path, 'callee'));
    return ref && direct(path, sinks, 'new', ref, node);
  }
  if (node.type === 'CallExpression' && node.callee.type === 'Super') {
    const ref = superClassRef(path, mixins);
    return ref && direct(path, sinks, 'new', ref, node);
  }
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return undefined;
  const ref = resolveModuleRef(child(path, 'callee'));
  const found = ref && direct(path, sinks, 'call', ref, node);
  if (found) return evidenceHolds(path, found.sink) ? found : undefined;
  const method = memberName(unwrapPath(child(path, 'callee')).node);
  if (method === undefined) return undefined;
  const candidates = methodIndex(catalogue).get(method);
  if (!candidates) return undefined;
  return matchBuilderSink(path, candidates) ?? matchInstanceSink(path, candidates) ?? matchPluginSink(path, candidates) ?? matchMemberSink(path, candidates);
}

function direct(path: NodePath, sinks: readonly JwtSink[], kind: 'call' | 'new', ref: ModuleRef, node: Node): SinkMatch | undefined {
  const sink = sinks.find((s) => s.kind === kind && !s.method && samePath(s.export, ref.path) && sameModule(path, s, ref.module, ref.path));
  return sink && { sink, callNode: node };
}

/**
 * A package sink matches its specifier; a file sink (config, derived) matches any specifier that
 * resolves to that file, or to a barrel that re-exports the name from it (`export * from './tokens'`).
 */
function sameModule(at: NodePath, sink: JwtSink, specifier: string, exportPath: readonly string[]): boolean {
  if (!sink.file) return sink.module === specifier;
  if (specifier === sink.module) return true;
  const target = importedModule(at, specifier);
  if (!target) return false;
  const home = (file: string) => stripExtension(file) === stripExtension(sink.file!);
  if (home(target.file)) return true;
  const first = exportPath[0];
  const value = first === undefined ? undefined : exportedValue(target, first);
  const definedIn = value && ('path' in value ? moduleOf(value.path) : value.namespace);
  return definedIn !== undefined && home(definedIn.file);
}

function stripExtension(file: string): string {
  return file.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '');
}

const indexes = new WeakMap<SinkCatalogue, Map<string, JwtSink[]>>();

/** Sinks recognised by the name of the method called (builders, instances, plugins, members), by that name. */
function methodIndex(catalogue: SinkCatalogue): Map<string, JwtSink[]> {
  let index = indexes.get(catalogue);
  if (!index) {
    index = new Map();
    for (const sink of catalogue.sinks) {
      const name = sink.kind === 'member' ? sink.callee?.at(-1) : sink.method;
      if (name !== undefined) index.set(name, [...(index.get(name) ?? []), sink]);
    }
    indexes.set(catalogue, index);
  }
  return index;
}

/** `new SignJWT(p).setProtectedHeader(h).sign(key)` / `nJwt.createVerifier().setSigningKey(key)`. */
function matchBuilderSink(path: NodePath, sinks: readonly JwtSink[]): SinkMatch | undefined {
  const builders = sinks.filter((s) => (s.kind === 'new' || s.kind === 'call') && s.method);
  if (builders.length === 0) return undefined;
  const root = chainRoot(path);
  if (!root) return undefined;
  const kind = root.node.type === 'NewExpression' ? 'new' : 'call';
  const ref = resolveModuleRef(child(root, 'callee'));
  const sink = ref && builders.find((s) => s.kind === kind && s.module === ref.module && samePath(s.export, ref.path));
  return sink && { sink, callNode: path.node };
}

/** `this.jwtService.sign(p, { secret })`: a method of a value whose type or constructor is the sink's class. */
function matchInstanceSink(path: NodePath, sinks: readonly JwtSink[]): SinkMatch | undefined {
  const instances = sinks.filter((s) => s.kind === 'instance');
  if (instances.length === 0) return undefined;
  const ref = receiverClassRef(child(unwrapPath(child(path, 'callee')), 'object'));
  const sink = ref && instances.find((s) => samePath(s.export, ref.path) && (s.file ? sameModule(path, s, ref.module, ref.path) : s.module === ref.module));
  return sink && { sink, callNode: path.node };
}

/** `fastify.register(require('@fastify/jwt'), { secret })`. */
function matchPluginSink(path: NodePath, sinks: readonly JwtSink[]): SinkMatch | undefined {
  const plugins = sinks.filter((s) => s.kind === 'plugin');
  const first = children(path, 'arguments')[0];
  if (plugins.length === 0 || !first) return undefined;
  const ref = resolveModuleRef(first);
  const sink = ref && ref.path.length === 0 && plugins.find((s) => s.module === ref.module);
  return sink ? { sink, callNode: path.node } : undefined;
}

/** `server.auth.strategy('jwt', 'jwt', { key })`: a callee path and a literal argument. */
function matchMemberSink(path: NodePath, sinks: readonly JwtSink[]): SinkMatch | undefined {
  const node = path.node as { callee: Node; arguments: Node[] };
  const sink = sinks.find((s) => {
    if (s.kind !== 'member' || !s.callee || !memberPathEndsWith(node.callee, s.callee)) return false;
    const arg = s.when && node.arguments[s.when.arg];
    return (!s.when || (arg !== undefined && staticString(arg) === s.when.equals)) && evidenceHolds(path, s);
  });
  return sink && { sink, callNode: path.node };
}


/**
 * The class a receiver is an instance of: a TypeScript type annotation on the parameter, parameter
 * property or class field it comes from (`constructor(private jwtService: JwtService)`), or the
 * `new X()` a const was initialised with.
 */
function receiverClassRef(receiver: NodePath): ModuleRef | undefined {
  const p = unwrapPath(receiver);
  const node = p.node;
  if (node.type === 'NewExpression') return resolveModuleRef(child(p, 'callee')); // new TokenService().sign(…)
  if (node.type === 'Identifier') {
    const binding = p.scope.getBinding(node.name);
    if (!binding) return undefined;
    const init = constantInit(binding);
    if (init && unwrapNode(init.node).type === 'NewExpression') return resolveModuleRef(child(unwrapPath(init), 'callee'));
    return typeRef(binding.path, binding.path.node.type === 'VariableDeclarator' ? 'id.typeAnnotation.typeAnnotation' : 'typeAnnotation.typeAnnotation');
  }
  if (node.type === 'MemberExpression' && unwrapNode(node.object).type === 'ThisExpression') {
    const name = memberName(node);
    const owner = name === undefined ? undefined : p.findParent(isClassPath);
    if (!owner || name === undefined) return undefined;
    for (const element of children(owner, 'body.body')) {
      const el = element.node;
      if (el.type === 'ClassProperty' && propertyName(el.key, el.computed) === name) return typeRef(element, 'typeAnnotation.typeAnnotation');
      if (el.type === 'ClassMethod' && el.kind === 'constructor') {
        for (const param of children(element, 'params')) {
          const pn = param.node;
          if (pn.type === 'TSParameterProperty' && pn.parameter.type === 'Identifier' && pn.parameter.name === name) {
            return typeRef(param, 'parameter.typeAnnotation.typeAnnotation');
          }
        }
      }
    }
  }
  return undefined;
}

/** The module export a `TSTypeReference` at `key` under `at` names (type-only imports count: types are all we read). */
function typeRef(at: NodePath, key: string): ModuleRef | undefined {
  // path.get('a.b') throws when `a` is absent, so check the node chain first.
  let node: unknown = at.node;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | null | undefined)?.[part];
  if (!node) return undefined;
  const type = child(at, key);
  if (type.node?.type !== 'TSTypeReference' || type.node.typeName.type !== 'Identifier') return undefined;
  const binding = type.scope.getBinding(type.node.typeName.name);
  const decl = binding?.path;
  if (!decl || decl.parent?.type !== 'ImportDeclaration') return undefined;
  const spec = decl.node;
  const module = decl.parent.source.value;
  if (spec.type === 'ImportSpecifier') return { module, path: [propertyName(spec.imported, false) ?? ''] };
  return undefined;
}

/** Extra evidence some sinks need before a call counts (see `JwtSink.evidence`). */
function evidenceHolds(path: NodePath, sink: JwtSink): boolean {
  if (sink.evidence !== 'jwtSigningInput') return true;
  if (sink.signedArg !== undefined) {
    // crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${header}.${payload}`))
    const data = children(path, 'arguments')[sink.signedArg];
    const input = data && signedBytesSource(data);
    return input !== undefined && isDottedPair(input.node) && namesJwtParts(input.node);
  }
  // createHmac('sha256', key).update(`${header}.${payload}`) — possibly through a const.
  const parent = path.parentPath;
  const grand = parent?.parentPath;
  if (!parent || !grand || parent.node.type !== 'MemberExpression' || memberName(parent.node) !== 'update') return false;
  if (grand.node.type !== 'CallExpression') return false;
  const data = children(grand, 'arguments')[0];
  if (!data) return false;
  let input = unwrapPath(data);
  if (input.node.type === 'Identifier') {
    const binding = input.scope.getBinding(input.node.name);
    const init = binding && constantInit(binding);
    if (init) input = unwrapPath(init);
  }
  // `${timestamp}.${body}` signs webhooks too: a JWT also names its parts so, or encodes the MAC in base64(url).
  return isDottedPair(input.node) && (namesJwtParts(input.node) || digestsToBase64(grand));
}

/** The string bytes are made of: `encoder.encode(x)`, `Buffer.from(x)` or x itself, through consts. */
function signedBytesSource(data: NodePath): NodePath | undefined {
  let input = throughConst(data);
  const node = input.node;
  if (node.type === 'CallExpression' && node.arguments.length >= 1 && node.arguments[0]!.type !== 'SpreadElement') {
    const name = memberName(unwrapNode(node.callee));
    if (name !== 'encode' && name !== 'from') return undefined;
    input = throughConst(children(input, 'arguments')[0]!);
  }
  return input;
}

function throughConst(path: NodePath): NodePath {
  const p = unwrapPath(path);
  if (p.node.type !== 'Identifier') return p;
  const binding = p.scope.getBinding(p.node.name);
  const init = binding && constantInit(binding);
  return init ? unwrapPath(init) : p;
}

const JWT_PART_NAME = /header|payload|claims|jwt|token|b64|base64|encoded|unsigned|signing/i;

/** Some identifier, member or callee in the signing input is named like a JWT part. */
function namesJwtParts(node: Node): boolean {
  let named = false;
  const visit = (n: Node | null | undefined, depth: number): void => {
    if (!n || named || depth > 8) return;
    if (n.type === 'Identifier') named = JWT_PART_NAME.test(n.name);
    else if (n.type === 'MemberExpression') {
      named = JWT_PART_NAME.test(memberName(n) ?? '');
      visit(n.object, depth + 1);
    } else if (n.type === 'TemplateLiteral') n.expressions.forEach((e) => visit(e as Node, depth + 1));
    else if (n.type === 'BinaryExpression') {
      visit(n.left as Node, depth + 1);
      visit(n.right, depth + 1);
    } else if (n.type === 'CallExpression') {
      visit(n.callee as Node, depth + 1);
      n.arguments.forEach((a) => visit(a as Node, depth + 1));
    } else if (n.type === 'ArrayExpression') n.elements.forEach((e) => visit(e as Node | null, depth + 1));
  };
  visit(node, 0);
  return named;
}

/** `createHmac(…).update(…).digest('base64url' | 'base64')`. */
function digestsToBase64(updateCall: NodePath): boolean {
  const member = updateCall.parentPath;
  const call = member?.parentPath;
  if (!member || !call || member.node.type !== 'MemberExpression' || memberName(member.node) !== 'digest' || call.node.type !== 'CallExpression') return false;
  const encoding = call.node.arguments[0];
  return encoding?.type === 'StringLiteral' && (encoding.value === 'base64url' || encoding.value === 'base64');
}

/**
 * `${a}.${b}` or `a + '.' + b`: the shape of a JWT signing input, exactly two parts (header and
 * payload). Three (`${id}.${timestamp}.${body}`) is a webhook signature (Standard Webhooks, Svix).
 */
function isDottedPair(node: Node): boolean {
  if (node.type === 'TemplateLiteral') {
    return node.expressions.length === 2 && node.quasis.length === 3 && node.quasis[1]!.value.cooked === '.' && node.quasis[0]!.value.cooked === '' && node.quasis[2]!.value.cooked === '';
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const parts = concatenated(node);
    return parts.length === 3 && parts[1]!.type === 'StringLiteral' && (parts[1] as { value: string }).value === '.' && parts[0]!.type !== 'StringLiteral' && parts[2]!.type !== 'StringLiteral';
  }
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && memberName(node.callee) === 'join') {
    const sep = node.arguments[0];
    return sep?.type === 'StringLiteral' && sep.value === '.';
  }
  return false;
}

/** The operands of a `+` chain, left to right. */
function concatenated(node: Node): Node[] {
  if (node.type !== 'BinaryExpression' || node.operator !== '+' || node.left.type === 'PrivateName') return [node];
  return [...concatenated(node.left), ...concatenated(node.right)];
}

/** The `new X(...)` or module call (`nJwt.createVerifier()`) a method chain starts from. */
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
    if (node.type !== 'CallExpression') return undefined;
    if (depth > 0 && resolveModuleRef(child(current, 'callee'))) return current;
    if (node.callee.type !== 'MemberExpression') return undefined;
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
  const classPath = path.findParent(isClassPath);
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
  return sink.keys.flatMap((position) => sitesAt(callPath, position));
}

/** The expression at an argument (and property path inside it), following const bindings of the options object. */
export function expressionAt(callPath: NodePath, position: KeyPosition): KeySite | undefined {
  return sitesAt(callPath, position)[0];
}

/**
 * Every expression a position can denote. A `()` step in the property path stands for the values a
 * function returns (`JwtModule.registerAsync({ useFactory: () => ({ secret }) })`), a `name()` step
 * for those method `name` of the class there returns (`useClass: JwtConfigService`, its `createJwtOptions()`).
 */
function sitesAt(callPath: NodePath, position: KeyPosition): KeySite[] {
  if (position.assignedTo) return memberAssignments(callPath, position.assignedTo).map((path) => ({ path, position: 'option' as const, key: position }));
  const target = position.method
    ? chainCalls(callPath).find((call) => memberName((call.node as { callee: Node }).callee) === position.method)
    : callPath;
  if (!target) return [];
  const arg = children(target, 'arguments')[position.arg];
  if (!arg || arg.node.type === 'SpreadElement') return [];
  if (!position.property) return [{ path: arg, position: 'argument', key: position }];
  let current: NodePath[] = [arg];
  let rest = position.property;
  while (rest.length > 0) {
    const call = rest.findIndex((part) => part.endsWith('()'));
    const head = call < 0 ? rest : rest.slice(0, call);
    current = current.flatMap((p) => {
      const resolved = head.length > 0 ? resolveObjectProperty(p, head) : { path: p };
      return resolved ? [resolved.path] : [];
    });
    if (call < 0) break;
    const method = rest[call]!.slice(0, -2);
    current = current.flatMap((p) => (method === '' ? returnedValues(p) : classMethodReturns(p, method)));
    rest = rest.slice(call + 1);
  }
  return current.map((path) => ({ path, position: 'option' as const, key: position }));
}

function isClassPath(path: NodePath): boolean {
  return path.node.type === 'ClassDeclaration' || path.node.type === 'ClassExpression';
}
