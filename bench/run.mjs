// jwtscan benchmark (issue 6): cold, warm and pre-commit timings as ratios to the list+read floor
// measured in the same run, on a deterministic synthetic monorepo (bench/corpus.mjs) or a real
// directory. Every measurement is a fresh process (wall time from spawn to exit, peak RSS from
// /usr/bin/time -v, CPU = user + sys of the child, the figure least disturbed by other load on the
// machine), except the in-process `scan()` figures (timed inside one child; RSS is that child's peak).
//
// Usage: npm run bench [-- --files 20000 --runs 3 --seed 1 --dir <path> --profile --linear
//                         --peers secretlint[,eslint] --compare <jwtscan checkout> --staged-repo <git dir> [--staged-commit <rev>]]
//   --files N   synthetic corpus size (default 20000); --seed N  its PRNG seed (default 1)
//   --runs N    repetitions of each measurement, median reported (default 3; quick ones ≥ 5)
//   --dir P     scan a real directory instead of the synthetic corpus (no staged-in-a-big-repo case);
//               --corpus P is the same (bench/layout-corpus.mjs lays out real repositories at pinned commits)
//   --profile   also run one cold CLI scan under --cpu-prof and print the top self-time functions
//   --linear    also measure floor and cold scan on a corpus of 2×files (linearity target); with --dir,
//               on subsets of the real files (a quarter, a half: chosen by a hash of the path, hard-linked
//               into <dir>.subsets/, beside the corpus and outside any repository) against the whole
//   --peers L   also time other scanners on the same files, interleaved with jwtscan's cold scans
//               (bench/peers.mjs: secretlint 13 with its recommended preset; eslint = ESLint +
//               eslint-plugin-jwt, slow: only when asked); installed once into bench/.peers/
//   --compare P another jwtscan checkout (its built dist/jwtscan.cjs): its cold, warm and --no-cache
//               scans interleaved with this one's, for before/after figures from one run
//   --staged-repo G  a git repository (bare mirror or work tree) cloned --shared into a temporary
//               directory, at --staged-commit (default HEAD), with 5 files changed and staged: the
//               pre-commit case in a real repository (with --dir, where the synthetic one is absent)
// Results: a table on stdout, all figures in bench/results/latest.json (not committed).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';
import { summariseProfile } from './profile.mjs';
import { PEER_NAMES, preparePeer } from './peers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/jwtscan.cjs'); // the bin (scripts/bundle.mjs); dist/src/cli.js is the unbundled build
const RESULTS = path.join(ROOT, 'bench/results');
const NODE = process.execPath;
const TIME = fs.existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0 ? '/usr/bin/time' : undefined;

const args = parseArgs(process.argv.slice(2));
const FILES = Number(args.files ?? 20000);
const RUNS = Math.max(1, Number(args.runs ?? 3));
const QUICK_RUNS = Math.max(RUNS, 5);
const SEED = Number(args.seed ?? 1);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-bench-run-'));
const xdg = path.join(work, 'xdg-cache'); // children get XDG_CACHE_HOME here, so caches are ours to clear
const childEnv = { ...process.env, XDG_CACHE_HOME: xdg, NO_COLOR: '1' };
const started = performance.now();
const loadBefore = os.loadavg();

