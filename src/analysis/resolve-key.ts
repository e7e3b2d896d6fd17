/**
 * From the expression in key position back to every string literal that can become the key:
 * the literal itself, const bindings, object properties, env fallbacks (`process.env.X || 'lit'`,
 * `?? 'lit'`, ternaries, `const { X = 'lit' } = process.env`), parameter defaults, and wrappers that
 * keep the key (`Buffer.from`, `new TextEncoder().encode`, `String`, `createSecretKey`).
 * Reads of the environment or of anything unknown resolve to nothing: no literal, no finding.
 */
import type { Binding, NodePath } from '@babel/traverse';
import type { Node } from '@babel/types';
import { destructuredKey, resolveModuleRef } from './module-ref.js';
import { constantInit, resolveObjectProperty } from './resolve-object.js';
import { staticString } from './static-string.js';
import { child, children, memberName, unwrapNode, unwrapPath } from './unwrap.js';

/** How the literal reaches the key position. */
export type KeyVia =
  | 'inline' // written at the key position
  | 'binding' // through a const / never-reassigned variable
  | 'property' // through a property of a const object
  | 'envFallback' // the fallback of an environment read
  | 'fallback' // the fallback of another value (`a || 'lit'`, ternary branch)
  | 'defaultValue'; // a parameter or destructuring default

export interface KeyOrigin {
  /** The literal (or constant expression) node holding the key. */
  node: Node;
  value: string;
  /** Bytes the library will use (decoded when wrapped in `Buffer.from(x, 'base64' | 'hex')`). */
  byteLength: number;
  /** How the string becomes key bytes: `utf8`, or the encoding a wrapper decodes it from. */
  encoding: string;
  via: KeyVia;
  /** Variable, property path or environment variable name involved, for the message. */
  name?: string;
}

interface Walk {
  seen: Set<Node>;
  out: KeyOrigin[];
}

const MAX_DEPTH = 16;
const BYTE_ENCODINGS = new Set(['base64', 'base64url', 'hex', 'latin1', 'binary', 'ascii', 'utf8', 'utf-8']);

export function resolveKeyOrigins(path: NodePath): KeyOrigin[] {
  const walk: Walk = { seen: new Set(), out: [] };
  visit(path, walk, { via: 'inline', encoding: 'utf8' }, 0);
  return walk.out;
}

interface Trail {
  via: KeyVia;
  name?: string;
  encoding: string;
}

function visit(path: NodePath, walk: Walk, trail: Trail, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const p = unwrapPath(path);
  const node = p.node;
  if (walk.seen.has(node)) return;
  walk.seen.add(node);

  const value = staticString(node);
  if (value !== undefined) {
    const encoding = trail.encoding;
    walk.out.push({ node, value, byteLength: Buffer.byteLength(value, encoding as BufferEncoding), encoding, via: trail.via, name: trail.name });
    return;
  }
  const wrapped = keptByWrapper(p);
  if (wrapped) return visit(wrapped.path, walk, { ...trail, encoding: wrapped.encoding ?? trail.encoding }, depth + 1);

  switch (node.type) {
    case 'Identifier':
      return visitIdentifier(p, node.name, walk, trail, depth);
    case 'AwaitExpression':
      return visit(child(p, 'argument'), walk, trail, depth + 1);
    case 'ObjectExpression': {
      // A symmetric JWK used as the key (jose ≥ 5.9, hono): its `k` is the base64url key.
      const k = octJwkKey(p);
      if (k) visit(k, walk, { ...trail, encoding: 'base64url' }, depth + 1);
      return;
    }
    case 'MemberExpression': {
      if (envVariableName(node) !== undefined) return;
      const resolved = memberName(node) !== undefined ? resolveObjectProperty(child(p, 'object'), [memberName(node)!]) : undefined;
      if (resolved) visit(resolved.path, walk, { ...trail, via: 'property', name: dottedName(node) }, depth + 1);
      return;
    }
    case 'LogicalExpression': {
      if (node.operator === '&&') return;
      visit(child(p, 'left'), walk, trail, depth + 1);
      const envName = envVariableName(unwrapNode(node.left));
      const via: KeyVia = envName !== undefined ? 'envFallback' : 'fallback';
      visit(child(p, 'right'), walk, { ...trail, via, name: envName ?? trail.name }, depth + 1);
      return;
    }
    case 'ConditionalExpression': {
      const envName = envVariableName(unwrapNode(node.test)) ?? envVariableName(unwrapNode(node.consequent));
      const via: KeyVia = envName !== undefined ? 'envFallback' : 'fallback';
      visit(child(p, 'consequent'), walk, { ...trail, via, name: envName ?? trail.name }, depth + 1);
      visit(child(p, 'alternate'), walk, { ...trail, via, name: envName ?? trail.name }, depth + 1);
      return;
    }
    default:
      return;
  }
}

