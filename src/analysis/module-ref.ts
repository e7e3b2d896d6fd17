/**
 * Which module export an expression denotes: `jwt.sign` after `import jwt from 'jsonwebtoken'` is
 * `{ module: 'jsonwebtoken', path: ['sign'] }`. Covers ESM default/namespace/named imports, CommonJS
 * `require` (whole, member, destructured, renamed; also a `require` made by `createRequire`), TS
 * `import x = require()`, dynamic `await import()` and const aliases of any of these. A `default`
 * step is dropped so CommonJS and ESM spellings meet.
 *
 * Library aliases are followed too: the library held in an object property or a class field
 * (`libs.jwt.sign`, `this.jwt.sign`), `util.promisify(jwt.sign)` and `jwt.verify.bind(jwt)` (the same
 * function, same argument positions), and a local module that passes a package on (`export * from
 * 'jsonwebtoken'`, `export { sign } from …`, `export default jwt`, `module.exports = require(…)`):
 * calls through it are the package's calls. Where a local module's export is no package export, the
 * ref is the specifier as spelled in the importing file (config sinks match it by file).
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { aliasedFunction, requireCallSpecifier } from './builtin-calls.js';
import { importedModule, importedSource, type ModuleHandle } from './module-context.js';
import { isConsumerName, mayPassOnConsumer, namesConsumer } from './key-consumers.js';
import { commonJsExport, exportedValue, packageReexport, requiredValue, starSources, type ModuleValue } from './module-exports.js';
import { resolveObjectProperty } from './resolve-object.js';
import { child, memberName, propertyName, unwrapPath } from './unwrap.js';
import { thisOwner } from './value-sources.js';
import { instanceFieldStores } from './class-stores.js';

export interface ModuleRef {
  module: string;
  path: string[];
}

/**
 * What an expression denotes: an export of a package (`ref`; in single-file analysis every import
 * is one), a local module's namespace, or only the spelling of something in a local module.
 * `spelled` is the ref the importing file's own specifier gives; it is absent when the value came
 * from another file (an object literal or class field there), whose specifiers mean other files.
 */
type Denoted = PackageExport | { namespace: ModuleHandle; spelled?: ModuleRef } | { spelled: ModuleRef };

/** What a local module exports under a name, as seen from outside it. */
type Exported = PackageExport | { namespace: ModuleHandle };

/**
 * A package export. `owner`: the local module whose whole CommonJS export it is
 * (`module.exports = require('jsonwebtoken')`); a property that module writes itself
 * (`module.exports.sign = mySign`) is read there, not from the package.
 */
interface PackageExport {
  ref: ModuleRef;
  owner?: ModuleHandle;
}

const MAX_DEPTH = 16;

/** Per expression node: rules ask for the same callee several times (key flows, env flows). */
const refMemo = new WeakMap<Node, ModuleRef | null>();

export function resolveModuleRef(path: NodePath): ModuleRef | undefined {
  const node = unwrapPath(path).node;
  const memo = refMemo.get(node);
  if (memo !== undefined) return memo ?? undefined;
  const denoted = denote(path, 0);
  const ref = denoted && ('ref' in denoted ? denoted.ref : denoted.spelled);
  refMemo.set(node, ref ?? null);
  return ref;
}

function denote(path: NodePath, depth: number): Denoted | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const p = unwrapPath(path);
  const node = p.node;
  switch (node.type) {
    case 'Identifier':
      return denoteBinding(p, node.name, depth);
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const name = memberName(node);
      return name === undefined ? undefined : memberDenoted(child(p, 'object'), name, depth);
    }
    case 'AwaitExpression':
      return denote(child(p, 'argument'), depth + 1);
    case 'CallExpression': {
      const same = aliasedFunction(p);
      if (same) return denote(same, depth + 1);
      const specifier = requireCallSpecifier(p);
      return specifier === undefined ? undefined : moduleDenoted(p, specifier, depth);
    }
    default:
      return undefined;
  }
}

/** Property `name` of what `object` denotes: an export path, a local module's export, an object literal's or a class field's value. */
function memberDenoted(object: NodePath, name: string, depth: number): Denoted | undefined {
  const base = denote(object, depth + 1);
  if (base && 'ref' in base) {
    const own = base.owner && name !== 'default' && exportedValue(base.owner, name);
    return own ? fromOtherPlace(valueExported(own, depth + 1)) : { ref: append(base.ref, name) };
  }
  const spelled = base?.spelled && append(base.spelled, name);
  if (base && 'namespace' in base) return respell(exportDenoted(base.namespace, name, depth + 1), spelled);
  const o = unwrapPath(object);
  const held = o.node.type === 'ThisExpression' ? thisFieldDenoted(o, name, depth) : propertyDenoted(o, name, depth);
  return held ?? (spelled && { spelled });
}

