/**
 * Follows an expression to an object literal and a property path inside it:
 * `config.jwt.secret` with `const config = { jwt: { secret: … } }`. Only through bindings that are
 * never reassigned and objects that are never written to, so the value found is the value used.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Binding } from '../ast/scope.js';
import type { Node } from '@babel/types';
import { importedModule, importedSource, moduleOf, type ModuleHandle } from './module-context.js';
import { exportedValue, importBindingValue, requiredValue, requireSpecifier, type ModuleValue } from './module-exports.js';
import { frozenArgument, isObjectShape, isReadOnlyObjectArgument, ownProperty, ownPropertyNames, type PropertyLookup } from './object-shapes.js';
import { child, children, propertyName, unwrapPath } from './unwrap.js';
import { passedToKeyConsumer } from './key-consumers.js';
import { returnedValues } from './value-sources.js';

const MAX_DEPTH = 10;

export interface ResolvedProperty {
  path: NodePath;
}

/** An object literal (or another shape of object-shapes.ts), or a module namespace whose "properties" are its exports. */
type ObjectValue = { path: NodePath } | { namespace: ModuleHandle };

/** The value path of `property` inside the object `objectPath` evaluates to. */
export function resolveObjectProperty(objectPath: NodePath, property: readonly string[]): ResolvedProperty | undefined {
  let current: ModuleValue = { path: objectPath };
  for (const name of property) {
    const next = propertyValue(current, name, 0);
    if (!next) return undefined;
    current = next;
  }
  return 'path' in current ? { path: current.path } : undefined;
}

function propertyValue(value: ModuleValue, name: string, depth: number): ModuleValue | undefined {
  const found = lookupProperty(value, name, depth);
  return found === 'absent' ? undefined : found;
}

/** The property's value, `'absent'` when the object provably lacks it, `undefined` when unknown. */
function lookupProperty(value: ModuleValue, name: string, depth: number): PropertyLookup<ModuleValue> {
  if (depth > MAX_DEPTH) return undefined;
  if ('path' in value) {
    const assigned = assignedProperty(value.path, name);
    if (assigned) return { path: assigned };
  }
  const object = 'namespace' in value ? value : resolveObjectLiteral(value.path, depth);
  if (!object) return undefined;
  if ('namespace' in object) return exportedValue(object.namespace, name);
  // Spreads and Object.assign sources are looked into: the last one that has the property wins.
  return ownProperty<ModuleValue>(object.path, name, (path) => ({ path }), (source) => lookupProperty({ path: source }, name, depth + 1));
}

/**
 * The names of the properties the object `path` evaluates to is known to have: its literal's (and
 * known spreads') keys and the names written into it (`x.k = v`). Empty when it cannot be read.
 */
export function propertyNames(path: NodePath, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  const object = resolveObjectLiteral(path, depth);
  if (!object || 'namespace' in object) return [];
  const own = ownPropertyNames(object.path, (source) => propertyNames(source, depth + 1));
  return [...new Set([...own, ...directWrites(path).map((w) => w.name)])];
}

/**
 * The object literal (or module namespace) an expression evaluates to: a literal, a const binding,
 * a destructured or member property of one, an imported binding or a `require()` of a local module.
 */
