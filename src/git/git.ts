/**
 * Runs git for the staged, diff and hook features. Output is always raw bytes (paths may not be
 * UTF-8); the caller's environment is passed through untouched, so `GIT_INDEX_FILE`, `GIT_DIR` and
 * friends set by `git commit` for its hooks mean here exactly what they mean to git itself (a
 * relative `GIT_INDEX_FILE` is resolved by git against the top-level, not by us).
 */
import { execFile, execFileSync } from 'node:child_process';

export interface GitContext {
  /** Where git runs: the user's working directory (inside the repository). */
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface Repository extends GitContext {
  /** Absolute top-level directory of the working tree, as git reports it. */
  top: string;
  /** Absolute path of the index file git uses here (honours GIT_INDEX_FILE and worktrees). */
  indexFile: string;
}

/** A git command that failed: its exit status and the first line of its stderr. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly detail: string,
  ) {
    super(`git ${args[0] ?? ''} failed: ${detail}`);
  }
}

interface RunOptions {
  input?: string;
  /** Bytes of stdout beyond which the command fails (default: 1 GiB). */
  maxBuffer?: number;
}

const DEFAULT_MAX_BUFFER = 1024 * 1024 * 1024;

export function gitSync(context: GitContext, args: readonly string[], options: RunOptions = {}): Buffer {
  try {
    return execFileSync('git', args, {
      cwd: context.cwd,
      env: gitEnv(context.env),
      input: options.input,
      maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw toGitError(args, error);
  }
}

const EARLY_RUNS = Symbol.for('jwtscan.earlyGitRuns');

/** A command started before anything asked for it, with the context it was started in. */
interface EarlyRun {
  cwd: string;
  env: GitContext['env'];
  args: string;
  output: Promise<Buffer>;
}

/**
 * One list per process, shared through globalThis: the bin (src/launcher.ts) starts the staged diff
 * before it loads the bundle, and the bundle's copy of this module takes it from here.
 */
const earlyRuns: EarlyRun[] = ((globalThis as { [EARLY_RUNS]?: EarlyRun[] })[EARLY_RUNS] ??= []);

/**
 * Starts a read-only git command before the code that needs its output asks for it, so independent
 * commands run side by side. The first `git()` call with the same arguments, working directory and
 * environment object takes its output; a run never asked for costs nothing but the process. A run
 * already started the same way is not started again.
 */
export function startEarly(context: GitContext, args: readonly string[], options: Omit<RunOptions, 'input'> = {}): void {
  const key = args.join('\0');
  if (earlyRuns.some((e) => e.args === key && e.cwd === context.cwd && e.env === context.env)) return;
  const output = run(context, args, options);
  output.catch(() => undefined); // the taker sees the failure; an untaken run must not crash the process
  earlyRuns.push({ cwd: context.cwd, env: context.env, args: key, output });
}

/** Forgets the early runs of a context that were never taken (their processes finish unobserved). */
export function dropEarlyRuns(context: GitContext): void {
  for (let i = earlyRuns.length - 1; i >= 0; i--) {
    if (earlyRuns[i]!.cwd === context.cwd && earlyRuns[i]!.env === context.env) earlyRuns.splice(i, 1);
  }
}

export function git(context: GitContext, args: readonly string[], options: RunOptions = {}): Promise<Buffer> {
  if (options.input === undefined && earlyRuns.length > 0) {
    const key = args.join('\0');
    const index = earlyRuns.findIndex((e) => e.args === key && e.cwd === context.cwd && e.env === context.env);
    if (index >= 0) return earlyRuns.splice(index, 1)[0]!.output;
  }
  return run(context, args, options);
}

function run(context: GitContext, args: readonly string[], options: RunOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd: context.cwd, env: gitEnv(context.env), encoding: 'buffer', maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER },
      (error, stdout, stderr) => (error ? reject(toGitError(args, Object.assign(error, { stderr }))) : resolve(stdout)),
    );
    child.stdin?.on('error', () => undefined); // git may exit before reading; its exit status tells
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Splits `-z` output into its NUL-terminated fields (raw bytes: paths need not be UTF-8). */
export function splitNul(output: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let start = 0;
  for (let end = output.indexOf(0, start); end >= 0; end = output.indexOf(0, start)) {
    fields.push(output.subarray(start, end));
    start = end + 1;
  }
  if (start < output.length) fields.push(output.subarray(start));
  return fields;
}

export function gitEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) copy[key] = value;
  // Read-only commands must not take index.lock (git commit holds it while its hooks run).
  copy.GIT_OPTIONAL_LOCKS = '0';
  // No network access: a partial clone would fetch the objects it lacks from its remote on demand
  // (git 2.44 and later honour this; the history scan reports what is missing instead).
  copy.GIT_NO_LAZY_FETCH = '1';
  return copy;
}

function toGitError(args: readonly string[], error: unknown): GitError {
  const failure = error as NodeJS.ErrnoException & { stderr?: Buffer | string; status?: number | null };
  if (failure.code === 'ENOENT') return new GitError(args, 'git is not installed or not on PATH');
  const stderr = failure.stderr ? failure.stderr.toString().trim().split('\n')[0] : '';
  return new GitError(args, stderr || failure.message);
}
