/**
 * The `jwtscan` bin, bundled by scripts/bundle.mjs into dist/jwtscan.cjs. CommonJS, because Node
 * starts a CommonJS entry ~8 ms sooner than an ES module (no ES module loader to set up). It loads
 * the bundle of everything else, dist/jwtscan-main.cjs, with its V8 code cache when that was made
 * for this very build (src/util/code-cache.ts), and runs the command.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleIdentity, distFiles, loadWrapped } from './util/code-cache.js';

const files = distFiles(path.dirname(fileURLToPath(import.meta.url)));
const loaded = loadWrapped(files.main, { file: files.mainCache, identity: bundleIdentity(files.buildId) });
(loaded.exports as { runCli(): void }).runCli();