try {
  await main();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

async function main() {
  // ---- corpus -----------------------------------------------------------------------------
  let corpus;
  let manifest;
  if (args.dir) {
    corpus = path.resolve(String(args.dir));
    if (!fs.statSync(corpus, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--dir: not a directory: ${corpus}`);
  } else {
    const made = ensureCorpus({ files: FILES, seed: SEED });
    corpus = made.dir;
    manifest = made.manifest;
    if (made.generatedMs > 0) log(`generated corpus in ${(made.generatedMs / 1000).toFixed(1)} s: ${corpus}`);
  }
  // One untimed pass so every file is in the page cache (all figures are page-cache-warm).
  const warmup = runFloor(corpus, 'read');
  const corpusFiles = warmup.out.files;
  const corpusBytes = warmup.out.bytes;
  log(`corpus: ${corpusFiles} files, ${mb(corpusBytes)} MB; ${RUNS} runs per measurement`);

  const peers = args.peers ? String(args.peers).split(',').filter(Boolean).map((name) => preparePeer(name, log)) : [];
  const compareCli = args.compare ? path.join(path.resolve(String(args.compare)), 'dist/jwtscan.cjs') : undefined;
  if (compareCli && !fs.existsSync(compareCli)) throw new Error(`--compare: no built CLI at ${compareCli} (run npm run build there)`);
  const help = spawnSync(NODE, [CLI, 'scan', '--help'], { encoding: 'utf8' }).stdout ?? '';
  const features = { noCache: /--no-cache\b/.test(help), stats: /--stats\b/.test(help) };
  log(`CLI: --no-cache ${features.noCache ? 'supported' : 'not supported'}, --stats ${features.stats ? 'supported' : 'not supported'}`);

  const S = {}; // scenario name → { samples: [{ms, rssMB}], ...extra }
  const add = (name, sample, extra) => {
    S[name] ??= { samples: [] };
    S[name].samples.push(sample);
    if (extra) Object.assign(S[name], extra);
  };

  // ---- process start-up, for reference ------------------------------------------------------
  for (let r = 0; r < QUICK_RUNS; r++) add('node -e 0 (process start)', timed(NODE, ['-e', '0'], { cwd: work }));

  // ---- floor and full-corpus CLI scans, interleaved so a busy machine weighs on both alike -----
  const cliOut = (tag) => path.join(work, `${tag}.json`);
  const cliArgs = (out, extra = [], cli = CLI) => [cli, 'scan', '.', '--format', 'json', '--fail-on', 'none', '-o', out, ...(features.stats ? ['--stats'] : []), ...extra];
  const reports = {};
  for (let r = 0; r < RUNS; r++) {
    log(`run ${r + 1}/${RUNS}: floor…`);
    const list = runFloor(corpus, 'list');
    add('list files (fast-glob)', list.sample);
    const read = runFloor(corpus, 'read');
    add('floor: list + read every file', read.sample);
    add('(reference) sync list + read', runFloor(corpus, 'read-sync').sample);
    const pre = runFloor(corpus, 'prefilter');
    add('floor + decode + keyword prefilter', pre.sample, { prefilterPassed: pre.out.prefilterPassed });

    log(`run ${r + 1}/${RUNS}: cold CLI scan…`);
    clearCaches(corpus);
    const cold = timed(NODE, cliArgs(cliOut('cold')), { cwd: corpus });
    reports.cold = readReport(cliOut('cold'), cold);
    add('cold CLI scan', cold, { report: summary(reports.cold), stderr: tail(cold.stderr) });
    log(`run ${r + 1}/${RUNS}: warm CLI re-scan…`);
    const warm = timed(NODE, cliArgs(cliOut('warm')), { cwd: corpus });
    reports.warm = readReport(cliOut('warm'), warm);
    add('warm CLI re-scan (2nd run, nothing changed)', warm, { report: summary(reports.warm), stderr: tail(warm.stderr), cache: cacheFootprint(corpus) });
    if (features.noCache) {
      log(`run ${r + 1}/${RUNS}: --no-cache CLI scan…`);
      const nc = timed(NODE, cliArgs(cliOut('nocache'), ['--no-cache']), { cwd: corpus });
      reports.noCache = readReport(cliOut('nocache'), nc);
      add('CLI scan --no-cache', nc, { report: summary(reports.noCache), stderr: tail(nc.stderr) });
    }
    if (compareCli) {
      log(`run ${r + 1}/${RUNS}: the compared checkout's cold, warm and --no-cache scans…`);
      clearCaches(corpus);
      const c = timed(NODE, cliArgs(cliOut('cmp-cold'), [], compareCli), { cwd: corpus });
      add('compared: cold CLI scan', c, { report: summary(readReport(cliOut('cmp-cold'), c)), stderr: tail(c.stderr) });
      const w = timed(NODE, cliArgs(cliOut('cmp-warm'), [], compareCli), { cwd: corpus });
      add('compared: warm CLI re-scan', w, { report: summary(readReport(cliOut('cmp-warm'), w)), stderr: tail(w.stderr) });
      const n = timed(NODE, cliArgs(cliOut('cmp-nocache'), ['--no-cache'], compareCli), { cwd: corpus });
      add('compared: CLI scan --no-cache', n, { report: summary(readReport(cliOut('cmp-nocache'), n)), stderr: tail(n.stderr) });
    }
    for (const peer of peers) {
      log(`run ${r + 1}/${RUNS}: ${peer.label}…`);
      add(`peer: ${peer.label}`, timed(peer.cmd, peer.argv, { cwd: corpus, okStatus: peer.okStatus, env: peer.env }));
    }
  }

  // ---- in-process scan() ------------------------------------------------------------------
  log('in-process scan()…');
  const inproc = timed(NODE, [path.join(ROOT, 'bench/inproc.mjs'), corpus, String(RUNS)], { cwd: corpus });
  const inprocOut = parseJsonLine(inproc, 'inproc.mjs');
  const inprocSamples = inprocOut.times.map((ms, i) => ({ ms, cpuMs: inprocOut.cpu[i], rssMB: inproc.rssMB }));
  S['in-process scan(), 1st run'] = { samples: inprocSamples.slice(0, 1), stats: inprocOut.stats, findings: inprocOut.findings };
  if (RUNS > 1) S['in-process scan(), later runs'] = { samples: inprocSamples.slice(1), stats: inprocOut.stats };

  // ---- pre-commit: --staged, and the CLI on 3 files ------------------------------------------
  const listing = manifest ? undefined : listSome(corpus);
  const jwtFiles = manifest ? manifest.jwtFiles : listing.jwt;
  const plainFiles = manifest ? manifest.plainSamples : listing.plain;
  const staged5 = [...plainFiles.slice(0, 4), jwtFiles[0]].filter(Boolean);

  log('staged: 5 files in a 5-file repository…');
  const small = staged5.length > 0 ? setupSmallRepo(corpus, staged5) : undefined;
  // Caches are cleared before every pre-commit run: staged content is by nature new to any cache.
  for (let r = 0; small && r < QUICK_RUNS; r++) {
    clearCaches(small);
    const s = timed(NODE, [CLI, 'scan', '--staged', '--format', 'json', '--fail-on', 'none', '-o', cliOut('staged-small')], { cwd: small });
    add('--staged, 5 files, 5-file repo', s, { report: summary(readReport(cliOut('staged-small'), s)), files: staged5.length });
  }
  if (args['staged-repo']) {
    const real = setupStagedRepo(String(args['staged-repo']), args['staged-commit'] ? String(args['staged-commit']) : 'HEAD');
    log(`staged: 5 changed files in ${real.label} (${real.files} files tracked)…`);
    for (let r = 0; r < QUICK_RUNS; r++) {
      clearCaches(real.dir);
      const s = timed(NODE, [CLI, 'scan', '--staged', '--format', 'json', '--fail-on', 'none', '-o', cliOut('staged-real')], { cwd: real.dir });
      add(`--staged, 5 changed files, ${real.label} (${real.files} files)`, s, { report: summary(readReport(cliOut('staged-real'), s)), files: 5 });
    }
  }
  if (manifest) {
    log('staged: 5 changed files in the corpus as a git repository…');
    const big = setupCorpusRepo(corpus, staged5);
    for (let r = 0; r < QUICK_RUNS; r++) {
      clearCaches(big.dir);
      const s = timed(NODE, [CLI, 'scan', '--staged', '--format', 'json', '--fail-on', 'none', '-o', cliOut('staged-big')], { cwd: big.dir });
      add(`--staged, 5 changed files, ${corpusFiles}-file repo`, s, { report: summary(readReport(cliOut('staged-big'), s)), files: staged5.length, setupMs: big.setupMs });
    }
  }
  log('CLI on 3 small files…');
  for (const [name, files] of [
    ['CLI, 3 small files, no JWT code', plainFiles.slice(4, 7)],
    ['CLI, 3 small files with JWT code', jwtFiles.slice(1, 4)],
  ]) {
    if (files.length === 0) {
      log(`  skipped "${name}": no such files found`);
      continue;
    }
    for (let r = 0; r < QUICK_RUNS; r++) {
      clearCaches(corpus);
      const s = timed(NODE, [CLI, 'scan', ...files, '--format', 'json', '--fail-on', 'none', '-o', cliOut('small')], { cwd: corpus });
      add(name, s, { report: summary(readReport(cliOut('small'), s)), files: files.length });
    }
  }

  // ---- optional: linearity, CPU profile --------------------------------------------------------
  let linear;
  if (args.linear && !args.dir) {
    const big = ensureCorpus({ files: FILES * 2, seed: SEED });
    runFloor(big.dir, 'read');
    const floors = [];
    const colds = [];
    for (let r = 0; r < RUNS; r++) {
      log(`linearity run ${r + 1}/${RUNS} on ${FILES * 2} files…`);
      floors.push(runFloor(big.dir, 'read').sample);
      clearCaches(big.dir);
      colds.push(timed(NODE, cliArgs(cliOut('linear')), { cwd: big.dir }));
    }
    linear = { files: FILES * 2, floorMs: round(median(floors.map((s) => s.ms))), coldMs: round(median(colds.map((s) => s.ms))), coldRssMB: round(Math.max(...colds.map((s) => s.rssMB ?? 0))) };
  }
  if (args.linear && args.dir) {
    // Real code is not uniform: a subset chosen by path hash keeps the mix of each repository.
    const parts = [];
    for (const share of [0.25, 0.5]) parts.push({ share, ...subsetOf(corpus, share) });
    const floors = new Map(parts.map((p) => [p.share, []]));
    const colds = new Map(parts.map((p) => [p.share, []]));
    for (let r = 0; r < RUNS; r++) {
      for (const part of parts) {
        log(`linearity run ${r + 1}/${RUNS}: ${part.files} files (${part.share * 100}%)…`);
        floors.get(part.share).push(runFloor(part.dir, 'read').sample);
        clearCaches(part.dir);
        colds.get(part.share).push(timed(NODE, cliArgs(cliOut('linear')), { cwd: part.dir }));
      }
    }
    linear = {
      subsets: parts.map((p) => ({
        share: p.share,
        files: p.files,
        bytes: p.bytes,
        floorMs: round(median(floors.get(p.share).map((x) => x.ms))),
        coldMs: round(median(colds.get(p.share).map((x) => x.ms))),
        coldCpuMs: round(median(colds.get(p.share).map((x) => x.cpuMs ?? 0))),
        coldRssMB: round(Math.max(...colds.get(p.share).map((x) => x.rssMB ?? 0))),
      })),
    };
  }
  let profile;
  if (args.profile) {
    log('CPU profile of one cold CLI scan…');
    const dir = path.join(RESULTS, 'profile');
    fs.rmSync(dir, { recursive: true, force: true });
    clearCaches(corpus);
    timed(NODE, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...cliArgs(cliOut('profile'))], { cwd: corpus });
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    profile = { file: path.relative(ROOT, path.join(dir, file)), ...summariseProfile(path.join(dir, file), { top: 10 }) };
  }

  // ---- report ----------------------------------------------------------------------------------
  const floorMs = median(S['floor: list + read every file'].samples.map((s) => s.ms));
  const rows = [];
  for (const [name, s] of Object.entries(S)) {
    const ms = round(median(s.samples.map((x) => x.ms)));
    const n = s.files ?? (name.startsWith('node') ? 0 : corpusFiles);
    const bytes = s.files === undefined && n > 0 ? corpusBytes : undefined;
    Object.assign(s, {
      medianMs: round(ms),
      minMs: round(Math.min(...s.samples.map((x) => x.ms))),
      maxMs: round(Math.max(...s.samples.map((x) => x.ms))),
      ratioToFloor: s.files === undefined && n > 0 ? round(ms / floorMs, 2) : undefined,
      filesPerSecond: n > 0 ? Math.round(n / (ms / 1000)) : undefined,
      mbPerSecond: bytes ? round(bytes / 1e6 / (ms / 1000), 1) : undefined,
      peakRssMB: Math.max(...s.samples.map((x) => x.rssMB ?? 0)) || undefined,
      medianCpuMs: s.samples.every((x) => x.cpuMs !== undefined) ? round(median(s.samples.map((x) => x.cpuMs))) : undefined,
    });
    rows.push([
      name,
      `${fmtMs(ms)}`,
      `${fmtMs(s.minMs)}–${fmtMs(s.maxMs)}`,
      s.medianCpuMs !== undefined ? fmtMs(s.medianCpuMs) : '',
      s.ratioToFloor !== undefined ? `${s.ratioToFloor.toFixed(2)}×` : '',
      s.filesPerSecond !== undefined ? s.filesPerSecond.toLocaleString('en-US') : '',
      s.mbPerSecond !== undefined ? s.mbPerSecond.toFixed(1) : '',
      s.peakRssMB ? `${Math.round(s.peakRssMB)} MB` : '',
      note(name, s),
    ]);
  }
  const cold = S['cold CLI scan'];
  const warm = S['warm CLI re-scan (2nd run, nothing changed)'];
  const stagedBig = Object.entries(S).find(([n]) => n.startsWith('--staged, 5 changed files'))?.[1];
  const secretlint = Object.entries(S).find(([n]) => n.startsWith('peer: secretlint'))?.[1];
  const medianOf = (s) => s && round(median(s.samples.map((x) => x.ms)));
  // The issue's floor lists and reads asynchronously; a synchronous list + read is faster on this kind
  // of machine, so ratios to it are shown beside the verdicts (the verdicts use the issue's floor).
  const syncFloorMs = median(S['(reference) sync list + read']?.samples.map((x) => x.ms) ?? []);
  const vsSync = (ms) => (syncFloorMs > 0 ? `; ${(ms / syncFloorMs).toFixed(2)}× the sync floor` : '');
  // Issue 18's targets on real code (--dir); the synthetic corpus keeps issue 6's.
  const targets = args.dir
    ? [
        ['cold ≤ 1.6× floor', cold.ratioToFloor <= 1.6, `${cold.ratioToFloor.toFixed(2)}×${vsSync(cold.medianMs)}`],
        ...(secretlint ? [['≥ 4× faster than secretlint', medianOf(secretlint) >= 4 * cold.medianMs, `${(medianOf(secretlint) / cold.medianMs).toFixed(2)}×`]] : []),
        ['warm ≤ 0.6× floor', warm.ratioToFloor <= 0.6, `${warm.ratioToFloor.toFixed(2)}×${vsSync(warm.medianMs)}`],
        ...(stagedBig ? [['--staged 5 files ≤ 250 ms', stagedBig.medianMs <= 250, fmtMs(stagedBig.medianMs)]] : []),
        ['cold peak RSS ≤ 250 MB', cold.peakRssMB <= 250, `${Math.round(cold.peakRssMB)} MB`],
        // Linear: the whole costs no more per file than half of it (10% slack for noise).
        ...(linear?.subsets ? [linearTarget(linear.subsets.find((p) => p.share === 0.5), cold.medianMs, corpusFiles)] : []),
      ]
    : [
        ['cold ≤ 2× floor', cold.ratioToFloor <= 2, `${cold.ratioToFloor.toFixed(2)}×${vsSync(cold.medianMs)}`],
        ['cold peak RSS ≤ 300 MB', cold.peakRssMB <= 300, `${Math.round(cold.peakRssMB)} MB`],
        ['warm ≤ 1.2× floor', warm.ratioToFloor <= 1.2, `${warm.ratioToFloor.toFixed(2)}×${vsSync(warm.medianMs)}`],
        ...(stagedBig ? [['--staged 5 files in big repo ≤ 300 ms', stagedBig.medianMs <= 300, fmtMs(stagedBig.medianMs)]] : []),
        ...(linear ? [['2× corpus ≤ 2× cold time', linear.coldMs <= 2 * cold.medianMs, `${(linear.coldMs / cold.medianMs).toFixed(2)}× (floor ${(linear.floorMs / floorMs).toFixed(2)}×)`]] : []),
      ];
  const parseFailures = parseFailuresOf(reports.cold);
  const consistency = consistencyCheck(reports, inprocOut);

  const loadAfter = os.loadavg();
  const out = [];
  out.push('');
  out.push(
    `jwtscan bench · ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? '?'}) · Node ${process.version} · load avg ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after · ${RUNS} runs (quick ones ${QUICK_RUNS}), medians`,
  );
  out.push(
    `corpus: ${args.dir ? corpus : `synthetic seed ${SEED}`} · ${corpusFiles.toLocaleString('en-US')} files · ${mb(corpusBytes)} MB` +
      (manifest
        ? ` · ${manifest.jwtFiles.length} JWT files (${Object.values(manifest.crossFile).reduce((a, b) => a + b, 0)} cross-file pairs), ${manifest.frontendJwtMentions} frontend "jwt" mentions, ${manifest.large.length} files ≥ 400 KB (${mb(manifest.large.reduce((a, l) => a + l.bytes, 0))} MB)`
        : ''),
  );
  out.push('');
  out.push(table(['scenario', 'wall', 'range', 'cpu', '×floor', 'files/s', 'MB/s', 'peak RSS', 'notes'], rows));
  out.push('');
  out.push(`targets (issue ${args.dir ? 18 : 6}): ${targets.map(([t, ok, v]) => `${ok ? 'PASS' : 'FAIL'} ${t} (${v})`).join(' · ')}`);
  out.push(`consistency: ${consistency.text}`);
  out.push(`parse failures (cold scan): ${parseFailures.length}${parseFailures.length ? ` — ${parseFailures.slice(0, 10).join('; ')}${parseFailures.length > 10 ? '; …' : ''}` : ''}`);
  if (features.stats) {
    out.push('CLI --stats (last run of each):');
    for (const name of ['cold CLI scan', 'warm CLI re-scan (2nd run, nothing changed)', 'CLI scan --no-cache']) {
      const line = S[name]?.stderr?.split('\n').find((l) => l.includes('stats'));
      if (line) out.push(`  ${name.split(' (')[0].padEnd(20)} ${line.replace(/^jwtscan stats: /, '')}`);
    }
  }
  if (linear?.subsets) {
    const perFile = (ms, files) => `${((1000 * ms) / files).toFixed(0)} µs/file`;
    const rows = [...linear.subsets.map((p) => [`${p.share * 100}%`, p.files, fmtMs(p.floorMs), fmtMs(p.coldMs), perFile(p.coldMs, p.files), `${p.coldRssMB} MB`]), ['100%', corpusFiles, fmtMs(floorMs), fmtMs(cold.medianMs), perFile(cold.medianMs, corpusFiles), `${Math.round(cold.peakRssMB)} MB`]];
    out.push(`linearity (cold scans of subsets of the same files, by path hash):`);
    for (const r of rows) out.push(`  ${r[0].padStart(4)} ${String(r[1]).padStart(7)} files · floor ${r[2].padStart(8)} · cold ${r[3].padStart(8)} · ${r[4]} · peak RSS ${r[5]}`);
  } else if (linear) out.push(`linearity: ${linear.files} files → floor ${fmtMs(linear.floorMs)}, cold ${fmtMs(linear.coldMs)} (${(linear.coldMs / cold.medianMs).toFixed(2)}× the ${corpusFiles}-file cold scan)`);
  if (profile) {
    out.push('');
    out.push(`CPU profile of a cold CLI scan (${profile.file}, ${fmtMs(profile.totalMs)} sampled) — top self time:`);
    for (const f of profile.topFunctions) out.push(`  ${String(f.ms).padStart(6)} ms ${f.percent.toFixed(1).padStart(5)}%  ${f.name}`);
    out.push('  by package / file:');
    for (const g of profile.byGroup.slice(0, 8)) out.push(`  ${String(g.ms).padStart(6)} ms ${g.percent.toFixed(1).padStart(5)}%  ${g.name}`);
  }
  out.push('');
  out.push(`bench wall ${fmtMs(performance.now() - started)} · figures in ${path.relative(process.cwd(), path.join(RESULTS, 'latest.json')) || 'bench/results/latest.json'}`);
  console.log(out.join('\n'));

  fs.mkdirSync(RESULTS, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model?.trim(), node: process.version, platform: `${os.platform()} ${os.release()}`, totalMemMB: Math.round(os.totalmem() / 2 ** 20), loadavgBefore: loadBefore, loadavgAfter: loadAfter, rssSource: TIME ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS hook' },
    project: projectState(),
    params: { files: FILES, runs: RUNS, quickRuns: QUICK_RUNS, seed: SEED, dir: args.dir ?? null },
    corpus: { dir: corpus, files: corpusFiles, bytes: corpusBytes, manifest: manifest && { ...manifest, jwtFiles: manifest.jwtFiles.length, plainSamples: undefined } },
    cliFeatures: features,
    floorMs: round(floorMs),
    scenarios: Object.fromEntries(Object.entries(S).map(([k, v]) => [k, { ...v, samples: v.samples.map((x) => ({ ms: round(x.ms), cpuMs: x.cpuMs && round(x.cpuMs), rssMB: x.rssMB && round(x.rssMB) })) }])),
    targets: targets.map(([target, pass, value]) => ({ target, pass, value })),
    consistency,
    parseFailures,
    peers: peers.map((p) => p.label),
    compare: compareCli ?? null,
    linear: linear ?? null,
    profile: profile ?? null,
    benchWallMs: round(performance.now() - started),
  };
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const key = a.slice(2);
    if (['profile', 'linear'].includes(key)) out[key] = true;
    else if (['files', 'runs', 'seed', 'dir', 'corpus', 'peers', 'compare', 'staged-repo', 'staged-commit'].includes(key) && argv[i + 1] !== undefined) out[key === 'corpus' ? 'dir' : key] = argv[++i];
    else throw new Error(`unknown or incomplete option: ${a} (see the header of bench/run.mjs)`);
  }
  return out;
}

