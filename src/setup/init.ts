/**
 * `jwtscan init`: a starting `.jwtscan.json` (with its `$schema`, so editors check it) and the hook
 * and CI lines for the tools the repository already uses (husky, lint-staged, pre-commit, GitHub
 * Actions, GitLab CI). Existing files are never changed: it writes one new file at most.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface InitResult {
  /** The config written, or the existing one left alone. */
  config: { file: string; created: boolean };
  /** What was found: `husky`, `lint-staged`, `pre-commit`, `github`, `gitlab`. */
  detected: string[];
  /** Instructions to print, one block per tool. */
  instructions: string;
}

const CONFIG = `${JSON.stringify({ $schema: './node_modules/jwtscan/schema/jwtscan.schema.json', exclude: [], rules: {} }, null, 2)}\n`;

export function init(root: string, configNames: readonly string[]): InitResult {
  const existing = configNames.map((name) => path.join(root, name)).find((file) => fs.existsSync(file));
  const file = existing ?? path.join(root, configNames[0]!);
  if (!existing) fs.writeFileSync(file, CONFIG, { flag: 'wx' });
  const detected = detect(root);
  return { config: { file, created: !existing }, detected, instructions: detected.map((tool) => BLOCKS[tool]).join('\n') || BLOCKS.plain };
}

function detect(root: string): (keyof typeof BLOCKS)[] {
  const has = (relative: string) => fs.existsSync(path.join(root, relative));
  const pkg = readPackage(root);
  const deps = { ...(pkg.dependencies as object | undefined), ...(pkg.devDependencies as object | undefined) };
  const found: (keyof typeof BLOCKS)[] = [];
  if (has('.husky') || 'husky' in deps) found.push('husky');
  if ('lint-staged' in pkg || 'lint-staged' in deps || fs.readdirSync(root).some((f) => f.startsWith('.lintstagedrc') || f.startsWith('lint-staged.config'))) found.push('lint-staged');
  if (has('.pre-commit-config.yaml')) found.push('pre-commit');
  if (has('.github')) found.push('github');
  if (has('.gitlab-ci.yml')) found.push('gitlab');
  return found;
}

function readPackage(root: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const BLOCKS = {
  plain: `Pre-commit hook (plain git):
  npx jwtscan install-hook
`,
  husky: `husky: add to .husky/pre-commit
  command -v jwtscan >/dev/null || { echo "jwtscan is not installed: run npm install --save-dev jwtscan" >&2; exit 2; }
  jwtscan scan --staged
`,
  'lint-staged': `lint-staged: add to its config
  "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}": "jwtscan scan"
`,
  'pre-commit': `pre-commit: add to .pre-commit-config.yaml
  - repo: https://github.com/jwtscan/jwtscan
    rev: v0.1.0
    hooks:
      - id: jwtscan
`,
  github: `GitHub Actions: a step of a pull_request job (SARIF for code scanning)
  - run: npm ci
  - run: npx jwtscan scan --format sarif --output jwtscan.sarif
  - uses: github/codeql-action/upload-sarif@v4
    if: always()
    with: { sarif_file: jwtscan.sarif, category: jwtscan }
`,
  gitlab: `GitLab CI: a merge request job (Code Quality and test reports)
  jwtscan:
    image: node:20
    script:
      - npm ci
      - npx jwtscan scan --format gitlab --output gl-code-quality.json
    artifacts:
      when: always
      reports: { codequality: gl-code-quality.json }
`,
};