export function resolveObjectLiteral(path: NodePath, depth: number): ObjectValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const p = unwrapPath(path);
  const node = p.node;
  if (isObjectShape(p)) return { path: p };
  const frozen = frozenArgument(p);
  if (frozen) return resolveObjectLiteral(frozen, depth + 1);
  if (node.type === 'Identifier') {
    const binding = p.scope.getBinding(node.name);
    if (!binding) return undefined;
    // `enum Keys { … }` (declared once: merged declarations are not constant)
    if (binding.path.node.type === 'TSEnumDeclaration') return binding.constant && isObjectShape(binding.path) ? { path: binding.path } : undefined;
    // An imported object written through in this module (`settings.jwt.secret = process.env.X`), or in
    // a module this one imports (`import './bootstrap'` doing the same), is not what its literal says.
    if (binding.kind === 'module') {
      const imported = fromModuleValue(importBindingValue(binding), depth);
      return imported && !isMutated(binding, p.node, true) && !writtenBySiblingImport(binding, imported) ? imported : undefined;
    }
    const destructured = destructuredValue(binding, node.name);
    if (destructured) return resolveObjectLiteral(destructured, depth + 1);
    const init = constantInit(binding);
    // Direct writes `x.k = v` are fine: propertyValue() looks for them first. The (costlier) write
    // check runs only once an object was found: most consts hold no object literal.
    const value = init && resolveObjectLiteral(init, depth + 1);
    return value && !isMutated(binding, p.node, true) ? value : undefined;
  }
  if (node.type === 'MemberExpression' && !node.computed) {
    const name = propertyName(node.property, node.computed);
    const value = name === undefined ? undefined : propertyValue({ path: child(p, 'object') }, name, depth + 1);
    return fromModuleValue(value, depth);
  }
  // `const config = (() => { const params = { … }; return params })()`: what an immediately invoked function returns.
  const returned = iifeReturn(p);
  if (returned) return resolveObjectLiteral(returned, depth + 1);
  const specifier = requireSpecifier(p);
  if (specifier === undefined) return undefined;
  const value = fromModuleValue(requiredValue(p, specifier), depth);
  if (value) return value;
  // `require('./key-provider').admin` with `module.exports = fn; module.exports.admin = …`: the module's exports.
  const module = importedModule(p, specifier);
  return module ? { namespace: module } : undefined;
}

function fromModuleValue(value: ModuleValue | undefined, depth: number): ObjectValue | undefined {
  if (!value) return undefined;
  return 'namespace' in value ? value : resolveObjectLiteral(value.path, depth + 1);
}

/** The one value an immediately invoked arrow or function expression (without arguments) returns. */
function iifeReturn(call: NodePath): NodePath | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length > 0) return undefined;
  const callee = unwrapPath(child(call, 'callee'));
  if (callee.node.type !== 'ArrowFunctionExpression' && callee.node.type !== 'FunctionExpression') return undefined;
  if (callee.node.async || callee.node.generator) return undefined; // a promise or an iterator, not the object
  const returns = returnedValues(callee);
  return returns.length === 1 ? returns[0] : undefined;
}

/**
 * `const { secret } = config` / `const { jwt: { secret } } = config`: the value of the destructured
 * property in the (resolvable) initialiser, when the binding is never reassigned.
 */
export function destructuredValue(binding: Binding, name: string): NodePath | undefined {
  const decl = binding.path;
  const node = decl.node;
  if (!binding.constant || node.type !== 'VariableDeclarator' || !node.init || node.id.type !== 'ObjectPattern') return undefined;
  const keys = patternPath(node.id, name);
  return keys ? resolveObjectProperty(child(decl, 'init'), keys)?.path : undefined;
}

/** The property path that binds `name` in a (nested) object pattern. */
export function patternPath(pattern: Node, name: string): string[] | undefined {
  if (pattern.type !== 'ObjectPattern') return undefined;
  for (const prop of pattern.properties) {
    if (prop.type !== 'ObjectProperty') continue;
    const key = propertyName(prop.key, prop.computed);
    if (key === undefined) continue;
    const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
    if (value.type === 'Identifier' && value.name === name) return [key];
    const inner = patternPath(value, name);
    if (inner) return [key, ...inner];
  }
  return undefined;
}

/** The initialiser of a `const` (or never-reassigned `let`/`var`) declared with a plain identifier. */
export function constantInit(binding: Binding): NodePath | undefined {
  if (!binding.constant) return undefined;
  const decl = binding.path;
  if (decl.node.type !== 'VariableDeclarator' || decl.node.id.type !== 'Identifier' || !decl.node.init) return undefined;
  return child(decl, 'init');
}

/**
 * The initialiser of a never-reassigned variable whose value is used only by reading it (no write
 * into it, not handed to other code); `use` is the read being resolved. Imports: their module's value.
 */
export function unchangedValue(binding: Binding, use: Node): NodePath | undefined {
  if (binding.kind === 'module') {
    const value = isMutated(binding, use) ? undefined : importBindingValue(binding);
    return value && 'path' in value ? value.path : undefined;
  }
  const init = constantInit(binding);
  return init && !isMutated(binding, use) ? init : undefined;
}