/** Runs a command to completion; wall time from spawn to exit, peak RSS of the child. */
function timed(cmd, argv, { cwd, okStatus = [0], env: extraEnv = {} }) {
  const rssFile = path.join(work, `rss-${process.hrtime.bigint()}`);
  let command = cmd;
  let commandArgs = argv;
  const env = { ...childEnv, ...extraEnv };
  if (TIME) {
    command = TIME;
    commandArgs = ['-v', '-o', rssFile, cmd, ...argv];
  } else if (cmd === NODE) {
    commandArgs = ['--import', path.join(ROOT, 'bench/maxrss-hook.mjs'), ...argv];
    env.JWTSCAN_BENCH_RSS_FILE = rssFile;
  }
  const t = performance.now();
  const result = spawnSync(command, commandArgs, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const ms = performance.now() - t;
  let rssMB;
  let cpuMs;
  try {
    const text = fs.readFileSync(rssFile, 'utf8');
    if (TIME) {
      rssMB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1]) / 1024;
      cpuMs = 1000 * (Number(/User time \(seconds\): ([\d.]+)/.exec(text)?.[1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(text)?.[1]));
    } else {
      ({ rssMB, cpuMs } = JSON.parse(text));
    }
    fs.rmSync(rssFile);
  } catch {
    rssMB = undefined;
  }
  if (!okStatus.includes(result.status)) throw new Error(`${cmd} ${argv.join(' ')} exited with ${result.status}${result.signal ? ` (${result.signal})` : ''}:\n${result.stderr}`);
  return { ms, rssMB, cpuMs, stdout: result.stdout, stderr: result.stderr };
}

