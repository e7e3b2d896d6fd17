/**
 * `jwtscan install-hook`: a pre-commit hook that runs `jwtscan scan --staged`, written where git
 * looks for hooks (`git rev-parse --git-path hooks`, which honours core.hooksPath and worktrees).
 * An existing hook that is not ours is never overwritten without --force; --chain adds our block to
 * it instead, right after its shebang line, so an `exec` or `exit` in the old hook cannot skip it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../files/write-output.js';
import { UsageError } from '../scan.js';
import { gitSync, type GitContext } from './git.js';
import { openRepository } from './repository.js';

export interface InstallHookOptions {
  force: boolean;
  chain: boolean;
}

export interface InstallHookResult {
  action: 'installed' | 'replaced' | 'chained' | 'unchanged';
  file: string;
}

const BEGIN = '# >>> jwtscan pre-commit hook >>>';
const END = '# <<< jwtscan pre-commit hook <<<';
const RUN = 'scan --staged';

/**
 * Runs the project's jwtscan, else one on PATH; hooks run at the top-level. Without either, one line
 * says so and the commit stops with exit 2 (a usage problem, not findings): never npm's error alone.
 */
export const HOOK_BLOCK = `${BEGIN} (written by \`jwtscan install-hook\`; delete through the end marker to remove)
# Blocks commits that add hard-coded JWT keys. Emergency bypass: git commit --no-verify
if [ -x ./node_modules/.bin/jwtscan ]; then
  ./node_modules/.bin/jwtscan ${RUN}
elif command -v jwtscan >/dev/null 2>&1; then
  jwtscan ${RUN}
else
  echo "jwtscan is not installed: run npm install --save-dev jwtscan, or remove this hook (git commit --no-verify skips it once)" >&2
  exit 2
fi || exit $?
${END}
`;

export async function installHook(context: GitContext, options: InstallHookOptions): Promise<InstallHookResult> {
  const repository = await openRepository(context, 'install-hook');
  const hooksDir = path.resolve(repository.cwd, gitSync(repository, ['rev-parse', '--git-path', 'hooks']).toString('utf8').replace(/\n$/, ''));
  const file = path.join(hooksDir, 'pre-commit');
  const existing = readIfExists(file);

  if (existing === undefined) {
    write(file, `#!/bin/sh\n${HOOK_BLOCK}`, 0o755);
    return { action: 'installed', file };
  }
  if (existing.includes(BEGIN)) return { action: 'unchanged', file };
  if (options.force) {
    write(file, `#!/bin/sh\n${HOOK_BLOCK}`, 0o755);
    return { action: 'replaced', file };
  }
  if (!options.chain) {
    const husky = /(^|[\\/])\.husky([\\/]|$)/.test(hooksDir)
      ? ' Husky manages this directory: add `jwtscan scan --staged` to .husky/pre-commit instead (see Pre-commit in the README).'
      : ' Use --chain to add jwtscan to it, or --force to replace it.';
    throw new UsageError(`${file} already exists and is not jwtscan's.${husky}`);
  }
  write(file, chained(existing, file), fs.statSync(file).mode | 0o111);
  return { action: 'chained', file };
}

/** Our block after the old hook's shebang line; only shell scripts can take it. */
function chained(existing: string, file: string): string {
  const firstLine = existing.split('\n', 1)[0]!;
  if (!firstLine.startsWith('#!')) return `${HOOK_BLOCK}${existing}`; // git runs a hook without a shebang with sh
  if (!/^#!\s*\S*\b(?:env\s+)?(?:sh|bash|dash|zsh|ksh)\b/.test(firstLine)) {
    throw new UsageError(`${file} is not a shell script (${firstLine}); add a call to \`./node_modules/.bin/jwtscan scan --staged\` to it yourself`);
  }
  return `${firstLine}\n${HOOK_BLOCK}${existing.slice(firstLine.length + 1)}`;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function write(file: string, content: string, mode: number): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, path.dirname(file), content);
    fs.chmodSync(file, mode & 0o7777);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
