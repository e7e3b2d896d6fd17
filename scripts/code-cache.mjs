// Makes the V8 code caches of dist/jwtscan-main.cjs and dist/babel-parser.cjs (src/util/code-cache.ts),
// run by scripts/bundle.mjs in a process of its own once the bundle is written. It loads the bundle
// with the same loader and cache identity as the bin, runs the scans a user runs most (a directory
// in each report format, a staged commit, --version), then saves what V8 compiled: the bin's next
// start skips compiling it.
//
// The scans run in-process through main() with ownsProcess false, so no V8 flag changes on the way
// (a cache made under other flags is rejected; so is one made under other NODE_OPTIONS V8 flags than
// the bin runs with). The scanned project is a throwaway one made here.
// Exit status: 1 when the bundle is broken (a scan failed), which must fail the build; 0 otherwise.
// The caches are only a speed-up: when this machine cannot make them (no temporary directory, no
// git for the staged scan), it says so and the bin runs without them, or without that part.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { bundleIdentity, cacheFileBytes, distFiles, loadWrapped } = await import(pathToFileURL(path.join(ROOT, 'dist/src/util/code-cache.js')).href);
const files = distFiles(path.join(ROOT, 'dist'));
for (const file of [files.mainCache, files.parserCache]) fs.rmSync(file, { force: true });

const loaded = loadWrapped(files.main, { file: files.mainCache, identity: bundleIdentity(files.buildId) });
const { main, parserCodeCache } = loaded.exports;

let project;
try {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-code-cache-'));
  writeProject(project);
} catch (error) {
  console.warn(`code cache: not made, no throwaway project to scan (${error.message}); the bin runs without it`);
  process.exit(0);
}
try {
  const env = gitFreeEnv();
  const output = path.join(project, 'report.out');
  await run(['--version'], project, env);
  for (const format of ['json', 'sarif', 'text']) await run(['scan', '.', '--format', format, '--no-cache', '-o', output], project, env);
  if (gitRepository(project, env)) {
    try {
      await run(['scan', '--staged', '--format', 'json', '--no-cache', '-o', output], project, env);
    } catch (error) {
      console.warn(`code cache: made without a staged scan (${error.message})`);
    }
  } else {
    console.warn('code cache: made without a staged scan (git could not make a repository here)');
  }
  const parser = parserCodeCache();
  if (!parser) throw new Error('the scans did not load the parser through its code cache loader');
  writeWhole(files.mainCache, cacheFileBytes(loaded));
  writeWhole(files.parserCache, parser);
  const kib = (file) => `${(fs.statSync(file).size / 1024).toFixed(0)} KiB`;
  console.log(`code cache: ${path.relative(ROOT, files.mainCache)} (${kib(files.mainCache)}), ${path.relative(ROOT, files.parserCache)} (${kib(files.parserCache)})`);
} catch (error) {
  console.error(`code cache: the bundle failed a scan: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(project, { recursive: true, force: true });
}

async function run(argv, cwd, env) {
  let stderr = '';
  const io = { stdout: () => undefined, stderr: (text) => (stderr += text), cwd, env, isTTY: false, ownsProcess: false };
  const code = await main(argv, io);
  // 0 or 1 (findings): anything else means the bundle is broken, which the build must not hide.
  if (code !== 0 && code !== 1) throw new Error(`jwtscan ${argv.join(' ')} exited ${code}: ${stderr}`);
}

/** A file written whole or not at all (a reader never sees half a cache). */
function writeWhole(file, bytes) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
}

/** A small project with the JWT code the rules look for (the keys are throwaway examples). */
function writeProject(dir) {
  const write = (name, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  write('package.json', '{ "name": "code-cache-warm-up", "private": true }\n');
  write('src/config.js', "module.exports = { jwtSecret: 'q8Zt3LmP0vR7xYw2Kc9Nf4Hb6Js1Ua5E' };\n");
  write(
    'src/auth/tokens.js',
    [
      "const jwt = require('jsonwebtoken');",
      "const { jwtSecret } = require('../config');",
      "exports.sign = (user) => jwt.sign({ sub: user.id }, jwtSecret, { expiresIn: '1h' });",
      "exports.verify = (token) => jwt.verify(token, process.env.JWT_SECRET || 'dev-secret');",
      '',
    ].join('\n'),
  );
  write(
    'src/app.module.ts',
    [
      "import { Module } from '@nestjs/common';",
      "import { JwtModule } from '@nestjs/jwt';",
      'const options = { secret: "changeme", signOptions: { expiresIn: "60s" } };',
      '@Module({ imports: [JwtModule.register(options)] })',
      'export class AppModule {}',
      '',
    ].join('\n'),
  );
  write('src/web/client.tsx', 'export const Badge = ({ user }: { user: string }) => <span>{user}</span>;\n');
  write('test/auth.spec.ts', "import jwt from 'jsonwebtoken';\nexport const token = jwt.sign({ sub: 1 }, 'test-secret');\n");
}

/** This environment without the GIT_* variables of an enclosing git process (a build may run in a hook), nor git's user config. */
function gitFreeEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, NO_COLOR: '1' };
}

/** Makes `dir` a git repository with everything staged; false when git is not there to do it. */
function gitRepository(dir, env) {
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir, env, stdio: 'ignore' });
    execFileSync('git', ['add', '.'], { cwd: dir, env, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