function runFloor(dir, mode) {
  const sample = timed(NODE, [path.join(ROOT, 'bench/floor.mjs'), dir, mode], { cwd: ROOT });
  return { sample, out: parseJsonLine(sample, 'floor.mjs') };
}

function parseJsonLine(sample, what) {
  try {
    return JSON.parse(sample.stdout.trim().split('\n').at(-1));
  } catch {
    throw new Error(`${what} printed no result:\n${sample.stdout}\n${sample.stderr}`);
  }
}

/** Where a result cache can live per issue 6: $XDG_CACHE_HOME/jwtscan, <root>/node_modules/.cache/jwtscan. */
function cacheDirs(root) {
  return [path.join(xdg, 'jwtscan'), path.join(root, 'node_modules/.cache/jwtscan'), path.join(root, '.cache/jwtscan')];
}

function clearCaches(root) {
  for (const dir of cacheDirs(root)) fs.rmSync(dir, { recursive: true, force: true });
}

function cacheFootprint(root) {
  const found = [];
  for (const dir of [xdg, path.join(root, 'node_modules'), path.join(root, '.cache')]) {
    if (!fs.existsSync(dir)) continue;
    let files = 0;
    let bytes = 0;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      files++;
      bytes += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
    }
    found.push({ dir, files, kb: Math.round(bytes / 1024) });
  }
  return found;
}

