/**
 * From the expression in key position back to every string literal that can become the key:
 * the literal itself, const bindings, object properties, env fallbacks (`process.env.X || 'lit'`,
 * `?? 'lit'`, ternaries, `const { X = 'lit' } = process.env`), parameter defaults, and wrappers that
 * keep the key (`Buffer.from`, `new TextEncoder().encode`, `String`, `createSecretKey`).
 * Reads of the environment or of anything unknown resolve to nothing: no literal, no finding.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Binding } from '../ast/scope.js';
import type { Node } from '@babel/types';
import { envVariableName, isEnvObject } from './env-read.js';
import type { KeyEncoding, KeyProvider } from './sink-catalogue.js';
import { functionName, isKeyFunction, providedKeys } from './key-providers.js';
import { calledFunction, classFieldValues, configGetterDefault, configGetterName, envAssignments, memberFieldValues, returnedValues, settingValues } from './value-sources.js';
import { moduleOf, type ModuleHandle } from './module-context.js';
import { importBindingValue, requiredValue, requireSpecifier } from './module-exports.js';
import { destructuredKey, resolveModuleRef } from './module-ref.js';
import { registryRead } from './property-paths.js';
import { argumentAt, callSitesOf, functionLabel, parameterOf, parameterOfMember, type ParameterRef } from './helper-calls.js';
import { objectGetterValues } from './getter-values.js';
import { elementValues, mapGetValues, pickedPropertyValues, staticMemberKey } from './container-values.js';
import { reassignedValues, type AssignedValue } from './reassigned-binding.js';
import { constantInit, destructuredValue, resolveObjectProperty } from './resolve-object.js';
import { staticString } from './static-string.js';
import { child, children, memberName, unwrapNode, unwrapPath } from './unwrap.js';

/** How the literal reaches the key position. */
export type KeyVia =
  | 'inline' // written at the key position
  | 'binding' // through a const / never-reassigned variable
  | 'property' // through a property of a const object
  | 'envFallback' // the fallback of an environment read
  | 'fallback' // the fallback of another value (`a || 'lit'`, ternary branch)
  | 'defaultValue' // a parameter or destructuring default
  | 'argument'; // passed to a function of the project whose parameter reaches the key

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
  /** The module the literal is written in (differs from the sink's when it was imported). */
  module?: ModuleHandle;
  /** The hops from the key position back to the literal (imports, bindings, properties), sink side first. */
  steps: FlowStep[];
  /** The literal is one part of a key built by concatenation: hard-coded, but its length says nothing. */
  partial?: boolean;
}

/** One hop of a key's way to the sink, for the message and SARIF codeFlows. */
export interface FlowStep {
  node: Node;
  module?: ModuleHandle;
  /** e.g. `imported from "./config"`, `const JWT_SECRET`, `property jwt.secret`. */
  label: string;
}

interface Walk {
  seen: Set<Node>;
  out: KeyOrigin[];
  /** Environment variables read into the key (config files may hold their values). */
  env: EnvKeyRead[];
  /** Parameters of the project's functions that reach the key (their callers elsewhere pass it). */
  params: ParameterReach[];
  /** Property reads that resolve to nothing here (`config.http.jwtSecret` of an unknown `config`). */
  paths: PropertyPathRead[];
}

/** A read of a property path the resolver cannot follow: another module may write a literal there. */
export interface PropertyPathRead {
  /** The properties read, without the root variable: `['http', 'jwtSecret']`. */
  segments: string[];
  /** Read through a registry getter, `getMetadata(plugin.metadata.Secret)`: its name after get (`Metadata`). */
  registry?: string;
  node: Node;
  module?: ModuleHandle;
  steps: FlowStep[];
}

/** A function parameter that reaches the key position: the function is a key helper. */
export interface ParameterReach {
  param: ParameterRef;
  /** The hops from the key position back to the parameter, sink side first. */
  steps: FlowStep[];
}

