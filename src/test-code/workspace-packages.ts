/**
 * The workspace packages of a repository (every directory with a package.json), found upwards from
 * the files that need them, and which of them are examples: private packages named or placed as an
 * example, demo, sample, playground, sandbox, starter or template (`examples/*`, `templates/*`,
 * `@acme/demo-app`). Their code ships to nobody; a template's generated app is the user's.
 */
import path from 'node:path';

/** In a package's name or directory: `demo-app`, `@acme/example-auth`, `apps/playground`. */
const EXAMPLE_WORD = /(?:^|[\/@._-])(?:examples?|demos?|samples?|playgrounds?|sandbox(?:es)?|kitchen-?sink)(?:$|[\/._-])/i;
/** Only as a whole folder name: `templates/basic`, `starters/auth` (`email-templates` is production code). */
const EXAMPLE_FOLDER = /(?:^|\/)(?:templates?|starters?)\//i;

export interface PackageInfo {
  /** Base-relative directory ('' for the root). */
  dir: string;
  name?: string;
  private: boolean;
  /** The parsed package.json (for runner settings such as "jest"); undefined when it is not valid JSON. */
  json?: Record<string, unknown>;
  text: string;
}

export class WorkspacePackages {
  private readonly dirs = new Map<string, PackageInfo | null>();

  /** `readText` reads a base-relative file (working tree or index); undefined when absent. */
  constructor(private readonly readText: (file: string) => string | undefined) {}

  /** The package.json of a base-relative directory, if it has one. */
  at(dir: string): PackageInfo | undefined {
    let info = this.dirs.get(dir);
    if (info === undefined) {
      const text = this.readText(dir === '' ? 'package.json' : `${dir}/package.json`);
      info = text === undefined ? null : parsePackage(dir, text);
      this.dirs.set(dir, info);
    }
    return info ?? undefined;
  }

  /** The directories from a file's own up to the base, nearest first. */
  static ancestors(file: string): string[] {
    const out: string[] = [];
    let dir = path.posix.dirname(file);
    for (;;) {
      out.push(dir === '.' ? '' : dir);
      if (dir === '.' || dir === '/' || dir === '') break;
      dir = path.posix.dirname(dir);
    }
    return out;
  }

  /** The directory of the nearest package.json above a file ('' when none but the root's, or none). */
  packageDirOf(file: string): string {
    const dir = path.posix.dirname(file);
    return this.packageDirOfDir(dir === '.' ? '' : dir);
  }

  /** Folder -> its package's folder, memoised: the importer index asks for every file of a package. */
  private readonly packageDirs = new Map<string, string>();

  private packageDirOfDir(dir: string): string {
    let found = this.packageDirs.get(dir);
    if (found === undefined) {
      if (this.at(dir) !== undefined) found = dir;
      else if (dir === '' || dir === '/') found = '';
      else {
        const parent = path.posix.dirname(dir);
        found = this.packageDirOfDir(parent === '.' ? '' : parent);
      }
      this.packageDirs.set(dir, found);
    }
    return found;
  }

  /**
   * Evidence that the nearest package of a file is an example package, else undefined. The package
   * at the scan root (or above it) is the project itself, never an example of it.
   */
  exampleEvidence(file: string, root = ''): string | undefined {
    const dir = this.packageDirOf(file);
    const info = this.at(dir);
    if (!info || !info.private || dir === '' || !dir.startsWith(root === '' ? '' : `${root}/`)) return undefined;
    const inRoot = root === '' ? dir : dir.slice(root.length + 1);
    if (!EXAMPLE_WORD.test(inRoot) && !EXAMPLE_WORD.test(info.name ?? '') && !EXAMPLE_FOLDER.test(`${inRoot}/`)) return undefined;
    return `private example package ${info.name ? `"${info.name}" ` : ''}(${dir}/package.json)`;
  }
}

function parsePackage(dir: string, text: string): PackageInfo {
  try {
    const json = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      const data = json as Record<string, unknown>;
      return { dir, text, json: data, private: data.private === true, ...(typeof data.name === 'string' ? { name: data.name } : {}) };
    }
  } catch {
    // A broken package.json still marks a package boundary.
  }
  return { dir, text, private: false };
}
