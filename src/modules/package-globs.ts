/**
 * The package folders a workspace's globs name (`packages/*`, `apps/**`, `!packages/legacy`):
 * folders holding a package.json, found by reading directories segment by segment. Workspace globs
 * are short and shallow, so a small walk does the job without a glob library on the path of every
 * scan that resolves a package name (and without loading one at start-up).
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

/** `**` goes this many folders deep at most (monorepos nest packages two or three levels). */
const MAX_GLOBSTAR_DEPTH = 4;
const SKIPPED = new Set(['node_modules', '.git']);

/** Absolute paths of the package.json files of the packages the patterns select, sorted. */
export function packageManifests(root: string, patterns: readonly string[], limit: number): string[] {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => clean(p.slice(1)));
  const excluded = exclude.length > 0 ? picomatch(exclude, { dot: false }) : () => false;
  const found = new Set<string>();
  for (const pattern of include) {
    for (const dir of expand(root, clean(pattern).split('/').filter(Boolean), 0)) {
      if (found.size >= limit) break;
      const relative = path.relative(root, dir).split(path.sep).join('/');
      const manifest = path.join(dir, 'package.json');
      if (!excluded(relative) && fs.existsSync(manifest)) found.add(manifest);
    }
  }
  return [...found].sort();
}

function clean(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/\/+$/, '').replace(/\/package\.json$/, '');
}

/** The folders under `dir` that the remaining pattern segments match. */
function expand(dir: string, segments: readonly string[], globstarDepth: number): string[] {
  if (segments.length === 0) return [dir];
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '**') {
    // Zero folders, or one more and `**` again.
    const here = expand(dir, rest, globstarDepth);
    if (globstarDepth >= MAX_GLOBSTAR_DEPTH) return here;
    return [...here, ...subfolders(dir).flatMap((sub) => expand(sub, segments, globstarDepth + 1))];
  }
  if (!picomatch.scan(head).isGlob) return expand(path.join(dir, head), rest, globstarDepth);
  const matches = picomatch(head, { dot: false });
  return subfolders(dir)
    .filter((sub) => matches(path.basename(sub)))
    .flatMap((sub) => expand(sub, rest, globstarDepth));
}

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !SKIPPED.has(e.name))
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}