/** An environment variable the key position reads (`process.env.NAME` in any form the resolver follows). */
export interface EnvKeyRead {
  /**
   * `env`: an environment variable; `setting`: a node-config key path (`jwt.secret`); `getter`: a
   * dotted name asked of a config getter (`configService.get('jwt.secret')`: a registerAs namespace).
   */
  kind: 'env' | 'setting' | 'getter';
  name: string;
  /** How the code reads it, for the flow: `process.env.JWT_SECRET`, `configService.get('JWT_SECRET')`. */
  label: string;
  /** The read itself (`process.env.JWT_SECRET`, the destructured name). */
  node: Node;
  module?: ModuleHandle;
  /** The hops from the key position back to the read, sink side first. */
  steps: FlowStep[];
}

const MAX_DEPTH = 16;
/** An environment variable's name, as config getters are asked for one (`JWT_SECRET`), not a dotted path. */
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const BYTE_ENCODINGS = new Set(['base64', 'base64url', 'hex', 'latin1', 'binary', 'ascii', 'utf8', 'utf-8']);

/** `encoding`: how the library at the key position reads a string (see `KeyEncoding`); UTF-8 by default. */
export function resolveKeyOrigins(path: NodePath, encoding: KeyEncoding = 'utf8'): KeyOrigin[] {
  return resolveKeySources(path, encoding).literals;
}

/**
 * The literals that can reach a key position, and the environment variables it reads. `provider`: the
 * position also takes a function that yields the key (see `KeyProvider`).
 */
export function resolveKeySources(
  path: NodePath,
  encoding: KeyEncoding = 'utf8',
  provider?: KeyProvider,
): { literals: KeyOrigin[]; env: EnvKeyRead[]; params: ParameterReach[]; paths: PropertyPathRead[] } {
  const walk: Walk = { seen: new Set(), out: [], env: [], params: [], paths: [] };
  visit(path, walk, { via: 'inline', encoding, steps: [], ...(provider ? { provider } : {}) }, 0);
  return { literals: walk.out, env: walk.env, params: walk.params, paths: walk.paths };
}

/** Bytes a library derives from the string `value` read with `encoding`. */
export function keyByteLength(value: string, encoding: string): number {
  if (encoding === 'charcodes') return value.length;
  if (encoding === 'hex-or-charcodes') return /^(?:[0-9a-f]{2})+$/i.test(value) ? value.length / 2 : value.length;
  return Buffer.byteLength(value, encoding as BufferEncoding);
}

interface Trail {
  via: KeyVia;
  name?: string;
  encoding: string;
  steps: FlowStep[];
  partial?: boolean;
  /**
   * Functions entered through a call's return value, with that call: their parameters are its
   * arguments (`null`: a key function the JWT library calls; its parameters are the library's).
   */
  calls?: ReadonlyMap<Node, NodePath | null>;
  /** Set until the walk passes through a key function: a function reached here yields the key. */
  provider?: KeyProvider;
}

function step(trail: Trail, path: NodePath, label: string, node: Node = path.node): Trail {
  return { ...trail, steps: [...trail.steps, { node, module: moduleOf(path), label }] };
}

