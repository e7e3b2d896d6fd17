import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  homepage: string;
  /** Absolute directory of jwtscan's package.json (data files ship beside it). */
  root: string;
}

let cached: PackageInfo | undefined;

/** jwtscan's own package.json, found upwards from this module (works from src/ and from dist/src/). */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as Partial<PackageInfo>;
      if (pkg.name === 'jwtscan' && pkg.version) {
        cached = { name: pkg.name, version: pkg.version, homepage: (pkg.homepage ?? '').replace(/#.*$/, ''), root: dir };
        return cached;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('jwtscan package.json not found');
    dir = parent;
  }
}

/**
 * The digest of the build that is running (dist/build-id, written by scripts/bundle.mjs), or ''
 * when there is none (running from source). Results cached by one build are not reused by another
 * with the same version, such as two git revisions between releases.
 */
export function buildId(): string {
  cachedBuildId ??= readBuildId(packageInfo().root);
  return cachedBuildId;
}

let cachedBuildId: string | undefined;

function readBuildId(root: string): string {
  try {
    return fs.readFileSync(path.join(root, 'dist/build-id'), 'utf8').trim();
  } catch {
    return '';
  }
}

/** Where a rule's documentation lives: derived from the id, never typed by hand. */
export function ruleHelpUri(ruleId: string): string {
  return `${packageInfo().homepage}#${ruleId}`;
}
