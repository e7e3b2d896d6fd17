// `prepare`: builds dist/ (tsc, then the bin and its bundle with scripts/bundle.mjs), so
// jwtscan also installs from git (the pre-commit framework installs hooks with
// `npm install -g git+file://<clone>`). npm runs a git dependency's prepare without its
// devDependencies when the outer install is global (npm/cli#8440), so install them here first,
// locally and without scripts (this script would otherwise run again; esbuild needs no install
// script: its binary comes from its optional @esbuild/<platform> package).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tsc = 'node_modules/typescript/bin/tsc';
// esbuild too: a node_modules from before it was a devDependency has tsc but not esbuild.
const devToolsMissing = !existsSync(tsc) || !existsSync('node_modules/esbuild/package.json');
if (devToolsMissing && process.env.npm_execpath) {
  const env = { ...process.env, npm_config_global: 'false' };
  // npm 11 asks users to approve install scripts (`--allow-scripts=jwtscan`, or allow-scripts in their
  // config) and passes the setting down to this script, but refuses it in a project install like the
  // one below (EALLOWSCRIPTS). This install runs no scripts anyway (--ignore-scripts).
  for (const key of Object.keys(env)) if (/^npm_config_allow[-_]scripts$/i.test(key)) delete env[key];
  execFileSync(process.execPath, [process.env.npm_execpath, 'install', '--no-save', '--global=false', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
    env,
  });
}
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
