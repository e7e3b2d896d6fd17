/**
 * Monorepo packages by name: `import { signToken } from '@acme/auth'` names packages/auth when the
 * root package.json `workspaces`, pnpm-workspace.yaml, lerna.json or Rush's rush.json lists it. The entry is read from
 * its package.json as data (`exports`, `source`, `module`, `main`, `types`), preferring sources: an
 * entry in a build folder (`dist/index.js`, never committed) maps back to `src/index.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse as parseJsonc } from 'jsonc-parser';
import { packageManifests } from './package-globs.js';
import type { MarkerCheck } from '../files/walked-markers.js';

interface WorkspacePackage {
  /** Absolute directory. */
  dir: string;
  json: Record<string, unknown>;
  /** Absolute path of its package.json (what a cached result depends on). */
  file: string;
}

/** Conditions of `exports` tried in this order: the source first, then what Node would load. */
const CONDITIONS = ['source', 'development', 'import', 'module', 'require', 'node', 'default', 'types'];
const BUILD_FOLDER = /^(?:\.\/)?(?:dist|build|lib|out|esm|cjs)\//;
const MAX_PACKAGES = 2000;

/**
 * The workspace a file belongs to: the nearest folder up to the scan base whose package.json has
 * `workspaces`, or that holds pnpm-workspace.yaml or lerna.json.
 */
export class WorkspaceIndex {
  private readonly byDirectory = new Map<string, WorkspacePackages | null>();

  /** `markers` answers from the walk whether a package or workspace file exists (undefined: read and see). */
  constructor(
    private readonly base: string,
    private readonly markers?: MarkerCheck,
  ) {}

  candidates(fromDirectory: string, specifier: string): string[] {
    return this.forDirectory(fromDirectory)?.candidates(specifier) ?? [];
  }

  filesFor(fromDirectory: string, specifier: string): string[] {
    return this.forDirectory(fromDirectory)?.filesFor(specifier) ?? [];
  }

  /** The directory of the workspace package that holds an absolute file path, when a workspace root above lists it. */
  packageDirOf(file: string): string | undefined {
    return this.forDirectory(path.dirname(file))?.packageDirOf(file);
  }

  private forDirectory(directory: string): WorkspacePackages | undefined {
    const known = this.byDirectory.get(directory);
    if (known !== undefined) return known ?? undefined;
    let found: WorkspacePackages | null = null;
    const inside = directory === this.base || directory.startsWith(this.base + path.sep);
    if (inside) {
      const here = new WorkspacePackages(directory, this.markers);
      if (here.isRoot()) found = here;
      else if (directory !== this.base) found = this.forDirectory(path.dirname(directory)) ?? null;
    }
    this.byDirectory.set(directory, found);
    return found ?? undefined;
  }
}

export class WorkspacePackages {
  private packages: Map<string, WorkspacePackage> | undefined;
  /** Every listed package folder (absolute), named or not. */
  private readonly listedDirs: string[] = [];
  private readonly sources: string[] = [];
  private patterns: string[] | undefined;

  constructor(
    private readonly root: string,
    private readonly markers?: MarkerCheck,
  ) {}

  /** Rush's rush.json lists each project with its name and folder (no globs). */
  private rushProjects: { name: string; folder: string }[] | undefined;

  /** Whether this folder is a workspace root (lists packages). */
  isRoot(): boolean {
    return this.workspacePatterns().length > 0 || this.rush().length > 0;
  }