/**
 * `const opts = {}; opts.secretOrKey = 'x'` (passport-jwt's README): the value last assigned to
 * `x.name` for a never-reassigned `x` holding an object literal that does not escape.
 */
function assignedProperty(path: NodePath, name: string): NodePath | undefined {
  let last: NodePath | undefined;
  for (const write of directWrites(path)) {
    if (write.name === name && (!last || (write.value.node.start ?? 0) > (last.node.start ?? 0))) last = write.value;
  }
  return last;
}

/** Every `x.name = value` write into a never-reassigned `x` holding an object literal that does not escape. */
function directWrites(path: NodePath): { name: string; value: NodePath }[] {
  const p = unwrapPath(path);
  if (p.node.type !== 'Identifier') return [];
  const binding = p.scope.getBinding(p.node.name);
  const init = binding && constantInit(binding);
  if (!binding || !init || unwrapPath(init).node.type !== 'ObjectExpression' || isMutated(binding, p.node, true)) return [];
  const writes: { name: string; value: NodePath }[] = [];
  for (const ref of binding.referencePaths) {
    const member = ref.parentPath;
    const assignment = member?.parentPath;
    if (!member || !assignment || member.node.type !== 'MemberExpression' || member.node.object !== ref.node) continue;
    if (assignment.node.type !== 'AssignmentExpression' || assignment.node.operator !== '=' || assignment.node.left !== member.node) continue;
    const name = propertyName(member.node.property, member.node.computed);
    if (name !== undefined) writes.push({ name, value: child(assignment, 'right') });
  }
  return writes;
}

/**
 * True when the object may change after its literal: a reference writes into it (`x.a = …`,
 * `({ k: x.a } = …)`, `x.a++`, `delete x.a`), or the object itself escapes (passed to a call such as
 * `merge(x, env)` or `Object.defineProperty(x, …)`, aliased, returned). Spreading it copies it, and
 * exporting it shares it for reading; both are fine. `use` is the reference being resolved.
 */
/** More imports of one module than this are not opened to look for writes (a barrel-heavy entry point). */
const MAX_SIBLINGS = 16;

/**
 * Whether another local module that the importing module imports (its bootstrap, a setup file)
 * imports the same object and writes it. One level deep: the modules the entry point loads first.
 */
function writtenBySiblingImport(binding: Binding, object: ObjectValue): boolean {
  if (!('path' in object)) return false;
  const target = moduleOf(object.path)?.file;
  const program = binding.path.scope.getProgramParent().path;
  const own = binding.path.parent?.type === 'ImportDeclaration' ? binding.path.parent.source.value : undefined;
  if (!target) return false;
  let opened = 0;
  // A module that imports the target spells its file or folder name in the specifier: only those are parsed.
  const stem = target.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '').split('/').pop() ?? '';
  for (const statement of children(program, 'body')) {
    const node = statement.node;
    if (node.type !== 'ImportDeclaration' || node.source.value === own || !node.source.value.startsWith('.')) continue;
    const text = importedSource(statement, node.source.value)?.source;
    if (text !== undefined && !text.includes(stem)) continue;
    if (++opened > MAX_SIBLINGS) return false;
    const sibling = importedModule(statement, node.source.value);
    if (!sibling || sibling.file === target) continue;
    if (writesImportOf(sibling, target)) return true;
  }
  return false;
}

/** `module` imports the module `target` and writes through that import (`runtimeConfig.secret = …`). */
function writesImportOf(module: ModuleHandle, target: string): boolean {
  for (const statement of children(module.program(), 'body')) {
    const node = statement.node;
    if (node.type !== 'ImportDeclaration' || importedModule(statement, node.source.value)?.file !== target) continue;
    for (const specifier of children(statement, 'specifiers')) {
      const local = (specifier.node as { local: { name: string } }).local.name;
      const imported = specifier.scope.getBinding(local);
      if (imported && isMutated(imported, statement.node)) return true;
    }
  }
  return false;
}

