// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, and self time
// grouped by where the code lives (jwtscan's own modules by file, dependencies by package, GC,
// Node internals). Usage as a module: summariseProfile(file, { top }); or standalone:
//   node bench/profile.mjs <file.cpuprofile> [top]
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export function summariseProfile(file, { top = 10 } = {}) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map(); // node id → µs
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = deltas[i + 1] ?? 0; // a sample's time is the delta to the next sample
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  let total = 0;
  const functions = new Map();
  const groups = new Map();
  for (const [id, us] of self) {
    total += us;
    const { callFrame } = byId.get(id);
    const where = location(callFrame.url, callFrame.functionName);
    const name = callFrame.functionName || '(anonymous)';
    const key = `${name} ${where.short}:${callFrame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    groups.set(where.group, (groups.get(where.group) ?? 0) + us);
  }
  const sorted = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: Math.round((1000 * us) / total) / 10 }));
  return { totalMs: Math.round(total / 1000), topFunctions: sorted(functions, top), byGroup: sorted(groups, 15) };
}

function location(url, name) {
  if (!url) {
    if (name === '(garbage collector)') return { short: '', group: '(garbage collector)' };
    if (name === '(idle)') return { short: '', group: '(idle: waiting for I/O)' };
    if (name === '(program)' || name === '(root)') return { short: '', group: '(program: V8 compile/runtime)' };
    return { short: '(native)', group: 'native bindings (fs, crypto, …)' };
  }
  const pathPart = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (pathPart.startsWith('node:')) return { short: pathPart, group: 'node internals' };
  const nm = pathPart.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = pathPart.slice(nm + '/node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return { short: `${pkg}/${rest.slice(pkg.split('/').length).join('/')}`, group: pkg };
  }
  const dist = pathPart.indexOf('/dist/');
  if (dist >= 0) {
    const rel = pathPart.slice(dist + '/dist/'.length);
    return { short: rel, group: `jwtscan ${rel}` };
  }
  return { short: pathPart, group: pathPart };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const summary = summariseProfile(process.argv[2], { top: Number(process.argv[3] ?? 10) });
  console.log(`total sampled: ${summary.totalMs} ms`);
  for (const f of summary.topFunctions) console.log(`${String(f.ms).padStart(7)} ms ${String(f.percent).padStart(5)}%  ${f.name}`);
  console.log('by package / file:');
  for (const g of summary.byGroup) console.log(`${String(g.ms).padStart(7)} ms ${String(g.percent).padStart(5)}%  ${g.name}`);
}
