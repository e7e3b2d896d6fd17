/**
 * Git names files relative to the top-level; findings name them relative to the scan base. The two
 * directories are the same one, but may be spelled differently (a symbolic link in the working
 * directory's path, which git resolves), so they are compared by their real paths.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RepoPaths {
  /** A top-relative git path as a base-relative POSIX path; undefined when it lies outside the base. */
  fromTop(topRelative: string): string | undefined;
  /** An absolute path as a top-relative POSIX path (git's `:0:<path>` form); undefined outside the repository. */
  toTop(absolute: string): string | undefined;
}

export function repoPaths(top: string, base: string): RepoPaths {
  const realTop = realpath(top);
  const realBase = realpath(base);
  return {
    fromTop: (topRelative) => inside(realBase, path.join(realTop, topRelative)),
    toTop: (absolute) => inside(realTop, path.join(realBase, path.relative(base, absolute))) ?? inside(realTop, realpath(absolute)),
  };
}

function inside(dir: string, absolute: string): string | undefined {
  const relative = path.relative(dir, absolute);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

function realpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