function visit(path: NodePath, walk: Walk, trail: Trail, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const p = unwrapPath(path);
  const node = p.node;
  if (walk.seen.has(node)) return;
  walk.seen.add(node);

  const value = staticString(node);
  if (value !== undefined) {
    // An empty piece of a concatenation (`${secret}${user.password ?? ''}`) holds no key material.
    if (trail.partial && value === '') return;
    // A position that takes a function only (`secretOrKeyProvider: 'x'`) is not keyed by a string.
    if (trail.provider?.only) return;
    const encoding = trail.encoding;
    const module = moduleOf(p);
    walk.out.push({
      node,
      value,
      byteLength: keyByteLength(value, encoding),
      encoding,
      via: trail.via,
      name: trail.name,
      ...(module ? { module } : {}),
      steps: trail.steps,
      ...(trail.partial ? { partial: true } : {}),
    });
    return;
  }
  const wrapped = keptByWrapper(p);
  if (wrapped) return visit(wrapped.path, walk, { ...trail, encoding: wrapped.encoding ?? trail.encoding }, depth + 1);
  if (trail.provider && isKeyFunction(node)) return visitKeyFunction(p, walk, trail, trail.provider, depth);

  switch (node.type) {
    case 'Identifier':
      return visitIdentifier(p, node.name, walk, trail, depth);
    case 'AwaitExpression':
      return visit(child(p, 'argument'), walk, trail, depth + 1);
    case 'ArrayExpression':
      // Several keys at one position (koa-jwt, @hapi/jwt, Auth.js rotation): each one is a key,
      // written as the key itself or as `{ key, algorithms, kid }` (@hapi/jwt).
      for (const element of children(p, 'elements')) {
        if (!element.node) continue;
        const keyed = unwrapPath(element).node.type === 'ObjectExpression' && !octJwkKey(element) ? resolveObjectProperty(element, ['key']) : undefined;
        visit(keyed?.path ?? element, walk, trail, depth + 1);
      }
      return;
    case 'ObjectExpression': {
      // A symmetric JWK used as the key (jose ≥ 5.9, hono): its `k` is the base64url key.
      const k = octJwkKey(p);
      if (k) visit(k, walk, { ...trail, encoding: 'base64url' }, depth + 1);
      return;
    }
    case 'TemplateLiteral':
    case 'BinaryExpression':
      // `${PREFIX}-access`, BASE + '-refresh': each constant part that is not written here is a hard-coded part of the key.
      for (const part of concatenatedParts(p)) visit(part, walk, { ...trail, partial: true }, depth + 1);
      return;
    case 'MemberExpression': {
      const envName = envVariableName(node) ?? envThroughAlias(p);
      if (envName !== undefined) {
        if (envName !== '') walk.env.push({ kind: 'env', name: envName, label: `process.env.${envName}`, node, module: moduleOf(p), steps: trail.steps });
        // `process.env.X = process.env.X || 'lit'` (or `||=`) earlier in the module: the fallback is the key.
        for (const assigned of envAssignments(p, envName)) {
          const via: KeyVia = assigned.fallback ? 'envFallback' : 'binding';
          visit(assigned.value, walk, step({ ...trail, via, name: envName }, assigned.value, `assigned to ${envName}`), depth + 1);
        }
        return;
      }
      const name = staticMemberKey(p);
      if (name === undefined) return visitUnnamedMember(p, walk, trail, depth);
      const setting = nodeConfigProperty(p);
      if (setting !== undefined) {
        walk.env.push({ kind: 'setting', name: setting, label: `config.${setting}`, node, module: moduleOf(p), steps: trail.steps });
        return;
      }
      const label = dottedName(node) ?? name;
      const propertyTrail = step({ ...trail, via: 'property', name: label }, p, `property ${label}`);
      if (unwrapNode(node.object).type === 'ThisExpression') {
        for (const value of classFieldValues(p, name)) visit(value, walk, propertyTrail, depth + 1);
        return;
      }
      const resolved = resolveObjectProperty(child(p, 'object'), [name]);
      if (resolved) return visit(resolved.path, walk, importStep(p, propertyTrail), depth + 1);
      // `cfg[kind].secret`: the property of each entry the container can hold.
      // `Config.SECRET` (a static field) or `new Config().secret` (an instance field), the class possibly imported.
      const values = [...pickedPropertyValues(child(p, 'object'), name), ...objectGetterValues(child(p, 'object'), name), ...memberFieldValues(child(p, 'object'), name)];
      for (const value of values) visit(value, walk, importStep(p, propertyTrail), depth + 1);
      if (values.length > 0) return;
      // `options.secret` with `options` a parameter: what the callers pass there.
      const param = parameterOfMember(p);
      if (param) visitCallers(param, walk, trail, depth);
      else if (label.includes('.') && opaqueRoot(p)) walk.paths.push({ segments: label.split('.').slice(1), node, module: moduleOf(p), steps: trail.steps });
      return;
    }
    case 'CallExpression':
      return visitCall(p, walk, trail, depth);
    case 'LogicalExpression': {
      if (node.operator === '&&') return;
      visit(child(p, 'left'), walk, trail, depth + 1);
      const envName = envVariableName(unwrapNode(node.left));
      const via: KeyVia = envName !== undefined ? 'envFallback' : 'fallback';
      visit(child(p, 'right'), walk, { ...trail, via, name: envName ?? trail.name }, depth + 1);
      return;
    }
    case 'ConditionalExpression': {
      // `fs ? fs.readFileSync('jwt.pub') : 'placeholder'` with `fs` an imported module: always the first branch.
      if (isImportedModule(child(p, 'test'))) return visit(child(p, 'consequent'), walk, trail, depth + 1);
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

/**
 * A member without a static name: `keys[kind]` (every entry the container can hold under a run-time
 * key) or `this.#key` (an ES private field).
 */
function visitUnnamedMember(p: NodePath, walk: Walk, trail: Trail, depth: number): void {
  const node = p.node as Node & { object: Node; property: Node; computed: boolean };
  if (node.property.type === 'PrivateName') {
    const name = `#${node.property.id.name}`;
    const owner = dottedName(unwrapNode(node.object)) ?? 'this';
    const fieldTrail = step({ ...trail, via: 'property', name: `${owner}.${name}` }, p, `property ${owner}.${name}`);
    // `this.#key`, or `Tokens.#KEY` (a static private field read inside its class)
    const values = unwrapNode(node.object).type === 'ThisExpression' ? classFieldValues(p, name) : memberFieldValues(child(p, 'object'), name);
    for (const value of values) visit(value, walk, fieldTrail, depth + 1);
    return;
  }
  if (!node.computed) return;
  const label = `${dottedName(unwrapNode(node.object)) ?? 'container'}[${node.property.type === 'Identifier' ? node.property.name : '…'}]`;
  const elementTrail = importStep(p, step({ ...trail, via: 'property', name: label }, p, `element ${label}`));
  for (const value of elementValues(p)) visit(value, walk, elementTrail, depth + 1);
}

/** For `cfg.jwt.secret` with `cfg` imported or required from a local module: that hop, for the flow. */
function importStep(member: NodePath, trail: Trail): Trail {
  let root = unwrapNode(member.node);
  while (root.type === 'MemberExpression') root = unwrapNode(root.object);
  if (root.type !== 'Identifier') return trail;
  const binding = member.scope.getBinding(root.name);
  if (!binding) return trail;
  const decl = binding.path;
  if (binding.kind === 'module' && decl.parent?.type === 'ImportDeclaration') return step(trail, decl, `imported from "${decl.parent.source.value}"`);
  const init = decl.node.type === 'VariableDeclarator' && decl.node.init ? child(decl, 'init') : undefined;
  const specifier = init && requireSpecifier(init);
  return specifier !== undefined && init ? step(trail, init, `required from "${specifier}"`) : trail;
}

function visitIdentifier(p: NodePath, name: string, walk: Walk, trail: Trail, depth: number): void {
  const binding = p.scope.getBinding(name);
  if (!binding) return;
  // (`import x = require('./y')` is a binding of kind "unknown" in Babel)
  if (binding.kind === 'module' || binding.path.node.type === 'TSImportEqualsDeclaration') {
    const value = importBindingValue(binding);
    const decl = binding.path.node;
    const source =
      binding.path.parent?.type === 'ImportDeclaration'
        ? binding.path.parent.source.value
        : decl.type === 'TSImportEqualsDeclaration' && decl.moduleReference.type === 'TSExternalModuleReference'
          ? decl.moduleReference.expression.value
          : '';
    if (value && 'path' in value) visit(value.path, walk, step({ ...trail, via: 'binding', name }, binding.path, `imported from "${source}"`), depth + 1);
    return;
  }
  const declared = (label: string) => step({ ...trail, via: 'binding', name }, binding.path, label, binding.identifier);
  // `secret: getSecret` with `function getSecret(req, payload, done) { ... }`: only where a function yields the key.
  if (trail.provider && binding.constant && binding.path.node.type === 'FunctionDeclaration') return visit(binding.path, walk, declared(`function ${name}`), depth + 1);
  const init = constantInit(binding);
  if (init) return visit(init, walk, declared(`${binding.kind} ${name}`), depth + 1);
  const reassigned = reassignedValues(binding);
  if (reassigned) return visitReassigned(reassigned, binding, name, walk, trail, depth);
  const destructured = destructuredValue(binding, name);
  if (destructured) visit(destructured, walk, { ...declared(`destructured ${name}`), via: 'property' }, depth + 1);
  const envKey = envDestructuredKey(binding, name);
  if (envKey !== undefined) {
    walk.env.push({ kind: 'env', name: envKey, label: `process.env.${envKey}`, node: binding.identifier, module: moduleOf(binding.path), steps: declared(`destructured ${name}`).steps });
  }
  const param = parameterOf(binding, name);
  if (param) visitCallers(param, walk, trail, depth);
  const fallback = defaultOf(binding, name);
  if (fallback) {
    const envName = fallback.fromEnv ? fallback.key : undefined;
    const via: KeyVia = envName !== undefined ? 'envFallback' : 'defaultValue';
    visit(fallback.path, walk, { ...trail, via, name: envName ?? name }, depth + 1);
  }
}

/** A function at a key position that takes one: what it returns or passes its callback, as the library reads it. */
function visitKeyFunction(fn: NodePath, walk: Walk, trail: Trail, provider: KeyProvider, depth: number): void {
  const declared = functionName(fn) ?? (trail.via === 'binding' || trail.via === 'property' ? trail.name : undefined);
  const name = declared === undefined ? 'the key function' : `${declared}()`;
  const inner: Trail = { ...trail, via: 'binding', name: declared === undefined ? 'key function' : name };
  delete inner.provider;
  inner.calls = new Map(trail.calls ?? []).set(fn.node, null);
  for (const key of providedKeys(fn, provider, name)) visit(key.path, walk, step(inner, key.path, key.label), depth + 1);
}

/**
 * A parameter reaches the key: every argument its function's callers in this module pass there is
 * followed (`signToken(p, 'lit')`); callers in other modules are the derived-sink stage's.
 */
function visitCallers(param: ParameterRef, walk: Walk, trail: Trail, depth: number): void {
  const label = functionLabel(param.fn);
  // Entered through a call (`jwt.sign(p, pick('a'))` returning its parameter): that call's argument only.
  const entered = trail.calls?.get(param.fn.node);
  if (entered === null) return;
  if (!entered) walk.params.push({ param, steps: trail.steps });
  for (const call of entered ? [entered] : callSitesOf(param.fn)) {
    const arg = argumentAt(call, param.index);
    const value = arg && (param.property.length > 0 ? resolveObjectProperty(arg, param.property)?.path : arg);
    if (!value) continue;
    visit(value, walk, step({ ...trail, via: 'argument', name: label }, call, `passed to ${label} as "${param.label}"`), depth + 1);
  }
}

/** A reassigned `let`/`var`: its surviving initialiser (a fallback) and every value assigned to it. */
function visitReassigned(values: AssignedValue[], binding: Binding, name: string, walk: Walk, trail: Trail, depth: number): void {
  for (const value of values) {
    if (value.role === 'assigned') {
      visit(value.path, walk, step({ ...trail, via: 'binding', name }, value.at, `assigned to ${name}`), depth + 1);
      continue;
    }
    const via: KeyVia = value.envName !== undefined ? 'envFallback' : 'fallback';
    visit(value.path, walk, step({ ...trail, via, name: value.envName ?? name }, binding.path, `${binding.kind} ${name}`, binding.identifier), depth + 1);
  }
}

/**
 * Calls whose value is known: `require('./secret')` (module.exports), a local or imported function
 * that returns a literal, and config getters with a default (`configService.get('JWT_SECRET', 'dev')`).
 */
function visitCall(p: NodePath, walk: Walk, trail: Trail, depth: number): void {
  const specifier = requireSpecifier(p);
  if (specifier !== undefined) {
    const value = requiredValue(p, specifier);
    const name = `require("${specifier}")`;
    if (value && 'path' in value) visit(value.path, walk, step({ ...trail, via: 'binding', name }, p, `required from "${specifier}"`), depth + 1);
    return;
  }
  // `configService.get('JWT_SECRET')` (NestJS ConfigService and getters of its shape) reads the environment.
  const read = configGetterName(p);
  const setting = nodeConfigPath(p);
  if (setting !== undefined) walk.env.push({ kind: 'setting', name: setting, label: `config.get('${setting}')`, node: p.node, module: moduleOf(p), steps: trail.steps });
  else if (read !== undefined && ENV_NAME.test(read)) walk.env.push({ kind: 'env', name: read, label: `get('${read}')`, node: p.node, module: moduleOf(p), steps: trail.steps });
  // A dotted (or nconf's colon-separated) name: a namespace or a settings file's key path.
  else if (read !== undefined && /[.:]/.test(read)) walk.env.push({ kind: 'getter', name: read.replace(/:/g, '.'), label: `get('${read}')`, node: p.node, module: moduleOf(p), steps: trail.steps });
  const getter = configGetterDefault(p);
  if (getter) return visit(getter.fallback, walk, { ...trail, via: 'envFallback', name: getter.name }, depth + 1);
  const mapped = mapGetValues(p);
  if (mapped) {
    for (const value of mapped.values) visit(value, walk, step({ ...trail, via: 'property', name: mapped.name }, value, `entry of ${mapped.name}`), depth + 1);
    return;
  }
  const stored = settingValues(p);
  if (stored) {
    for (const value of stored.values) visit(value, walk, step({ ...trail, via: 'property', name: stored.name }, value, `set as ${stored.name}`), depth + 1);
    return;
  }
  const callee = child(p, 'callee');
  const name = callee.node.type === 'Identifier' ? `${callee.node.name}()` : trail.name;
  const fn = calledFunction(callee);
  const calls = fn ? new Map(trail.calls ?? []).set(fn.node, p) : trail.calls;
  const returned = returnedValues(callee);
  for (const value of returned) visit(value, walk, step({ ...trail, via: 'binding', name, calls }, p, `returned by ${name ?? 'a function'}`), depth + 1);
  // `getMetadata(plugin.metadata.Secret)` of a registry the project fills with `setMetadata(key, value)`.
  const registry = registryRead(p);
  if (registry) walk.paths.push({ ...registry, node: p.node, module: moduleOf(p), steps: trail.steps });
}

/**
 * `config.get('jwt.secret')` where `config` is node-config (`require('config')`, `import config from
 * 'config'`): the key path, which its files under config/ hold (default.json, production.json, …).
 */
/** `config.jwt.secret` on node-config's object (it also exposes the settings as properties). */
function nodeConfigProperty(member: NodePath): string | undefined {
  const dotted = dottedName(member.node);
  if (!dotted || !dotted.includes('.')) return undefined;
  const [root, ...rest] = dotted.split('.');
  return isNodeConfig(member, root!) ? rest.join('.') : undefined;
}

function isNodeConfig(at: NodePath, name: string): boolean {
  const decl = at.scope.getBinding(name)?.path;
  return (
    (decl?.parent?.type === 'ImportDeclaration' && decl.parent.source.value === 'config') ||
    (decl?.node.type === 'VariableDeclarator' && decl.node.init != null && requireSpecifier(child(decl, 'init')) === 'config')
  );
}

function nodeConfigPath(call: NodePath): string | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length !== 1) return undefined;
  const callee = unwrapNode(node.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'get') return undefined;
  const receiver = unwrapNode(callee.object);
  if (receiver.type !== 'Identifier') return undefined;
  return isNodeConfig(call, receiver.name) ? staticString(node.arguments[0]!) : undefined;
}

/**
 * Whether the object a member chain starts from is opaque here (`this`, a global, the result of a
 * call, a package's export): then another module may write the path. A local object literal or an
 * import of a local module was followed already; when that found nothing (the object is written
 * over before use), no other module's literal is the value either.
 */
function opaqueRoot(member: NodePath): boolean {
  let root = unwrapPath(member);
  while (root.node.type === 'MemberExpression') root = unwrapPath(child(root, 'object'));
  if (root.node.type !== 'Identifier') return true;
  const binding = root.scope.getBinding(root.node.name);
  if (!binding) return true;
  if (binding.kind === 'module') return importBindingValue(binding) === undefined;
  const init = binding.path.node.type === 'VariableDeclarator' ? binding.path.node.init : undefined;
  if (!init) return true;
  const value = unwrapNode(init);
  return value.type !== 'ObjectExpression' && requireSpecifier(child(binding.path, 'init')) === undefined;
}

/** An identifier bound to a package or Node built-in imported whole (`import fs from 'fs'`): a module object, always truthy. */
function isImportedModule(path: NodePath): boolean {
  const p = unwrapPath(path);
  if (p.node.type !== 'Identifier') return false;
  const binding = p.scope.getBinding(p.node.name);
  const decl = binding?.path;
  const isPackage = (specifier: string | undefined) => specifier !== undefined && !specifier.startsWith('.') && !specifier.startsWith('/');
  if (decl?.node.type === 'ImportDefaultSpecifier' || decl?.node.type === 'ImportNamespaceSpecifier') return decl.parent?.type === 'ImportDeclaration' && isPackage(decl.parent.source.value);
  return !!binding?.constant && decl?.node.type === 'VariableDeclarator' && decl.node.id.type === 'Identifier' && decl.node.init != null && isPackage(requireSpecifier(child(decl, 'init')));
}

/** `const env = process.env; … env.JWT_SECRET`: the variable read through a constant alias of the environment. */
function envThroughAlias(member: NodePath): string | undefined {
  const node = member.node;
  if (node.type !== 'MemberExpression') return undefined;
  const object = unwrapNode(node.object);
  if (object.type !== 'Identifier') return undefined;
  const binding = member.scope.getBinding(object.name);
  const decl = binding?.path.node;
  if (!binding?.constant || decl?.type !== 'VariableDeclarator' || !decl.init || !isEnvObject(unwrapNode(decl.init))) return undefined;
  return memberName(node);
}

/** `const { JWT_SECRET } = process.env` (with or without a default, renamed or not): the variable's name. */
function envDestructuredKey(binding: Binding, name: string): string | undefined {
  const node = binding.path.node;
  if (node.type !== 'VariableDeclarator' || node.id.type !== 'ObjectPattern' || !node.init || !isEnvObject(unwrapNode(node.init))) return undefined;
  return destructuredKey(node.id, name);
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
  // WebCrypto: crypto.subtle.importKey('raw', bytes, { name: 'HMAC', … }, …)
  if (memberName(callee) === 'importKey' && staticString(node.arguments[0]!) === 'raw' && node.arguments[1]) return { path: children(p, 'arguments')[1]! };
  const encodingArg = node.arguments[1];
  const encoding = encodingArg?.type === 'StringLiteral' && BYTE_ENCODINGS.has(encodingArg.value) ? encodingArg.value : undefined;
  if (encodingArg && !encoding) return undefined; // an encoding we cannot count: stay silent
  if (callee.type === 'Identifier' && callee.name === 'String' && !p.scope.getBinding('String')) return { path: first };
  const method = memberName(callee);
  if (callee.type === 'MemberExpression') {
    const object = unwrapNode(callee.object);
    if (method === 'from' && object.type === 'Identifier' && object.name === 'Buffer') return { path: first, encoding };
    if (method === 'encode' && isTextEncoder(child(child(p, 'callee'), 'object'))) return { path: first };
    if (method === 'createSecretKey') return { path: first, encoding };
  }
  if (callee.type === 'Identifier' && callee.name === 'createSecretKey') return { path: first, encoding };
  return undefined;
}

/** `new TextEncoder()`, directly or through a const. */
function isTextEncoder(path: NodePath): boolean {
  let p = unwrapPath(path);
  if (p.node.type === 'Identifier') {
    const binding = p.scope.getBinding(p.node.name);
    const init = binding && constantInit(binding);
    if (!init) return false;
    p = unwrapPath(init);
  }
  const node = p.node;
  return node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'TextEncoder';
}

/** The operands of a `+` chain or the expressions of a template, minus the literal ones (written right there). */
function concatenatedParts(path: NodePath): NodePath[] {
  const node = path.node;
  if (node.type === 'TemplateLiteral') return children(path, 'expressions');
  if (node.type !== 'BinaryExpression' || node.operator !== '+') return [path];
  return [child(path, 'left'), child(path, 'right')].flatMap((side) => {
    const inner = unwrapPath(side);
    if (staticString(inner.node) !== undefined) return [];
    return inner.node.type === 'BinaryExpression' || inner.node.type === 'TemplateLiteral' ? concatenatedParts(inner) : [inner];
  });
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
