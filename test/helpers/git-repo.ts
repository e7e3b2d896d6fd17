import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, type Io } from '../../src/main.js';

/**
 * The environment for git in tests: no system or global config, and none of the GIT_* variables of
 * an enclosing git process (tests may run inside a hook, where GIT_INDEX_FILE names another repo's index).
 */
export function gitTestEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('GIT_')) env[key] = value;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, GIT_TERMINAL_PROMPT: '0', ...extra };
}

export interface TestRepo {
  root: string;
  env: Record<string, string>;
  git(...args: string[]): string;
  write(relative: string | Buffer, content: string | Buffer): void;
  /** Runs the CLI in-process in the repository (or a directory below it). */
  jwtscan(argv: string[], io?: Partial<Io>): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** A fresh repository on branch main, with a local identity. */
export function makeRepo(files: Record<string, string> = {}): TestRepo {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-git-')));
  const env = gitTestEnv();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  // Local identity, written directly: one git process per repository instead of four.
  fs.appendFileSync(path.join(root, '.git/config'), '[user]\n\tname = jwtscan test\n\temail = test@jwtscan.invalid\n[commit]\n\tgpgsign = false\n');
  const write = (relative: string | Buffer, content: string | Buffer) => {
    const absolute = typeof relative === 'string' ? path.join(root, relative) : Buffer.concat([Buffer.from(`${root}/`), relative]);
    fs.mkdirSync(path.dirname(absolute.toString()), { recursive: true });
    fs.writeFileSync(absolute, content);
  };
  for (const [relative, content] of Object.entries(files)) write(relative, content);
  return { root, env, git, write, jwtscan: (argv, io = {}) => runCli(argv, { cwd: root, env, ...io }) };
}

export async function runCli(argv: string[], io: Partial<Io> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: process.cwd(),
    env: gitTestEnv(),
    isTTY: false,
    ...io,
  });
  return { code, stdout, stderr };
}

/** A file with a hard-coded key; `key` should be long and random-looking so only jwt-inline-secret fires. */
export function leak(key: string): string {
  return `const jwt = require('jsonwebtoken');\nexports.token = (p) => jwt.sign(p, '${key}');\n`;
}

export const CLEAN = `const jwt = require('jsonwebtoken');\nexports.token = (p) => jwt.sign(p, process.env.JWT_SECRET);\n`;

/** The findings of a JSON report as `path:line ruleId`. */
export function findingsOf(stdout: string): string[] {
  const report = JSON.parse(stdout) as { findings: { path: string; line: number; ruleId: string }[] };
  return report.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`);
}

/**
 * An environment whose `git` (first on PATH) notes each subcommand it is run with, then runs the
 * real git: for tests of which git processes a feature starts.
 */
export function loggingGit(env: Record<string, string>): { env: Record<string, string>; calls(): string[]; reset(): void } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-gitlog-'));
  const log = path.join(bin, 'calls');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { env, encoding: 'utf8' }).trim();
  fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$1" >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
  return {
    env: { ...env, PATH: `${bin}${path.delimiter}${env.PATH ?? ''}` },
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []),
    reset: () => fs.rmSync(log, { force: true }),
  };
}
