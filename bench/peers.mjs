// Peer scanners for `npm run bench -- --peers secretlint[,eslint]`, run on the same files as jwtscan.
// Each is installed once into bench/.peers/<name> (npm registry; not committed, not a dependency of
// jwtscan) at the version the issue names, and run as a fresh process like jwtscan's CLI scans.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PEERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.peers');
const CODE_GLOB = '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}';

const PEERS = {
  secretlint: {
    label: 'secretlint 13.0.6, recommended preset',
    packages: ['secretlint@13.0.6', '@secretlint/secretlint-rule-preset-recommend@13.0.6'],
    files: { '.secretlintrc.json': JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }) },
    // secretlint exits 1 when it finds something: not a failure of the measurement.
    okStatus: [0, 1],
    command: (dir) => [path.join(dir, 'node_modules/.bin/secretlint'), ['--secretlintrc', path.join(dir, '.secretlintrc.json'), '--format', 'json', CODE_GLOB]],
  },
  eslint: {
    label: 'ESLint 9 + eslint-plugin-jwt 2.2.14 (typescript-eslint parser)',
    packages: ['eslint@9', 'eslint-plugin-jwt@2.2.14', 'typescript-eslint@8', 'typescript@5'],
    files: {
      'eslint.config.mjs': `import jwt from 'eslint-plugin-jwt';
import tseslint from 'typescript-eslint';
const rules = Object.fromEntries(Object.keys(jwt.rules ?? {}).map((id) => [\`jwt/\${id}\`, 'warn']));
export default [
  { files: ['${CODE_GLOB}'], languageOptions: { parser: tseslint.parser }, plugins: { jwt }, rules, linterOptions: { reportUnusedDisableDirectives: 'off' } },
];
`,
    },
    okStatus: [0, 1],
    command: (dir) => [path.join(dir, 'node_modules/.bin/eslint'), ['--config', path.join(dir, 'eslint.config.mjs'), '--no-warn-ignored', '--format', 'json', '.']],
    env: { NODE_OPTIONS: '--max-old-space-size=8192' },
  },
};

export const PEER_NAMES = Object.keys(PEERS);

/** Installs the peer if it is not there yet; returns how to run it on a directory. */
export function preparePeer(name, log) {
  const peer = PEERS[name];
  if (!peer) throw new Error(`--peers: unknown peer "${name}" (known: ${PEER_NAMES.join(', ')})`);
  const dir = path.join(PEERS_DIR, name);
  const stamp = path.join(dir, '.installed');
  const wanted = peer.packages.join(' ');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== wanted) {
    log(`installing ${peer.label} into ${path.relative(process.cwd(), dir)}…`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `jwtscan-bench-peer-${name}`, private: true, type: 'module' }));
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...peer.packages], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm install of ${name} failed:\n${r.stderr}`);
    fs.writeFileSync(stamp, wanted);
  }
  for (const [file, text] of Object.entries(peer.files)) fs.writeFileSync(path.join(dir, file), text);
  const [cmd, argv] = peer.command(dir);
  return { name, label: peer.label, cmd, argv, okStatus: peer.okStatus, env: peer.env ?? {} };
}