function visitIdentifier(p: NodePath, name: string, walk: Walk, trail: Trail, depth: number): void {
  const binding = p.scope.getBinding(name);
  if (!binding) return;
  const init = constantInit(binding);
  if (init) return visit(init, walk, { ...trail, via: 'binding', name }, depth + 1);
  const fallback = defaultOf(binding, name);
  if (fallback) {
    const envName = fallback.fromEnv ? fallback.key : undefined;
    const via: KeyVia = envName !== undefined ? 'envFallback' : 'defaultValue';
    visit(fallback.path, walk, { ...trail, via, name: envName ?? name }, depth + 1);
  }
}

/** The default of `function f(name = …)` or `const { KEY: name = … } = source`. */
function defaultOf(binding: Binding, name: string): { path: NodePath; fromEnv: boolean; key?: string } | undefined {
  const decl = binding.path;
  const node = decl.node;
  if (binding.kind === 'param' && binding.constant && node.type === 'AssignmentPattern' && node.left.type === 'Identifier' && node.left.name === name) {
    return { path: child(decl, 'right'), fromEnv: false };
  }
  if (node.type !== 'VariableDeclarator' || node.id.type !== 'ObjectPattern' || !binding.constant) return undefined;
  const props = children(decl, 'id.properties');
  for (const prop of props) {
    const propNode = prop.node;
    if (propNode.type !== 'ObjectProperty' || propNode.value.type !== 'AssignmentPattern') continue;
    const left = propNode.value.left;
    if (left.type !== 'Identifier' || left.name !== name) continue;
    const fromEnv = node.init !== null && node.init !== undefined && isEnvObject(unwrapNode(node.init));
    return { path: child(prop, 'value.right'), fromEnv, key: destructuredKey(node.id, name) };
  }
  return undefined;
}

/**
 * `Buffer.from(x[, enc])`, `new TextEncoder().encode(x)`, `String(x)`, `createSecretKey(x[, enc])`,
 * jose `base64url.decode(x)` and `importJWK({ kty: 'oct', k })`: the inner key and its encoding.
 */
function keptByWrapper(p: NodePath): { path: NodePath; encoding?: string } | undefined {
  const node = p.node;
  if (node.type !== 'CallExpression' || node.arguments.length === 0) return undefined;
  const callee = unwrapNode(node.callee);
  const first = children(p, 'arguments')[0]!;
  const joseRef = resolveModuleRef(child(p, 'callee'));
  if (joseRef && isJose(joseRef.module)) {
    const name = joseRef.path.join('.');
    if (name === 'base64url.decode' || (joseRef.module === 'jose/util/base64url' && name === 'decode')) return { path: first, encoding: 'base64url' };
    if (name === 'importJWK' || name === 'parseJwk') {
      const k = octJwkKey(first);
      return k && { path: k, encoding: 'base64url' };
    }
  }
  const encodingArg = node.arguments[1];
  const encoding = encodingArg?.type === 'StringLiteral' && BYTE_ENCODINGS.has(encodingArg.value) ? encodingArg.value : undefined;
  if (encodingArg && !encoding) return undefined; // an encoding we cannot count: stay silent
  if (callee.type === 'Identifier' && callee.name === 'String' && !p.scope.hasBinding('String')) return { path: first };
  const method = memberName(callee);
  if (callee.type === 'MemberExpression') {
    const object = unwrapNode(callee.object);
    if (method === 'from' && object.type === 'Identifier' && object.name === 'Buffer') return { path: first, encoding };
    if (method === 'encode' && object.type === 'NewExpression' && object.callee.type === 'Identifier' && object.callee.name === 'TextEncoder') {
      return { path: first };
    }
    if (method === 'createSecretKey') return { path: first, encoding };
  }
  if (callee.type === 'Identifier' && callee.name === 'createSecretKey') return { path: first, encoding };
  return undefined;
}

function isJose(module: string): boolean {
  return module === 'jose' || module.startsWith('jose/');
}

/** The `k` of a `{ kty: 'oct', k }` JWK literal (directly or through a const). */
function octJwkKey(path: NodePath): NodePath | undefined {
  const kty = resolveObjectProperty(path, ['kty']);
  if (!kty || staticString(kty.path.node) !== 'oct') return undefined;
  return resolveObjectProperty(path, ['k'])?.path;
}

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

function isEnvObject(node: Node): boolean {
  if (node.type !== 'MemberExpression' || memberName(node) !== 'env') return false;
  const obj = node.object;
  if (obj.type === 'Identifier') return obj.name === 'process' || obj.name === 'Bun';
  return obj.type === 'MetaProperty' && obj.meta.name === 'import' && obj.property.name === 'meta';
}

function dottedName(node: Node): string | undefined {
  const parts: string[] = [];
  let current: Node = node;
  while (current.type === 'MemberExpression') {
    const name = memberName(current);
    if (name === undefined) return undefined;
    parts.unshift(name);
    current = unwrapNode(current.object);
  }
  if (current.type === 'Identifier') parts.unshift(current.name);
  else if (current.type === 'ThisExpression') parts.unshift('this');
  else return undefined;
  return parts.join('.');
}
