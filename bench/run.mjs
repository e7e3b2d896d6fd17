// jwtscan benchmark: a generated corpus shaped like a real monorepo (most files irrelevant, a few
// JWT modules, a few large bundles), scanned in-process several times; plus the start-up latency of
// the CLI on a handful of files, which is what a pre-commit hook feels.
// Usage: npm run bench [-- --files 5000 --runs 5]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RULES } from '../dist/rules/index.js';
import { STRENGTH_CHECKS } from '../dist/rules/jwt-weak-secret.js';
import { scan } from '../dist/src/scan.js';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((a) => a.trim().split(/\s+/)));
const FILES = Number(args.files ?? 5000);
const RUNS = Number(args.runs ?? 5);
const corpus = path.join(os.tmpdir(), `jwtscan-bench-${FILES}`);

function generate() {
  if (fs.existsSync(path.join(corpus, '.complete'))) return;
  fs.rmSync(corpus, { recursive: true, force: true });
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const plain = (i) =>
    Array.from({ length: 20 + Math.floor(rand() * 120) }, (_, j) =>
      j % 7 === 0
        ? `export function handler${i}_${j}(req, res) {\n  const items = req.body.items.map((x) => ({ ...x, id: x.id ?? ${j} }));\n  return res.json({ ok: true, count: items.length, label: 'item-${i}-${j}' });\n}`
        : `const value${j} = compute(${j}, 'key-${j}', [${j}, ${j + 1}]) ?? fallback${j};`,
    ).join('\n');
  const jwtModule = (i) => `import jwt from 'jsonwebtoken';\nconst SECRET = process.env.JWT_SECRET || 'bench-fallback-${i}';\nexport const issue = (u) => jwt.sign({ sub: u.id }, SECRET, { expiresIn: '1h' });\nexport const check = (t) => jwt.verify(t, process.env.JWT_SECRET);\n${plain(i)}`;
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(corpus, `packages/p${i % 50}/src/d${i % 13}`);
    fs.mkdirSync(dir, { recursive: true });
    const ext = ['js', 'ts', 'tsx', 'mjs'][i % 4];
    const text = i % 40 === 0 ? jwtModule(i) : plain(i);
    fs.writeFileSync(path.join(dir, `f${i}.${ext}`), text);
  }
  // A few bundles: large single files, one of which mentions jwt.
  for (let b = 0; b < 4; b++) {
    const body = Array.from({ length: 4000 }, (_, j) => `var a${j}=function(e,t){return e+t+${j}};`).join('');
    fs.writeFileSync(path.join(corpus, `packages/p${b}/bundle${b}.js`), (b === 0 ? '/* jwt */' : '') + body);
  }
  fs.writeFileSync(path.join(corpus, '.complete'), '');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

generate();
const bytes = fs.readdirSync(corpus, { recursive: true }).reduce((sum, f) => {
  const p = path.join(corpus, f);
  const st = fs.statSync(p);
  return st.isFile() ? sum + st.size : sum;
}, 0);
const options = { cwd: corpus, paths: ['.'], include: [], exclude: [], gitignore: true, maxFileSize: 2 * 1024 * 1024, rules: RULES };
const times = [];
let last;
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  last = await scan(options);
  times.push(performance.now() - t);
}
const small = ['packages/p0/src/d0/f0.js', 'packages/p1/src/d1/f1.ts', 'packages/p2/src/d2/f2.tsx'];
const startups = [];
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  spawnSync(process.execPath, [path.resolve('dist/src/cli.js'), 'scan', ...small, '--fail-on', 'none'], { cwd: corpus });
  startups.push(performance.now() - t);
}
// What the key-strength checks (defaults, public-list index, entropy) cost on the example app:
// the same in-process scan with and without them (first run of each warms caches and the index).
const example = { ...options, cwd: path.resolve('examples/vulnerable-app') };
const saved = { ...STRENGTH_CHECKS };
const disabled = { isPubliclyKnown: () => false, knownDefaults: new Set(), entropy: { estimate: () => ({ bits: 999, saved: 0, pattern: '' }) } };
const withRuns = [];
const withoutRuns = [];
// Interleaved, after a warm-up of each, so JIT and cache effects fall on both sides alike.
for (let r = 0; r < 42; r++) {
  const checks = r % 2 === 0;
  Object.assign(STRENGTH_CHECKS, checks ? saved : disabled);
  const t = performance.now();
  await scan(example);
  if (r >= 2) (checks ? withRuns : withoutRuns).push(performance.now() - t);
}
Object.assign(STRENGTH_CHECKS, saved);
const withChecks = median(withRuns);
const withoutChecks = median(withoutRuns);

const ms = median(times);
console.log(`corpus: ${last.stats.filesListed} files, ${(bytes / 1e6).toFixed(1)} MB (${corpus})`);
console.log(`scan:   median ${ms.toFixed(0)} ms over ${RUNS} runs (${(last.stats.filesListed / (ms / 1000)).toFixed(0)} files/s), ${last.stats.filesParsed} files parsed, ${last.findings.length} findings`);
console.log(`cli:    median ${median(startups).toFixed(0)} ms for a 3-file pre-commit scan (process start included)`);
console.log(`example app: median ${withChecks.toFixed(1)} ms with key-strength checks, ${withoutChecks.toFixed(1)} ms without (20 runs each)`);
console.log(`memory: peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
