/**
 * The scan's view of local modules for cross-file resolution: resolves a specifier to a file, reads
 * it through the scan's FileSource (working tree or git index), parses it once and keeps the parsed
 * module for the rest of the scan. A module reached this way is analysed even when it contains no
 * JWT keyword: it is where the key literal often lives. Failures (missing, unreadable, unparseable)
 * simply leave the import opaque.
 */
import type { FileSource } from '../files/file-source.js';
import { toPosixRelative } from '../files/walk.js';
import { registerModule, type ModuleHandle, type ModuleResolver } from '../analysis/module-context.js';
import { programPath } from '../ast/node-path.js';
import { parseSource } from '../engine/parse.js';
import path from 'node:path';
import { ABSENT, contentHash } from '../cache/result-cache.js';
import { candidateFiles, isRelativeSpecifier } from './resolve-specifier.js';
import { TsconfigPaths } from './tsconfig-paths.js';
import type { MarkerCheck } from '../files/walked-markers.js';
import { WorkspaceIndex } from './workspace-packages.js';

/** More distinct modules than this in one scan and further imports stay opaque (memory bound). */
const MAX_MODULES = 5_000;

export class ModuleGraph implements ModuleResolver {
  private readonly modules = new Map<string, ModuleHandle | null>();
  private readonly resolved = new Map<string, { found?: ModuleHandle; absent: string[]; configs: string[] }>();
  private tracked: { deps: Map<string, string> } | undefined;
  private readonly hashes = new Map<string, string>();
  /** Texts read by `sourceOf` (undefined: absent), so a look before resolving reads each file once. */
  private readonly texts = new Map<string, string | undefined>();
  private readonly tsconfig: TsconfigPaths;
  private readonly workspace: WorkspaceIndex;
  private loadedCount = 0;

  constructor(
    private readonly base: string,
    private readonly source: FileSource,
    private readonly maxFileSize: number,
    markers?: MarkerCheck,
  ) {
    this.tsconfig = new TsconfigPaths(base);
    this.workspace = new WorkspaceIndex(base, markers);
  }

  /** How many modules were parsed for resolution (for --stats and the benchmark). */
  get parsedModules(): number {
    return this.loadedCount;
  }

  /** A handle for a file the scan is analysing itself; its program is parsed again only if another module imports it. */
  handleFor(file: string, absolute: string, source: string): ModuleHandle {
    return { file, absolute, source, program: () => this.load(absolute)?.program() ?? missingProgram(file) };
  }

  resolve(from: ModuleHandle, specifier: string): ModuleHandle | undefined {
    const key = `${from.absolute}\0${specifier}`;
    let resolution = this.resolved.get(key);
    if (resolution === undefined) {
      const candidates = candidateFiles(from.absolute, specifier, this.base, this.tsconfig, this.workspace);
      let found: ModuleHandle | undefined;
      const absent: string[] = [];
      for (const candidate of candidates) {
        found = this.load(candidate);
        if (found) break;
        absent.push(toPosixRelative(this.base, candidate));
      }
      const configs = isRelativeSpecifier(specifier)
        ? []
        : [...this.tsconfig.filesFor(path.dirname(from.absolute)), ...this.workspace.filesFor(path.dirname(from.absolute), specifier)].map((f) => toPosixRelative(this.base, f));
      resolution = { found, absent, configs };
      this.resolved.set(key, resolution);
    }
    if (this.tracked) {
      // What a cached result depends on: the module found, every candidate before it staying absent
      // (a new config.ts would shadow config/index.ts), and the tsconfig files that mapped the name.
      const deps = this.tracked.deps;
      if (resolution.found) deps.set(resolution.found.file, this.hashOf(resolution.found));
      for (const file of resolution.absent) deps.set(file, ABSENT);
      for (const file of resolution.configs) deps.set(file, this.fileHash(file));
    }
    return resolution.found;
  }

  /** The text of the module a specifier names, read (and remembered) but not parsed; a cached result depends on it. */
  sourceOf(from: { absolute: string }, specifier: string): { absolute: string; source: string } | undefined {
    const known = this.resolved.get(`${from.absolute}\0${specifier}`);
    if (known) {
      const found = this.resolve(from as ModuleHandle, specifier); // (records what a cached result depends on)
      return found && { absolute: found.absolute, source: found.source };
    }
    for (const candidate of candidateFiles(from.absolute, specifier, this.base, this.tsconfig, this.workspace)) {
      const loaded = this.modules.get(candidate);
      let text = loaded === null ? undefined : (loaded?.source ?? this.texts.get(candidate));
      if (text === undefined && loaded === undefined && !this.texts.has(candidate)) {
        text = this.source.readModule(candidate, this.maxFileSize);
        this.texts.set(candidate, text);
      }
      if (text === undefined) {
        // (a file created there later would be found first)
        this.tracked?.deps.set(toPosixRelative(this.base, candidate), ABSENT);
        continue;
      }
      const file = toPosixRelative(this.base, candidate);
      this.tracked?.deps.set(file, this.hashOf({ file, source: text }));
      return { absolute: candidate, source: text };
    }
    return undefined;
  }

  private fileHash(file: string): string {
    const text = this.source.readModule(path.join(this.base, file), this.maxFileSize);
    return text === undefined ? ABSENT : this.hashOf({ file, source: text });
  }

  /** The content hash of a module, as the result cache records it (computed once per scan). */
  hashOf(module: { file: string; source: string }): string {
    let hash = this.hashes.get(module.file);
    if (hash === undefined) this.hashes.set(module.file, (hash = contentHash(module.source)));
    return hash;
  }

  /**
   * Starts recording what the analysis of one file read, for the result cache: file -> content hash,
   * or ABSENT for a file that must still not exist.
   */
  track(): () => { deps: Map<string, string> } {
    const tracked = { deps: new Map<string, string>() };
    this.tracked = tracked;
    return () => {
      this.tracked = undefined;
      return tracked;
    };
  }

  private load(absolute: string): ModuleHandle | undefined {
    const cached = this.modules.get(absolute);
    if (cached !== undefined) return cached ?? undefined;
    let handle: ModuleHandle | undefined;
    const text = this.loadedCount < MAX_MODULES ? this.source.readModule(absolute, this.maxFileSize) : undefined;
    if (text !== undefined) {
      const file = toPosixRelative(this.base, absolute);
      const parsed = parseSource(text, file);
      if (parsed.ok) {
        this.loadedCount++;
        const ast = parsed.ast;
        handle = { file, absolute, source: text, program: () => programPath(ast) };
        registerModule(ast.program, handle, this);
      }
    }
    this.modules.set(absolute, handle ?? null);
    return handle;
  }
}

function missingProgram(file: string): never {
  throw new Error(`module ${file} could not be parsed for resolution`);
}
