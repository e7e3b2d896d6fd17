/**
 * The `jwtscan` bin, bundled by scripts/bundle.mjs into dist/jwtscan.cjs. CommonJS, because Node
 * starts a CommonJS entry ~8 ms sooner than an ES module (no ES module loader to set up). It loads
 * the bundle of everything else, dist/jwtscan-main.cjs, with its V8 code cache when that was made
 * for this very build (src/util/code-cache.ts), and runs the command.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEarly } from './git/git.js';
import { STAGED_DIFF } from './git/staged-commands.js';
import { bundleIdentity, distFiles, loadWrapped } from './util/code-cache.js';

// A pre-commit run spends most of its time waiting for `git diff --cached` (~45 ms of git on a
// 20k-file index): start it now, before the bundle loads, and the bundle takes it (src/git/git.ts).
// A guess from the raw arguments: when wrong, the run is never taken and costs only the process.
const args = process.argv.slice(2);
if (args[0] === 'scan' && args.includes('--staged')) startEarly({ cwd: process.cwd(), env: process.env }, STAGED_DIFF);

let runCli: () => void;
try {
  // The real file: under --preserve-symlinks-main this one may be reached through a symlink elsewhere.
  const files = distFiles(path.dirname(fs.realpathSync(fileURLToPath(import.meta.url))));
  const loaded = loadWrapped(files.main, { file: files.mainCache, identity: bundleIdentity(files.buildId) });
  runCli = (loaded.exports as { runCli(): void }).runCli;
} catch (error) {
  // Exit 2 (an error), never 1, which would read as "findings".
  process.stderr.write(`jwtscan: the installation is incomplete or damaged (${error instanceof Error ? error.message : String(error)}); reinstall jwtscan\n`);
  process.exit(2);
}
runCli();
