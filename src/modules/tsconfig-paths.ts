/**
 * `compilerOptions.baseUrl` and `paths` of the nearest tsconfig.json (JSON with comments, `extends`
 * followed for relative files), read as data and never executed: how `@/config` or `src/config`
 * imports map to files. Only what module resolution needs is kept.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PathMapping {
  /** Directory `paths` targets are relative to. */
  baseDir: string;
  /** Set when `baseUrl` is given: non-relative imports may also resolve from it. */
  baseUrl?: string;
  paths: { pattern: string; targets: string[] }[];
  /** The tsconfig files this mapping was read from (with `extends`), absolute: what a cached result depends on. */
  files: string[];
}

const MAX_EXTENDS = 5;

export class TsconfigPaths {
  private readonly byDirectory = new Map<string, PathMapping | undefined>();

  /** `root` bounds the upward search (the scan base). */
  constructor(private readonly root: string) {}

  /** The mapping that applies to files in `directory`, if a tsconfig up to the root defines one. */
  forDirectory(directory: string): PathMapping | undefined {
    if (this.byDirectory.has(directory)) return this.byDirectory.get(directory);
    let mapping: PathMapping | undefined;
    const file = path.join(directory, 'tsconfig.json');
    if (fs.existsSync(file)) mapping = readMapping(file, 0);
    else if (directory !== this.root && directory.startsWith(this.root) && path.dirname(directory) !== directory) {
      mapping = this.forDirectory(path.dirname(directory));
    }
    this.byDirectory.set(directory, mapping);
    return mapping;
  }

  /** The tsconfig files that decide how non-relative specifiers resolve from `directory`. */
  filesFor(directory: string): string[] {
    return this.forDirectory(directory)?.files ?? [];
  }

  /** Candidate base paths (without extension resolution) for a non-relative specifier. */
  candidates(fromDirectory: string, specifier: string): string[] {
    const mapping = this.forDirectory(fromDirectory);
    if (!mapping) return [];
    const out: string[] = [];
    for (const { pattern, targets } of mapping.paths) {
      const star = pattern.indexOf('*');
      let captured: string | undefined;
      if (star < 0) captured = pattern === specifier ? '' : undefined;
      else {
        const prefix = pattern.slice(0, star);
        const suffix = pattern.slice(star + 1);
        if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
          captured = specifier.slice(prefix.length, specifier.length - suffix.length);
        }
      }
      if (captured === undefined) continue;
      for (const target of targets) out.push(path.resolve(mapping.baseDir, target.replace('*', captured)));
    }
    if (mapping.baseUrl) out.push(path.resolve(mapping.baseUrl, specifier));
    return out;
  }
}

interface RawTsconfig {
  extends?: unknown;
  compilerOptions?: { baseUrl?: unknown; paths?: unknown };
}

function readMapping(file: string, depth: number): PathMapping | undefined {
  const raw = readJsonc(file);
  if (!raw) return undefined;
  const dir = path.dirname(file);
  let inherited: PathMapping | undefined;
  const files = [file];
  if (typeof raw.extends === 'string' && raw.extends.startsWith('.') && depth < MAX_EXTENDS) {
    const target = path.resolve(dir, raw.extends);
    inherited = readMapping(target.endsWith('.json') ? target : `${target}.json`, depth + 1);
    if (inherited) files.push(...inherited.files);
  }
  const options = raw.compilerOptions ?? {};
  const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : inherited?.baseUrl;
  const paths = isPathsObject(options.paths)
    ? Object.entries(options.paths).map(([pattern, targets]) => ({ pattern, targets: targets.filter((t): t is string => typeof t === 'string') }))
    : undefined;
  if (!paths && !baseUrl) return inherited && { ...inherited, files };
  return {
    files,
    // TypeScript resolves `paths` against baseUrl when set, else against the tsconfig that declares them.
    baseDir: paths ? (baseUrl ?? dir) : (inherited?.baseDir ?? baseUrl ?? dir),
    baseUrl,
    paths: paths ?? inherited?.paths ?? [],
  };
}

function isPathsObject(value: unknown): value is Record<string, unknown[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every(Array.isArray);
}

function readJsonc(file: string): RawTsconfig | undefined {
  try {
    const parsed: unknown = JSON.parse(stripJsonComments(fs.readFileSync(file, 'utf8')));
    return typeof parsed === 'object' && parsed !== null ? (parsed as RawTsconfig) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes `//` and `/* *\/` comments and trailing commas outside strings (tsconfig is JSONC). */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