function readReport(file, sample) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`no JSON report in ${file}:\n${sample.stderr}`);
  }
}

function summary(report) {
  const kinds = {};
  for (const d of report.diagnostics ?? []) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
  const fingerprints = (report.findings ?? []).map((f) => f.fingerprint).sort();
  return { ...report.summary, diagnosticKinds: kinds, findingsDigest: createHash('sha256').update(fingerprints.join('\n')).digest('hex').slice(0, 16) };
}

function consistencyCheck(reports, inprocOut) {
  const digests = Object.fromEntries(Object.entries(reports).map(([k, r]) => [k, summary(r).findingsDigest]));
  const counts = Object.fromEntries(Object.entries(reports).map(([k, r]) => [k, r.findings.length]));
  // scan() reports before the CLI's level mapping, but fingerprints do not depend on levels.
  digests.inProcess = inprocOut.findingsDigest;
  counts.inProcess = inprocOut.findings;
  const same = new Set(Object.values(digests)).size === 1;
  const text = `${same ? 'identical findings' : 'FINDINGS DIFFER'} across ${Object.keys(digests).join(', ')} (${Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')})`;
  return { same, digests, counts, text };
}

/** A throwaway repository holding copies of 5 corpus files, all staged on top of one commit. */
function setupSmallRepo(corpus, files) {
  const dir = path.join(work, 'staged-small');
  fs.mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q']);
  fs.writeFileSync(path.join(dir, 'README.md'), 'bench\n');
  git(dir, ['add', 'README.md']);
  git(dir, ['commit', '-q', '-m', 'base']);
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(corpus, file), path.join(dir, file));
  }
  git(dir, ['add', '--', ...files]);
  return dir;
}