function denoteBinding(at: NodePath, name: string, depth: number): Denoted | undefined {
  const binding = at.scope.getBinding(name);
  if (!binding) return undefined;
  const decl = binding.path;
  const node = decl.node;
  switch (node.type) {
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ImportSpecifier': {
      const parent = decl.parent;
      if (parent.type !== 'ImportDeclaration' || parent.importKind === 'type' || (node.type === 'ImportSpecifier' && node.importKind === 'type')) return undefined;
      const source = parent.source.value;
      // undefined: the namespace itself
      const imported = node.type === 'ImportSpecifier' ? propertyName(node.imported, false) ?? '' : node.type === 'ImportDefaultSpecifier' ? 'default' : undefined;
      const spelled = { module: source, path: imported === undefined || imported === 'default' ? [] : [imported] };
      const target = passesOn(decl, source, imported) ? importedModule(decl, source) : undefined;
      if (!target) return { ref: spelled };
      if (imported === undefined) return { namespace: target, spelled };
      return respell(exportDenoted(target, imported, depth + 1), spelled);
    }
    case 'TSImportEqualsDeclaration':
      return node.moduleReference.type === 'TSExternalModuleReference' ? moduleDenoted(decl, node.moduleReference.expression.value, depth) : undefined;
    case 'VariableDeclarator': {
      if (!binding.constant || !node.init) return undefined;
      const init = child(decl, 'init');
      if (node.id.type === 'Identifier') return denote(init, depth + 1);
      const key = destructuredKey(node.id, name);
      return key === undefined ? undefined : memberDenoted(init, key, depth + 1);
    }
    default:
      return undefined;
  }
}

/**
 * A local module is parsed only if its text could pass a JWT library on: it names one itself (a
 * holder, `export default jwt`), or re-exports modules that lead to one (read, not parsed) and the
 * name imported is one a JWT library exports (any name, for a namespace or default import). Most
 * imports are the project's own functions, and parsing each of them costs more than the scan.
 */
function passesOn(at: NodePath, specifier: string, imported?: string): boolean {
  const target = importedSource(at, specifier);
  if (target === undefined || !mayPassOnConsumer(target.source)) return false;
  if (namesConsumer(target.source)) return true;
  return (imported === undefined || imported === 'default' || isConsumerName(imported)) && leadsToConsumer(at, target, 0);
}

/** `require(specifier)` / `import(specifier)` from the module of `at`. */
function moduleDenoted(at: NodePath, specifier: string, depth: number): Denoted | undefined {
  const spelled = { module: specifier, path: [] };
  const target = passesOn(at, specifier) ? importedModule(at, specifier) : undefined;
  if (!target) return { ref: spelled };
  const value = requiredValue(at, specifier);
  return respell(value && valueExported(value, depth + 1, target), spelled);
}

function respell(exported: Exported | undefined, spelled: ModuleRef | undefined): Denoted | undefined {
  if (exported && 'ref' in exported) return exported;
  if (exported) return { namespace: exported.namespace, ...(spelled ? { spelled } : {}) };
  return spelled && { spelled };
}

/** A package ref or a local namespace; anything else held in a local module is nothing to its importers. */
function asExported(denoted: Denoted | undefined): Exported | undefined {
  if (!denoted) return undefined;
  if ('ref' in denoted) return denoted;
  return 'namespace' in denoted ? { namespace: denoted.namespace } : undefined;
}

/** `module`: the local module `value` was exported from, when it may be its whole CommonJS export. */
function valueExported(value: ModuleValue, depth: number, module?: ModuleHandle): Exported | undefined {
  if ('namespace' in value) return value;
  const exported = asExported(denote(value.path, depth));
  const whole = module && exported && 'ref' in exported && commonJsExport(module);
  return whole && 'path' in whole && whole.path.node === value.path.node ? { ref: exported.ref, owner: module } : exported;
}

/** Per analysed file (its Program) and absolute path: whether a module leads to a JWT library. */
const leadMemos = new WeakMap<Node, Map<string, boolean>>();
const RE_EXPORT_SOURCE = /export\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g;
const MAX_BARRELS = 4;

/**
 * Whether a JWT library can be reached from a module: its text names one, or it re-exports a module
 * (read, not parsed) that does, a few barrels deep. Outside a resolution with a catalogue, always.
 * `at` lends its resolver; `module` is the file looked at.
 */
function leadsToConsumer(at: NodePath, module: { absolute: string; source: string }, depth: number): boolean {
  if (namesConsumer(module.source)) return true;
  if (depth >= MAX_BARRELS) return false;
  const program = at.scope.getProgramParent().path.node;
  let leadMemo = leadMemos.get(program);
  if (!leadMemo) leadMemos.set(program, (leadMemo = new Map()));
  const memo = leadMemo.get(module.absolute);
  if (memo !== undefined) return memo;
  leadMemo.set(module.absolute, false); // a cycle leads nowhere new
  let leads = false;
  for (const match of module.source.matchAll(RE_EXPORT_SOURCE)) {
    const target = importedSource(at, match[1]!, module);
    if (target && leadsToConsumer(at, target, depth + 1)) {
      leads = true;
      break;
    }
  }
  leadMemo.set(module.absolute, leads);
  return leads;
}

