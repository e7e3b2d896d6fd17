/**
 * What the analysis knows about the module a node lives in, and the door to other modules.
 * The engine registers each parsed Program node with its file and a resolver; analysis code asks
 * `moduleOf(path)` and `importedModule(path, specifier)` without knowing how files are found, read
 * or parsed (that is the engine's and src/modules' job). Without a resolver there is no cross-file
 * resolution and every import stays opaque, exactly as in single-file analysis.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';

export interface ModuleHandle {
  /** Path relative to the scan base (POSIX), as findings report it. */
  file: string;
  absolute: string;
  source: string;
  /** The Program path of the parsed module (scopes crawled). */
  program(): NodePath;
}

export interface ModuleResolver {
  /** The module `specifier` denotes when imported from `from`, parsed; undefined when unknown or not local. */
  resolve(from: ModuleHandle, specifier: string): ModuleHandle | undefined;
  /** The file and text of the module `specifier` denotes from `from`, read but not parsed (a cheap look before `resolve`). */
  sourceOf?(from: { absolute: string }, specifier: string): { absolute: string; source: string } | undefined;
}

interface Registration {
  module: ModuleHandle;
  resolver?: ModuleResolver;
}

const registry = new WeakMap<Node, Registration>();

export function registerModule(program: Node, module: ModuleHandle, resolver?: ModuleResolver): void {
  registry.set(program, { module, resolver });
}

function registrationOf(path: NodePath): Registration | undefined {
  return registry.get(path.scope.getProgramParent().path.node);
}

export function moduleOf(path: NodePath): ModuleHandle | undefined {
  return registrationOf(path)?.module;
}

/**
 * The file and text of the local module `specifier` names, without parsing it: from the module of
 * `path`, or from the file `from` (a module only read so far) with the resolver of `path`'s module.
 */
export function importedSource(path: NodePath, specifier: string, from?: { absolute: string }): { absolute: string; source: string } | undefined {
  const registration = registrationOf(path);
  if (!registration?.resolver) return undefined;
  const origin = from ?? registration.module;
  if (registration.resolver.sourceOf) return registration.resolver.sourceOf(origin, specifier);
  return from ? undefined : registration.resolver.resolve(registration.module, specifier);
}

/** The local module `specifier` resolves to from the module of `path` (relative paths, tsconfig `paths`). */
export function importedModule(path: NodePath, specifier: string): ModuleHandle | undefined {
  const registration = registrationOf(path);
  if (!registration?.resolver) return undefined;
  return registration.resolver.resolve(registration.module, specifier);
}
