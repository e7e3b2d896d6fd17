/**
 * The `jwtscan` bin, bundled by scripts/bundle.mjs into dist/jwtscan.cjs. CommonJS, because Node
 * starts a CommonJS entry ~8 ms sooner than an ES module (no ES module loader to set up). It loads
 * the bundle of everything else, dist/jwtscan-main.cjs, with its V8 code cache when that was made
 * for this very build (src/util/code-cache.ts), and runs the command.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleIdentity, distFiles, loadWrapped } from './util/code-cache.js';

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