  private rush(): { name: string; folder: string }[] {
    if (this.rushProjects) return this.rushProjects;
    this.rushProjects = [];
    const file = path.join(this.root, 'rush.json');
    let text: string;
    if (this.markers?.(file) === false) return this.rushProjects;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return this.rushProjects;
    }
    const projects = (parseJsonc(text, [], { allowTrailingComma: true }) as { projects?: unknown } | undefined)?.projects;
    if (!Array.isArray(projects)) return this.rushProjects;
    for (const project of projects.slice(0, MAX_PACKAGES)) {
      const { packageName, projectFolder } = (project ?? {}) as { packageName?: unknown; projectFolder?: unknown };
      if (typeof packageName === 'string' && typeof projectFolder === 'string' && !projectFolder.includes('..')) this.rushProjects.push({ name: packageName, folder: projectFolder });
    }
    if (this.rushProjects.length > 0) this.sources.push(file);
    return this.rushProjects;
  }

  /** Candidate base paths (extensions still to try) for a bare specifier naming a workspace package. */
  candidates(specifier: string): string[] {
    const { name, subpath } = splitSpecifier(specifier);
    const pkg = this.byName().get(name);
    if (!pkg) return [];
    const entries = subpath === '' ? rootEntries(pkg.json) : subpathEntries(pkg.json, subpath);
    const out: string[] = [];
    for (const entry of entries) {
      const clean = entry.replace(/\.d\.[cm]?ts$/, '');
      if (BUILD_FOLDER.test(clean)) out.push(path.join(pkg.dir, clean.replace(BUILD_FOLDER, 'src/').replace(/\.[cm]?js$/, '')));
      out.push(path.join(pkg.dir, clean));
    }
    out.push(path.join(pkg.dir, 'src', subpath === '' ? 'index' : subpath), path.join(pkg.dir, subpath === '' ? 'index' : subpath));
    return [...new Set(out)];
  }

  /** The deepest listed package directory holding an absolute file path. */
  packageDirOf(file: string): string | undefined {
    let best: string | undefined;
    this.byName();
    for (const dir of this.listedDirs) {
      if (file.startsWith(dir + path.sep) && (best === undefined || dir.length > best.length)) best = dir;
    }
    return best;
  }

  /** The files that decide how package names resolve (the workspace lists and each package.json). */
  filesFor(specifier: string): string[] {
    const pkg = this.byName().get(splitSpecifier(specifier).name);
    return pkg ? [...this.sources, pkg.file] : [];
  }

  private byName(): Map<string, WorkspacePackage> {
    if (this.packages) return this.packages;
    this.packages = new Map();
    for (const { name, folder } of this.rush()) {
      const file = path.join(this.root, folder, 'package.json');
      this.listedDirs.push(path.dirname(file));
      const json = this.readJson(file);
      if (json && !this.packages.has(name)) this.packages.set(name, { dir: path.dirname(file), json, file });
    }
    const patterns = this.workspacePatterns();
    if (patterns.length === 0) return this.packages;
    const manifests = packageManifests(this.root, patterns, MAX_PACKAGES);
    for (const file of manifests.slice(0, MAX_PACKAGES)) {
      this.listedDirs.push(path.dirname(file));
      const json = this.readJson(file);
      const name = json?.name;
      if (typeof name === 'string' && json && !this.packages.has(name)) this.packages.set(name, { dir: path.dirname(file), json, file });
    }
    return this.packages;
  }

  /** Globs of package folders: npm/yarn `workspaces`, pnpm-workspace.yaml `packages`, lerna.json `packages`. */
  private workspacePatterns(): string[] {
    return (this.patterns ??= this.readPatterns());
  }

  private readPatterns(): string[] {
    const patterns: string[] = [];
    const rootJson = path.join(this.root, 'package.json');
    const workspaces = this.readJson(rootJson)?.workspaces;
    const listed = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
    if (Array.isArray(listed)) patterns.push(...listed.filter((p): p is string => typeof p === 'string'));
    if (patterns.length > 0) this.sources.push(rootJson);
    const pnpm = path.join(this.root, 'pnpm-workspace.yaml');
    try {
      const doc = this.markers?.(pnpm) === false ? null : (parseYaml(fs.readFileSync(pnpm, 'utf8')) as { packages?: unknown } | null);
      if (Array.isArray(doc?.packages)) {
        patterns.push(...doc.packages.filter((p): p is string => typeof p === 'string'));
        this.sources.push(pnpm);
      }
    } catch {
      // none, or not valid YAML: no pnpm workspace
    }
    const lerna = path.join(this.root, 'lerna.json');
    const lernaPackages = this.readJson(lerna)?.packages;
    if (Array.isArray(lernaPackages)) {
      patterns.push(...lernaPackages.filter((p): p is string => typeof p === 'string'));
      this.sources.push(lerna);
    }
    // Negated patterns (`!**/test/**`) only narrow the list; a folder is safe to include.
    return patterns.filter((p) => !p.startsWith('!') && !p.includes('..'));
  }

  private readJson(file: string): Record<string, unknown> | undefined {
    return this.markers?.(file) === false ? undefined : readJson(file);
  }
}

function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, count).join('/'), subpath: parts.slice(count).join('/') };
}

function rootEntries(json: Record<string, unknown>): string[] {
  const exports = json.exports;
  const fromExports = typeof exports === 'string' ? [exports] : exports && typeof exports === 'object' ? conditionTargets((exports as Record<string, unknown>)['.'] ?? exports) : [];
  const fields = ['source', 'module', 'main', 'types', 'typings'].map((f) => json[f]).filter((v): v is string => typeof v === 'string');
  return [...fromExports, ...fields];
}

function subpathEntries(json: Record<string, unknown>, subpath: string): string[] {
  const exports = json.exports;
  if (!exports || typeof exports !== 'object') return [];
  const target = (exports as Record<string, unknown>)[`./${subpath}`];
  return target === undefined ? [] : conditionTargets(target);
}

/** The file paths a conditional export names, in CONDITIONS order (nested conditions included). */
function conditionTargets(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 4) return [];
  const record = value as Record<string, unknown>;
  return CONDITIONS.flatMap((condition) => (condition in record ? conditionTargets(record[condition], depth + 1) : []));
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
