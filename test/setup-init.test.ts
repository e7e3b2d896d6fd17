/** `jwtscan init`: a config with its $schema, never over an existing one, and lines for the tools in use. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { main, type Io } from '../src/main.js';
import { loadConfig } from '../src/config/load-config.js';
import { RULES } from '../rules/index.js';
import { makeTree } from './helpers/temp-tree.js';

async function run(argv: string[], cwd: string) {
  let stdout = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: () => {}, cwd, env: {}, isTTY: false };
  return { code: await main(argv, io), stdout };
}

it('writes .jwtscan.json that loads, and prints the lines for husky, lint-staged, pre-commit, GitHub and GitLab', async () => {
  const root = makeTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'package.json': JSON.stringify({ devDependencies: { husky: '^9' }, 'lint-staged': {} }),
    '.pre-commit-config.yaml': 'repos: []\n',
    '.github/workflows/ci.yml': 'on: push\n',
    '.gitlab-ci.yml': 'stages: []\n',
  });
  const { code, stdout } = await run(['init'], root);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Wrote \.jwtscan\.json\./);
  const config = JSON.parse(fs.readFileSync(path.join(root, '.jwtscan.json'), 'utf8')) as { $schema: string };
  expect(config.$schema).toBe('./node_modules/jwtscan/schema/jwtscan.schema.json');
  expect(() => loadConfig(path.join(root, '.jwtscan.json'), new Set(RULES.map((r) => r.id)))).not.toThrow();
  for (const line of ['.husky/pre-commit', 'lint-staged', '.pre-commit-config.yaml', 'upload-sarif', 'codequality']) expect(stdout).toContain(line);
});

it('leaves an existing config alone and suggests the plain hook when no tool is found', async () => {
  const root = makeTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'jwtscan.config.json': '{ "exclude": ["vendor/**"] }\n' });
  const { code, stdout } = await run(['init'], root);
  expect(code).toBe(0);
  expect(stdout).toContain('jwtscan.config.json exists: left as it is.');
  expect(fs.existsSync(path.join(root, '.jwtscan.json'))).toBe(false);
  expect(fs.readFileSync(path.join(root, 'jwtscan.config.json'), 'utf8')).toBe('{ "exclude": ["vendor/**"] }\n');
  expect(stdout).toContain('npx jwtscan install-hook');
});