/**
 * The corpus as a git repository (a copy, committed once and cached next to the corpus), with the
 * same 5 files modified and staged: what a pre-commit hook sees in a big repository. Re-running
 * writes the same bytes and stages them again, so the state is the same each time.
 */
function setupCorpusRepo(corpus, files) {
  const dir = `${corpus}-git`;
  const ready = `${dir}.ready`;
  let setupMs = 0;
  if (!fs.existsSync(ready) || !fs.existsSync(dir)) {
    const t = performance.now();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(corpus, dir, { recursive: true });
    git(dir, ['init', '-q']);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'corpus']);
    fs.writeFileSync(ready, '');
    setupMs = performance.now() - t;
    log(`  made ${dir} in ${(setupMs / 1000).toFixed(1)} s (cached for later runs)`);
  }
  for (const file of files) {
    fs.writeFileSync(path.join(dir, file), `${fs.readFileSync(path.join(corpus, file), 'utf8')}\n// touched by the benchmark\n`);
  }
  git(dir, ['add', '--', ...files]);
  return { dir, setupMs };
}

/**
 * A real repository for the pre-commit case: cloned --shared from `source` (no object copies) at
 * `commit`, 5 files changed and staged (4 without and 1 with JWT code). A partial mirror may lack
 * some blobs: those files stay missing from the work tree, which a staged scan does not read.
 */
