/**
 * The GitHub Action: action.yml declares what the README documents, and its scan step (a script,
 * run here against a stand-in CLI) passes the inputs through, writes the outputs and never fails
 * before the SARIF file exists.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './helpers/scan-helpers.js';
import { makeTree } from './helpers/temp-tree.js';

const ACTION = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');

/** The entries of a top-level mapping of a block-style YAML file: name → its indented lines. */
function entries(yaml: string, section: string): Map<string, string> {
  const body = new RegExp(`^${section}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(yaml)?.[1] ?? '';
  const out = new Map<string, string>();
  for (const match of body.matchAll(/^ {2}([\w-]+):\n((?: {4}.*\n)*)/gm)) out.set(match[1]!, match[2]!);
  return out;
}

describe('action.yml', () => {
  const inputs = entries(ACTION, 'inputs');
  const outputs = entries(ACTION, 'outputs');

  it('is a composite action with the documented inputs and outputs', () => {
    expect(ACTION).toMatch(/^name: jwtscan$/m);
    expect(ACTION).toMatch(/^description: \S/m);
    expect(ACTION).toMatch(/^runs:\n {2}using: composite\n {2}steps:\n/m);
    expect([...inputs.keys()]).toEqual(['paths', 'args', 'output', 'fail-on', 'category']);
    for (const [name, body] of inputs) {
      expect(body, name).toMatch(/^ {4}description: \S/m);
      expect(body, name).toMatch(/^ {4}default: /m);
    }
    expect(inputs.get('paths')).toMatch(/default: '\.'/);
    expect(inputs.get('output')).toMatch(/default: jwtscan\.sarif/);
    expect([...outputs.keys()]).toEqual(['sarif', 'findings']);
    for (const [name, body] of outputs) expect(body, name).toMatch(new RegExp(`value: \\$\\{\\{ steps\\.scan\\.outputs\\.${name} \\}\\}`));
    // Every `run` step names its shell (composite actions require it), and inputs reach scripts only through env.
    const runSteps = ACTION.split(/\n {4}- /).filter((step) => /\brun: /.test(step));
    expect(runSteps.length).toBeGreaterThan(0);
    for (const step of runSteps) expect(step).toMatch(/shell: bash/);
    expect(ACTION.split('\n').filter((line) => /run: .*\$\{\{/.test(line))).toEqual([]);
  });

  it('is documented in the README: every input and output, and a workflow that uploads the SARIF', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = /^### GitHub Action\n([\s\S]*?)^### /m.exec(readme)?.[1] ?? '';
    for (const name of [...inputs.keys(), ...outputs.keys()]) expect(section, name).toContain(`\`${name}\``);
    expect(section).toContain('fetch-depth: 0');
    expect(section).toContain('github/codeql-action/upload-sarif@v4');
    expect(section).toContain('security-events: write');
    expect(section).toMatch(/if: always\(\)/);
    expect(section).toMatch(/category: /);
  });
});