/** Per local module and export name; `null` while being computed, so import cycles end. */
const exportMemo = new WeakMap<ModuleHandle, Map<string, Exported | null | 'none'>>();

/** What `module` exports under `name` (`'default'` for the default export), when it is a package's export or a local namespace. */
function exportDenoted(module: ModuleHandle, name: string, depth: number): Exported | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let known = exportMemo.get(module);
  if (!known) exportMemo.set(module, (known = new Map()));
  const memo = known.get(name);
  if (memo !== undefined) return memo === null || memo === 'none' ? undefined : memo;
  known.set(name, null);
  const result = computeExportDenoted(module, name, depth);
  known.set(name, result ?? 'none');
  return result;
}

function computeExportDenoted(module: ModuleHandle, name: string, depth: number): Exported | undefined {
  // Only a name a JWT library exports, or a module that names a JWT library itself (a holder, `export
  // default jwt`), is followed: through barrels, any other name would parse the whole barrel tree.
  if (!isConsumerName(name) && !namesConsumer(module.source)) return undefined;
  // A barrel whose re-exports lead to no JWT library is not followed either.
  if (!leadsToConsumer(module.program(), module, 0)) return undefined;
  // `export { default } from 'jsonwebtoken'` first: exportedValue() cannot follow it, and would take a
  // module without a default of its own for its namespace.
  const reexported = packageReexport(module, name);
  if (reexported) return { ref: reexported };
  // The module's own export of the name (through local re-exports and barrels) wins over `export *`.
  const value = exportedValue(module, name);
  if (value) return valueExported(value, depth + 1, name === 'default' ? module : undefined);
  if (name === 'default') return undefined;
  // module.exports = require('jsonwebtoken') / export = jwt: a property of the whole export.
  const whole = commonJsExport(module);
  if (whole) return 'path' in whole ? asExported(memberDenoted(whole.path, name, depth + 1)) : undefined;
  // export * from 'jsonwebtoken': only when exactly one star source can supply the name (several are ambiguous).
  const stars = starSources(module);
  const candidates: Exported[] = stars.packages.map((source) => ({ ref: { module: source, path: [name] } }));
  for (const local of stars.local) {
    const found = exportDenoted(local, name, depth + 1);
    if (found) candidates.push(found);
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** `libs.jwt` with `const libs = { jwt: require('jsonwebtoken') }` never written to (see resolve-object.ts). */
function propertyDenoted(object: NodePath, name: string, depth: number): Denoted | undefined {
  const value = resolveObjectProperty(object, [name]);
  return value && fromOtherPlace(denote(value.path, depth + 1));
}

/** Per class node and field name; `null` while being computed. */
const fieldMemo = new WeakMap<Node, Map<string, Denoted | null | 'none'>>();

/**
 * `this.jwt` in a class whose every store into the field (`jwt = jsonwebtoken`, `this.jwt = jwt` in
 * the constructor or any method) denotes the same export. A field set from a parameter is unknown.
 */
function thisFieldDenoted(thisPath: NodePath, name: string, depth: number): Denoted | undefined {
  const owner = thisOwner(thisPath);
  if (!owner) return undefined;
  let known = fieldMemo.get(owner.node);
  if (!known) fieldMemo.set(owner.node, (known = new Map()));
  const memo = known.get(name);
  if (memo !== undefined) return memo === null || memo === 'none' ? undefined : memo;
  known.set(name, null);
  const stores = instanceFieldStores(owner, name);
  const values = stores.unknown ? [] : stores.values.map((value) => fromOtherPlace(denote(value, depth + 1)));
  const [first] = values;
  const same = first !== undefined && values.every((v) => v !== undefined && sameDenoted(v, first));
  const result = same ? first : undefined;
  known.set(name, result ?? 'none');
  return result;
}

/** A value found elsewhere (another file, maybe) keeps no spelling: its specifiers are relative to that place. */
function fromOtherPlace(denoted: Denoted | undefined): Denoted | undefined {
  if (!denoted || 'ref' in denoted) return denoted;
  return 'namespace' in denoted ? { namespace: denoted.namespace } : undefined;
}

function sameDenoted(a: Denoted, b: Denoted): boolean {
  if ('ref' in a && 'ref' in b) return a.ref.module === b.ref.module && a.ref.path.length === b.ref.path.length && a.ref.path.every((part, i) => part === b.ref.path[i]);
  return 'namespace' in a && 'namespace' in b && a.namespace === b.namespace;
}

function append(ref: ModuleRef, name: string): ModuleRef {
  if (name === 'default' && ref.path.length === 0) return ref;
  return { module: ref.module, path: [...ref.path, name] };
}

/** In `{ a, b: c, d = 1 }`, the property key that binds `name`. */
export function destructuredKey(pattern: Node, name: string): string | undefined {
  if (pattern.type !== 'ObjectPattern') return undefined;
  for (const prop of pattern.properties) {
    if (prop.type !== 'ObjectProperty') continue;
    const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
    if (value.type === 'Identifier' && value.name === name) return propertyName(prop.key, prop.computed);
  }
  return undefined;
}