function setupStagedRepo(source, commit) {
  const dir = path.join(work, 'staged-real');
  git(work, ['clone', '-q', '--shared', '--no-checkout', path.resolve(source), dir]);
  spawnSync('git', ['-c', 'advice.detachedHead=false', 'checkout', '-q', commit], { cwd: dir, encoding: 'utf8' });
  const tracked = git(dir, ['ls-files']).split('\n').filter(Boolean);
  const present = tracked.filter((f) => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(f) && fs.existsSync(path.join(dir, f)));
  const { jwt, plain } = listSome(dir, present);
  const picked = [...plain.slice(0, 4), ...jwt.slice(0, 1)];
  for (const file of picked) fs.appendFileSync(path.join(dir, file), '\n// touched by the benchmark\n');
  git(dir, ['add', '--', ...picked]);
  return { dir, files: tracked.length, label: `${path.basename(path.dirname(path.resolve(source))).replace(/\+/, '/')}@${git(dir, ['rev-parse', '--short', 'HEAD']).trim()}` };
}

/** Files the cold scan could not parse (syntax errors, recovered or not), as `path (reason)`. */
function parseFailuresOf(report) {
  return (report?.diagnostics ?? []).filter((d) => /could not be parsed|recovered syntax errors/.test(d.message ?? '')).map((d) => `${d.path} (${String(d.message).replace(/;.*$/, '')})`);
}