function isMutated(binding: Binding, use: Node, allowDirectWrites = false): boolean {
  return binding.referencePaths.some((ref) => {
    if (ref.node === use) return false; // the use being resolved (e.g. the options passed to the sink)
    if (ref.node.type !== 'Identifier') return false; // Babel records `export const x` as a reference from the export statement
    if (allowDirectWrites && isDirectWrite(ref)) return false;
    return mayChange(ref, 0);
  });
}

/** Can this use of the object (a reference to it, or a read of a private field holding it) change it or let it escape? */
function mayChange(ref: NodePath, depth: number): boolean {
  let top: NodePath = ref;
  while (top.parentPath?.node.type === 'MemberExpression' && (top.parentPath.node as { object: Node }).object === top.node) {
    top = top.parentPath;
  }
  const parent = top.parentPath;
  if (!parent) return false;
  if (top === ref) {
    if (parent.node.type === 'ClassPrivateProperty' && parent.node.value === ref.node) return privateFieldMayChange(parent, depth + 1);
    return !isReadOnlyUse(parent.node, top.node) && !isReadOnlyObjectArgument(parent, top.node) && !passedToKeyConsumer(parent, top.node);
  }
  if (parent.node.type === 'UnaryExpression' && parent.node.operator === 'delete') return true;
  if (parent.node.type === 'UpdateExpression') return true;
  return isWriteTarget(top.node, parent.node, parent.parentPath?.node);
}

/**
 * `#options = kept` in a class: only the class body can reach a private field, so the object stays
 * unchanged when every `….#options` there is only read through (`this.#options.secret`). Replacing the
 * field itself (`this.#options = other`) does not change the object.
 */
function privateFieldMayChange(field: NodePath, depth: number): boolean {
  const known = privateFieldVerdicts.get(field.node);
  if (known !== undefined) return known;
  const key = (field.node as { key: Node }).key;
  const body = field.parentPath;
  if (depth > 3 || key.type !== 'PrivateName' || !body) return true;
  let changed = false;
  body.traverse({
    MemberExpression(member) {
      const node = member.node as Node & { property: Node };
      if (changed || node.property.type !== 'PrivateName' || node.property.id.name !== key.id.name) return;
      const parent = member.parentPath?.node;
      if (parent?.type === 'AssignmentExpression' && parent.left === node) return;
      changed = mayChange(member, depth);
    },
  });
  privateFieldVerdicts.set(field.node, changed);
  return changed;
}

/** Per private field holding an object: may the class change that object? (A pure function of the AST.) */
const privateFieldVerdicts = new WeakMap<Node, boolean>();

/** `x.k = v` with a static `k`: a write of one property of x, not of anything nested. */
function isDirectWrite(ref: NodePath): boolean {
  const member = ref.parentPath;
  const assignment = member?.parentPath;
  return (
    member?.node.type === 'MemberExpression' &&
    member.node.object === ref.node &&
    propertyName(member.node.property, member.node.computed) !== undefined &&
    assignment?.node.type === 'AssignmentExpression' &&
    assignment.node.operator === '=' &&
    assignment.node.left === member.node
  );
}

/** Is `node` (a member expression) written by its parent: assignment, destructuring or loop target? */
function isWriteTarget(node: Node, parent: Node, grandparent: Node | undefined): boolean {
  switch (parent.type) {
    case 'AssignmentExpression':
    case 'AssignmentPattern':
    case 'ForInStatement':
    case 'ForOfStatement':
      return parent.left === node;
    case 'ArrayPattern':
    case 'RestElement':
      return true;
    case 'ObjectProperty':
      return parent.value === node && grandparent?.type === 'ObjectPattern';
    default:
      return false;
  }
}

/** Uses of the bare object that cannot change it: member reads are handled by the caller. */
function isReadOnlyUse(parent: Node, node: Node): boolean {
  switch (parent.type) {
    case 'SpreadElement':
    case 'ExportSpecifier':
    case 'ExportDefaultDeclaration':
    case 'UnaryExpression': // typeof x, void x
    case 'BinaryExpression': // x === y, 'k' in x
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
      return true;
    case 'MemberExpression':
      return parent.object === node;
    case 'VariableDeclarator':
      // `const { a } = x` copies out of x; `const y = x` aliases it (and y may be written).
      return parent.init === node && parent.id.type !== 'Identifier';
    default:
      return false;
  }
}