describe('scripts/github-action.sh (the scan step)', () => {
  /** A stand-in for jwtscan: records its arguments, writes a SARIF file with two results (one suppressed) and exits 1. */
  const fakeCli = `
    const fs = require('fs');
    const args = process.argv.slice(2);
    fs.writeFileSync('argv.json', JSON.stringify(args));
    const out = args[args.indexOf('--output') + 1];
    const results = [{ ruleId: 'a' }, { ruleId: 'b', suppressions: [{ kind: 'inSource' }] }, { ruleId: 'c', suppressions: [] }];
    if (process.env.FAKE_EXIT !== '2') fs.writeFileSync(out, JSON.stringify({ version: '2.1.0', runs: [{ results }] }));
    process.exit(Number(process.env.FAKE_EXIT ?? 1));
  `;

  function runStep(env: Record<string, string>) {
    const dir = makeTree({ 'fake-cli.cjs': fakeCli, 'jwtscan.sarif': 'stale' });
    const outputFile = path.join(dir, 'github-output.txt');
    const run = spawnSync('bash', [path.join(ROOT, 'scripts/github-action.sh')], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, JWTSCAN_CLI: path.join(dir, 'fake-cli.cjs'), GITHUB_OUTPUT: outputFile, ...env },
    });
    const argv = fs.existsSync(path.join(dir, 'argv.json')) ? (JSON.parse(fs.readFileSync(path.join(dir, 'argv.json'), 'utf8')) as string[]) : [];
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, argv, outputs: fs.readFileSync(outputFile, 'utf8'), dir };
  }

  it('passes paths and args one per line, forces SARIF output and the fail-on level, and sets the outputs', () => {
    const step = runStep({
      INPUT_PATHS: 'src\ndir with space\n\n# a comment line\napp/[id]\n',
      INPUT_ARGS: `--diff\norigin/main\n--exclude=test/fixtures\n--format\ntext`,
      INPUT_OUTPUT: 'out/jwtscan.sarif',
      INPUT_FAIL_ON: 'error',
      INPUT_CATEGORY: 'jwtscan',
    });
    expect(step.status, step.stderr).toBe(0); // never fails itself: the action's last step does
    expect(step.argv).toEqual([
      'scan', '--diff', 'origin/main', '--exclude=test/fixtures', '--format', 'text',
      '--format', 'sarif', '--output', 'out/jwtscan.sarif', '--fail-on', 'error', '--category', 'jwtscan',
      '--', 'src', 'dir with space', 'app/[id]',
    ]);
    expect(step.outputs).toBe('exit-code=1\nfindings=2\nsarif<<JWTSCAN_EOF\nout/jwtscan.sarif\nJWTSCAN_EOF\n');
  });

  it('takes a JSON array, and never splits on quotes or spaces: a quote in a name keeps every path and argument', () => {
    const step = runStep({
      INPUT_PATHS: JSON.stringify(["it's \"quoted\".js", 'src/**/*.ts', 'a b']),
      INPUT_ARGS: "--baseline=.jwtscan-baseline.json\n--exclude=it's/**",
    });
    expect(step.argv).toEqual([
      'scan', '--baseline=.jwtscan-baseline.json', "--exclude=it's/**",
      '--format', 'sarif', '--output', 'jwtscan.sarif', '--fail-on', 'warning',
      '--', "it's \"quoted\".js", 'src/**/*.ts', 'a b',
    ]);
  });

  it('a bad input stops before the scan with an annotation and exit code 2 for the last step', () => {
    for (const bad of [{ INPUT_PATHS: '["src", 3]' }, { INPUT_ARGS: '[--diff' }] as Record<string, string>[]) {
      const step = runStep(bad);
      expect(step.status).toBe(0);
      expect(step.argv).toEqual([]);
      expect(step.outputs).toBe('exit-code=2\nfindings=\nsarif<<JWTSCAN_EOF\n\nJWTSCAN_EOF\n');
    }
    expect(runStep({ INPUT_PATHS: '["src", 3]' }).stdout).toBe('::error::jwtscan action: input "paths": a JSON array must hold strings only\n');
    expect(runStep({ INPUT_ARGS: '[--diff' }).stdout).toMatch(/^::error::jwtscan action: input "args": not a valid JSON array \(/);
  });

  it('uses the defaults, removes a stale report, and leaves findings empty when jwtscan could not run', () => {
    const defaults = runStep({});
    expect(defaults.argv).toEqual(['scan', '--format', 'sarif', '--output', 'jwtscan.sarif', '--fail-on', 'warning', '--', '.']);
    const failed = runStep({ FAKE_EXIT: '2' });
    expect(failed.status).toBe(0);
    expect(failed.outputs).toBe('exit-code=2\nfindings=\nsarif<<JWTSCAN_EOF\n\nJWTSCAN_EOF\n');
    expect(fs.existsSync(path.join(failed.dir, 'jwtscan.sarif'))).toBe(false);
  });
});

describe("action.yml's install step: the release's prebuilt dist/, else a build from source", () => {
  const steps = (parseYaml(ACTION) as { runs: { steps: { run?: string; 'working-directory'?: string }[] } }).runs.steps;
  const install = steps.find((step) => step.run?.includes('npm ci'));

  /** Runs the step as GitHub runs a bash step, in a stand-in action directory, with an `npm` that only records its arguments. */
  function runInstall(files: Record<string, string>) {
    const actionPath = makeTree({ ...files, 'bin/npm': '#!/bin/sh\necho "$*" >> "$(dirname "$0")/../npm-calls.txt"\n' });
    fs.chmodSync(path.join(actionPath, 'bin/npm'), 0o755);
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', install!.run!], {
      cwd: actionPath,
      encoding: 'utf8',
      env: { PATH: `${path.join(actionPath, 'bin')}${path.delimiter}${process.env.PATH}` },
    });
    const calls = fs.existsSync(path.join(actionPath, 'npm-calls.txt')) ? fs.readFileSync(path.join(actionPath, 'npm-calls.txt'), 'utf8').trim().split('\n') : [];
    return { status: run.status, stdout: run.stdout, calls };
  }

  it('runs in the action directory', () => {
    expect(install?.['working-directory']).toBe('${{ github.action_path }}');
    // The scan step runs the bin from there.
    expect(ACTION).toContain('JWTSCAN_CLI: ${{ github.action_path }}/dist/jwtscan.cjs');
  });

  it('takes the prebuilt dist/ as it is: no npm ci, no compile', () => {
    const step = runInstall({ 'dist/jwtscan.cjs': '', 'dist/build-id': '0123456789abcdef\n' });
    expect(step.status).toBe(0);
    expect(step.calls).toEqual([]);
    expect(step.stdout).toBe('jwtscan: the prebuilt dist/ of this release (build 0123456789abcdef)\n');
  });

  it('builds from source at a ref without dist/, or with an unfinished one (no dist/build-id)', () => {
    for (const files of [{}, { 'dist/jwtscan.cjs': '' }] as Record<string, string>[]) {
      const step = runInstall(files);
      expect(step.status).toBe(0);
      expect(step.calls).toEqual(['ci --ignore-scripts --no-audit --no-fund --loglevel=error', 'run build --silent']);
      expect(step.stdout).toContain('building from source');
    }
  });
});
