/**
 * Why a walk selected no file: a typo in a CI path or glob must not pass as "no findings". Walks
 * again with one filter lifted at a time (the file type, --include, .gitignore, --exclude) and names
 * the first that emptied the selection.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { isScannable, toPosixRelative, walk, type WalkOptions } from './walk.js';

const READ = 'JavaScript and TypeScript sources, and .env, JSON and YAML configuration files';

export async function explainEmptySelection(options: WalkOptions): Promise<string> {
  for (const target of options.targets) {
    const relative = toPosixRelative(options.base, target) || '.';
    if (fs.statSync(target, { throwIfNoEntry: false })?.isFile() && !isScannable(target)) return `${relative} is not a file type jwtscan reads (${READ})`;
  }
  if (options.include.length > 0 && (await walk({ ...options, include: [], gitignore: false })).files.length > 0) {
    return `no file matches --include ${options.include.map((g) => `'${g}'`).join(' ')}`;
  }
  if (options.gitignore) {
    const ignored = (await walk({ ...options, gitignore: false })).files[0];
    if (ignored) return `every file selected is ignored by ${ignoringFile(options.base, ignored.relative) ?? 'a .gitignore'} (--no-gitignore scans them)`;
  }
  if (options.exclude.length > 0 && (await walk({ ...options, exclude: [] })).files.length > 0) {
    return `every file selected matches --exclude ${options.exclude.map((g) => `'${g}'`).join(' ')}`;
  }
  const where = options.targets.map((t) => toPosixRelative(options.base, t) || '.').join(', ');
  return `no file jwtscan reads under ${where} (${READ})`;
}

/** The .gitignore (base-relative) whose rules ignore `file`, looked for from the file's folder up to the base. */
function ignoringFile(base: string, file: string): string | undefined {
  let dir = path.posix.dirname(file);
  for (;;) {
    const gitignore = dir === '.' ? '.gitignore' : `${dir}/.gitignore`;
    const text = readText(path.join(base, gitignore));
    const inner = dir === '.' ? file : file.slice(dir.length + 1);
    if (text !== undefined && ignores(text, inner)) return gitignore;
    if (dir === '.') return undefined;
    dir = path.posix.dirname(dir);
  }
}

/** Whether `.gitignore` text ignores the path or one of its folders. */
function ignores(text: string, relative: string): boolean {
  const rules = ignore().add(text);
  const parts = relative.split('/');
  return parts.some((_, i) => rules.ignores(parts.slice(0, i + 1).join('/') + (i < parts.length - 1 ? '/' : '')));
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
