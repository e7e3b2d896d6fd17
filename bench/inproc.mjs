// In-process scans: `scan()` from dist with every rule, N times in one fresh process. The first run
// pays module loading (Babel on first need) and JIT warm-up; the later ones show the steady state.
// Usage: node bench/inproc.mjs <dir> <runs>   → one JSON line on stdout.
import { createHash } from 'node:crypto';
import { RULES } from '../dist/rules/index.js';
import * as ruleModule from '../dist/src/rule.js';
import { DEFAULT_MAX_FILE_SIZE, scan } from '../dist/src/scan.js';

const [dir, runsArg = '3'] = process.argv.slice(2);
const runs = Number(runsArg);
const options = {
  cwd: dir,
  paths: ['.'],
  include: [],
  exclude: [],
  gitignore: true,
  maxFileSize: DEFAULT_MAX_FILE_SIZE ?? 2 * 1024 * 1024,
  rules: RULES,
  knownRuleIds: new Set(RULES.map((r) => r.id)),
  settings: ruleModule.NO_SETTINGS ?? { sinks: [], weakSecrets: [] },
};
const times = [];
const cpu = [];
let last;
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  const c = process.cpuUsage();
  last = await scan(options);
  times.push(performance.now() - t);
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
}
const fingerprints = last.findings.map((f) => f.fingerprint).sort();
process.stdout.write(
  `${JSON.stringify({
    times,
    cpu,
    stats: last.stats,
    findings: last.findings.length,
    findingsDigest: createHash('sha256').update(fingerprints.join('\n')).digest('hex').slice(0, 16),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