function git(cwd, argv) {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...argv], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`git ${argv.join(' ')} failed in ${cwd}:\n${r.stderr}`);
  return r.stdout;
}

/** --dir mode: some small files with and without "jwt" in them, for the pre-commit scenarios. */
function listSome(dir, files) {
  const out = files ?? JSON.parse(spawnSync(NODE, ['-e', `import('fast-glob').then(({default: fg}) => console.log(JSON.stringify(fg.sync(['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'], { cwd: ${JSON.stringify(dir)}, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] }).sort())))`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 }).stdout);
  const jwt = [];
  const plain = [];
  for (const file of out) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    if (text.length > 20000) continue;
    if (/jsonwebtoken|from ['"]jose['"]|@nestjs\/jwt/.test(text)) jwt.length < 4 && jwt.push(file);
    else if (!/jwt/i.test(text)) plain.length < 7 && plain.push(file);
    if (jwt.length >= 4 && plain.length >= 7) break;
  }
  return { jwt, plain };
}

function projectState() {
  const run = (argv) => spawnSync('git', argv, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  return { commit: run(['rev-parse', 'HEAD']), dirtyFiles: (run(['status', '--porcelain']) ?? '').split('\n').filter(Boolean).length };
}

function note(name, s) {
  const r = s.report;
  const parts = [];
  if (r) {
    parts.push(`${r.filesScanned ?? '?'} scanned, ${r.filesParsed ?? '?'} parsed, ${r.findings} findings`);
    for (const k of ['filesCached', 'cached', 'skippedByKeywords', 'filesTextPass']) if (r[k] !== undefined) parts.push(`${k} ${r[k]}`);
    const kinds = Object.entries(r.diagnosticKinds ?? {});
    if (kinds.length > 0 && s.files === undefined) parts.push(kinds.map(([k, n]) => `${k} ${n}`).join(', '));
  }
  if (s.stats && !r) {
    // scan()'s own stats, whatever fields it has today: counts, then per-phase timings.
    for (const [k, v] of Object.entries(s.stats)) {
      if (k === 'filesListed' || k === 'durationMs') continue;
      const short = k.replace(/^files(?=[A-Z])/, '').replace(/^./, (c) => c.toLowerCase());
      if (typeof v === 'number') parts.push(`${short} ${v}`);
      else if (v && typeof v === 'object') parts.push(`${short} ${Object.entries(v).map(([p, n]) => `${p.replace(/Ms$/, '')} ${typeof n === 'number' ? fmtMs(n) : n}`).join('/')}`);
    }
  }
  if (s.prefilterPassed !== undefined) parts.push(`${s.prefilterPassed} files pass`);
  if (s.cache?.length) parts.push(`cache: ${s.cache.map((c) => `${c.files} files, ${c.kb < 10240 ? `${c.kb} KB` : `${Math.round(c.kb / 1024)} MB`}`).join(' + ')}`);
  return parts.join('; ');
}

function table(head, rows) {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function round(x, digits = 0) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
function fmtMs(ms) {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}
function tail(text) {
  return text ? text.trim().split('\n').slice(-40).join('\n') : undefined;
}
function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Issue 18's linearity target: the whole corpus per file no slower than half of it, with 10% slack. */
function linearTarget(half, wholeMs, wholeFiles) {
  const ratio = wholeMs / wholeFiles / (half.coldMs / half.files);
  return ['time linear in files (per file: whole ≤ 1.1× half)', ratio <= 1.1, `${ratio.toFixed(2)}×`];
}

/**
 * The files of `corpus` whose path hash falls in the first `share` of the range, hard-linked (copied
 * where links fail) into <corpus>.subsets/<share>/ (beside it: the same file system, and outside any
 * repository whose cache or .gitignore would apply); reused while the corpus listing is the same.
 */
function subsetOf(corpus, share) {
  const files = [];
  const walkDir = (rel) => {
    for (const entry of fs.readdirSync(path.join(corpus, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') walkDir(child);
      } else if (entry.isFile()) files.push(child);
    }
  };
  walkDir('');
  files.sort();
  const picked = files.filter((f) => createHash('sha256').update(f).digest().readUInt32BE(0) / 2 ** 32 < share);
  const stamp = createHash('sha256').update(`${corpus}\0${picked.join('\0')}`).digest('hex').slice(0, 16);
  const dir = path.join(`${corpus}.subsets`, String(share));
  const marker = path.join(dir, '.subset');
  let bytes = 0;
  for (const f of picked) bytes += fs.statSync(path.join(corpus, f)).size;
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== stamp) {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const f of picked) {
      const to = path.join(dir, f);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      try {
        fs.linkSync(path.join(corpus, f), to);
      } catch {
        fs.copyFileSync(path.join(corpus, f), to);
      }
    }
    fs.writeFileSync(marker, stamp);
  }
  return { dir, files: picked.length, bytes };
}
