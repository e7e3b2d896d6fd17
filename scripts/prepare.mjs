// `prepare`: builds dist/ with tsc, so jwtscan also installs from git (the pre-commit framework
// installs hooks with `npm install -g git+file://<clone>`). npm runs a git dependency's prepare
// without its devDependencies when the outer install is global (npm/cli#8440), so install them
// here first, locally and without scripts (this script would otherwise run again).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tsc = 'node_modules/typescript/bin/tsc';
if (!existsSync(tsc) && process.env.npm_execpath) {
  execFileSync(process.execPath, [process.env.npm_execpath, 'install', '--no-save', '--global=false', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
    env: { ...process.env, npm_config_global: 'false' },
  });
}
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
