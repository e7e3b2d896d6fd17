/**
 * The files that make a folder a package or a workspace root, as the walk saw them. Module
 * resolution, the shard planner and telling test code apart look for these in every folder above a
 * file; asking the walk instead of the file system spares tens of thousands of failed opens on a
 * large monorepo. Only folders below a walked target are known: the walk read all of them but
 * node_modules, .git, excluded folders and folders .gitignore ignores (none holds a listed file, so
 * nothing above a listed file is among them; asked about one, it cannot tell).
 */
import path from 'node:path';

export const MARKER_NAMES: ReadonlySet<string> = new Set(['package.json', 'pnpm-workspace.yaml', 'lerna.json', 'rush.json']);

export class WalkedMarkers {
  /** Marker name -> base-relative folders holding one. */
  private readonly seen = new Map<string, Set<string>>();
  private readonly roots: string[] = [];
  /** Folders below a walked one that the walk left unread (.gitignore ignores them). */
  private readonly unread = new Set<string>();

  constructor(private readonly base: string) {}

  /** Walk: a folder below `base` (base-relative, '' for the base) was walked whole. */
  walked(root: string): void {
    this.roots.push(root);
  }

  /** Walk: a folder below a walked one was not read (base-relative): the walk cannot tell what it holds. */
  pruned(folder: string): void {
    this.unread.add(folder);
  }

  /** Walk: a marker file at a base-relative path. */
  found(relative: string): void {
    const slash = relative.lastIndexOf('/');
    const name = relative.slice(slash + 1);
    let dirs = this.seen.get(name);
    if (!dirs) this.seen.set(name, (dirs = new Set()));
    dirs.add(slash < 0 ? '' : relative.slice(0, slash));
  }

  /** Whether an absolute path names a marker file the walk saw; undefined when the walk cannot tell (read it). */
  exists(absolute: string): boolean | undefined {
    const name = path.basename(absolute);
    if (!MARKER_NAMES.has(name)) return undefined;
    const dir = path.relative(this.base, path.dirname(absolute)).split(path.sep).join('/');
    if (dir === '..' || dir.startsWith('../') || path.isAbsolute(dir)) return undefined;
    return this.existsIn(dir, name);
  }

  /** `exists` for a base-relative POSIX path (no path arithmetic: asked for every folder above every file). */
  existsRelative(relative: string): boolean | undefined {
    const slash = relative.lastIndexOf('/');
    const name = relative.slice(slash + 1);
    if (!MARKER_NAMES.has(name) || relative.startsWith('../') || relative.startsWith('/')) return undefined;
    return this.existsIn(slash < 0 ? '' : relative.slice(0, slash), name);
  }

  private existsIn(dir: string, name: string): boolean | undefined {
    if (!this.roots.some((root) => root === '' || dir === root || dir.startsWith(`${root}/`))) return undefined;
    if (this.unread.size > 0 && this.inUnread(dir)) return undefined;
    return this.seen.get(name)?.has(dir) ?? false;
  }

  private inUnread(dir: string): boolean {
    for (let at = dir; at !== ''; at = at.slice(0, Math.max(0, at.lastIndexOf('/')))) if (this.unread.has(at)) return true;
    return false;
  }
}

/** A file-existence check for the modules that probe marker files: undefined means "read and see". */
export type MarkerCheck = (absolute: string) => boolean | undefined;
