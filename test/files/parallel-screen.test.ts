/**
 * The screening worker (src/files/parallel-screen.ts) changes where files are read, never what a scan
 * reports: the same report with it forced on and off, cold and warm, on a tree with every kind of
 * file it hands back (keywords, config, not UTF-8, binary, over the parse limit, and keyword-free
 * test code whose import specifiers decide a finding's level). Runs the bundle: the worker is a file
 * of the build (from TypeScript sources there is none, and reads stay on the main thread).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { keywordScreenSpec } from '../../src/engine/prefilter.js';
import { FLOW_CELLS, NOT_WAITING, WANTED_SLOT, type ScreenJob, type WorkerMessage } from '../../src/files/screen-protocol.js';
import { ParallelScreen } from '../../src/files/parallel-screen.js';
import { ROOT } from '../helpers/scan-helpers.js';

const BIN = path.join(ROOT, 'dist/jwtscan.cjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-screen-'));
const app = path.join(dir, 'app');

function write(relative: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(app, relative)), { recursive: true });
  fs.writeFileSync(path.join(app, relative), content);
}

function scan(mode: string, cache: boolean): { report: string; stats: string } {
  const args = [BIN, 'scan', '.', '--no-config', '--format', 'json', '--fail-on', 'none', '--stats', '--max-parse-size', '4000', '--max-file-size', '20000', ...(cache ? [] : ['--no-cache'])];
  const run = spawnSync(process.execPath, args, { cwd: app, env: { ...process.env, JWTSCAN_SCREEN_WORKER: mode, XDG_CACHE_HOME: path.join(dir, 'cache') }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return { report: run.stdout, stats: run.stderr };
}

beforeAll(() => {
  for (let i = 0; i < 400; i++) write(`src/lib/m${i}.js`, `import { v } from './m${(i + 1) % 400}.js';\nexport const w${i} = v + ${i};\n`);
  write('src/auth.js', "const jwt = require('jsonwebtoken');\nexports.issue = (u) => jwt.sign({ u }, 'hardcoded-signing-key-1234');\n");
  // A key only test code imports: its level depends on the test file's import specifiers (a keyword-free file).
  write('src/sample-key.js', "const jwt = require('jsonwebtoken');\nexport const make = () => jwt.sign({}, 'another-hardcoded-key-5678');\n");
  write('test/helper.test.js', "import { make } from '../src/sample-key.js';\nmake();\n");
  write('.env', 'JWT_SECRET=abcdefghijklmnopqrstuvwxyz012345\n');
  write('src/latin1.js', Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x61, 0x3d, 0x27, 0xe9, 0x27, 0x3b, 0x0a])); // not UTF-8
  write('src/binary.js', Buffer.from([0x00, 0x01, 0x02, 0x6a, 0x77, 0x74]));
  // Nothing but comments (a generated API reference): its keywords do not count, it is never parsed.
  write('src/docs.js', '/**\n * @oas [post] /auth/token\n * security:\n *   - jwt_token: []\n */\n// jsonwebtoken\n');
  // Over --max-file-size: streamed through the text pass (by the worker when it runs).
  write('src/huge.js', `${"// padding line that makes the file larger than the file size limit\n".repeat(400)}jwt.sign(payload, 'inline-key-in-a-huge-file');\n`);
  write('src/big.js', `${"// padding line that makes the file larger than the parse limit\n".repeat(80)}jwt.sign(payload, 'inline-key-in-a-big-file');\n`);
});

describe('the screening worker', () => {
  it('is built beside the bundle', () => {
    expect(fs.existsSync(path.join(ROOT, 'dist/screen-worker.cjs'))).toBe(true);
  });

  it('reports the same with the worker forced on as with it off, cold and warm', () => {
    const off = scan('off', false);
    const on = scan('always', false);
    expect(off.stats).not.toMatch(/second thread/);
    // The worker took every read (=always): it answered for each keyword-free file but the one not in
    // UTF-8, whose read it handed back (the main thread reports its diagnostic).
    expect(/ (\d+) skipped by the keyword check \((\d+) on a second thread\)/.exec(on.stats)?.slice(1)).toEqual(['403', '402']);
    // The two files over the limits got the text pass on the worker, as they do on the main thread.
    for (const run of [off, on]) expect(run.stats).toMatch(/ 2 by the text pass only/);
    expect(off.stats).toMatch(/ 403 skipped by the keyword check, /); // src/docs.js among them
    const findings = JSON.parse(off.report).findings as { path: string; level: string }[];
    expect(findings.map((f) => f.path).sort()).toEqual(['.env', 'src/auth.js', 'src/big.js', 'src/huge.js', 'src/sample-key.js']);
    expect(findings.find((f) => f.path === 'src/sample-key.js')?.level).toBe('note'); // test code, through the specifiers
    const diagnostics = (JSON.parse(off.report).diagnostics as { path: string; kind: string }[]).map((d) => `${d.path} ${d.kind}`);
    expect(diagnostics).toEqual(expect.arrayContaining(['src/binary.js binary', 'src/latin1.js encoding', 'src/big.js large-file', 'src/huge.js too-large']));
    expect(on.report).toBe(off.report);
    // With the cache: a cold scan with the worker writes it, warm scans with and without read it.
    expect(scan('always', true).report).toBe(off.report);
    const results = (report: string) => {
      const { findings, diagnostics } = JSON.parse(report);
      return { findings, diagnostics };
    };
    for (const mode of ['off', 'always']) {
      const warm = scan(mode, true);
      expect(warm.stats).toMatch(/ 0 parsed, [1-9]\d* from the cache/);
      expect(results(warm.report)).toEqual(results(off.report));
    }
  });

  it('holds the worker back when the texts it hands over pile up (more than 16 MiB ahead), and loses nothing', () => {
    const big = path.join(dir, 'big');
    const line = `${'x'.repeat(99)}\n`;
    for (let i = 0; i < 24; i++) {
      fs.mkdirSync(path.join(big, `d${i}`), { recursive: true });
      fs.writeFileSync(path.join(big, `d${i}/bundle.js`), `jwt.sign(p, 'inline-key-${i}');\n${line.repeat(9000)}`); // ~900 KB each
    }
    const run = (mode: string) => spawnSync(process.execPath, [BIN, 'scan', '.', '--no-config', '--no-cache', '--format', 'json', '--fail-on', 'none', '--max-parse-size', '100000'], { cwd: big, env: { ...process.env, JWTSCAN_SCREEN_WORKER: mode }, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    const off = run('off');
    const always = run('always');
    expect(always.status, always.stderr).toBe(0);
    expect(JSON.parse(always.stdout).findings).toHaveLength(24);
    expect(always.stdout).toBe(off.stdout);
  });

  it('reports the same in a shard: the planner takes the worker started during the walk, the scan starts another', () => {
    const shard = (mode: string) => {
      const run = spawnSync(process.execPath, [BIN, 'scan', '.', '--no-config', '--no-cache', '--format', 'json', '--fail-on', 'none', '--shard', '1/2', '--max-parse-size', '4000', '--max-file-size', '20000'], {
        cwd: app,
        env: { ...process.env, JWTSCAN_SCREEN_WORKER: mode },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      return run.stdout;
    };
    const off = shard('off');
    expect(JSON.parse(off).findings.length).toBeGreaterThan(0);
    expect(shard('always')).toBe(off);
  });

  it('sends its answers in batches, at once when the batch holds the slot the main thread waits for', async () => {
    // The first message of a worker given 100 keyword-free files: its batch's size.
    const firstBatch = async (wanted: number) => {
      const files = Array.from({ length: 100 }, (_, i) => ({ absolute: path.join(app, `src/lib/m${i}.js`), relative: `src/lib/m${i}.js` }));
      const flow = new SharedArrayBuffer(FLOW_CELLS * Int32Array.BYTES_PER_ELEMENT);
      new Int32Array(flow)[WANTED_SLOT] = wanted;
      const job: ScreenJob = { files, claims: new SharedArrayBuffer(files.length * 4), flow, spec: keywordScreenSpec(RULES), maxFileSize: 1 << 20 };
      const worker = new Worker(path.join(ROOT, 'dist/screen-worker.cjs'));
      try {
        const first = new Promise<WorkerMessage>((resolve) => worker.once('message', resolve));
        worker.postMessage(job);
        const message = await first;
        return message.kind === 'screened' ? message.batch.map((s) => [s.slot, s.keywordFree]) : message.kind;
      } finally {
        await worker.terminate();
      }
    };
    expect(await firstBatch(NOT_WAITING)).toHaveLength(64);
    expect(await firstBatch(0)).toEqual([[0, true]]);
    expect(await firstBatch(5)).toHaveLength(6);
  });

  it('hands a file the worker gives the text pass as a Later, whenever it is asked for, and its outcome once', async () => {
    // A stand-in worker: announces the text pass of slot 0, then (when told) answers slots 0 and 1.
    const script = `
      const { parentPort } = require('node:worker_threads');
      parentPort.once('message', () => {
        parentPort.postMessage({ kind: 'text-passing', slot: 0 });
        parentPort.on('message', (m) => {
          if (m === 'answer') parentPort.postMessage({ kind: 'screened', batch: [
            { slot: 0, keywordFree: false, textPassed: { read: { ok: true, text: '', diagnostics: [] }, findings: [], notes: [] } },
            { slot: 1, keywordFree: true, stamp: { size: 1, mtimeMs: 0, ctimeMs: 0, ino: 1 }, specifiers: [] },
          ] });
        });
      });`;
    const run = async (askFirst: boolean) => {
      const worker = new Worker(script, { eval: true });
      const files = [0, 1].map((i) => ({ absolute: `/x/${i}.js`, relative: `${i}.js` }));
      const screen = ParallelScreen.start(files, keywordScreenSpec(RULES), 1 << 20, 'always', undefined, { take: () => worker, release: () => undefined })!;
      const announced = new Promise((resolve) => worker.once('message', resolve));
      const asked = askFirst ? screen.outcome(0) : undefined;
      await announced;
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Asked after the announcement and before the outcome, or before both: a Later either way.
      const early = await (asked ?? screen.outcome(0));
      expect('later' in early).toBe(true);
      worker.postMessage('answer');
      const second = await screen.outcome(1);
      expect(second).toMatchObject({ slot: 1, keywordFree: true });
      expect(await (early as { later: Promise<unknown> }).later).toMatchObject({ slot: 0, textPassed: { findings: [] } });
      screen.close();
    };
    await run(true);
    await run(false);
    // Asked only after the outcome came: the outcome itself (not a give-up that reads the file again).
    const worker = new Worker(script, { eval: true });
    const files = [0, 1].map((i) => ({ absolute: `/x/${i}.js`, relative: `${i}.js` }));
    const screen = ParallelScreen.start(files, keywordScreenSpec(RULES), 1 << 20, 'always', undefined, { take: () => worker, release: () => undefined })!;
    await new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage('answer');
    expect(await screen.outcome(1)).toMatchObject({ slot: 1, keywordFree: true });
    expect(await screen.outcome(0)).toMatchObject({ slot: 0, textPassed: { findings: [] } });
    screen.close();
  });

  it('refuses an unknown JWTSCAN_SCREEN_WORKER value', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '.', '--no-config'], { cwd: app, env: { ...process.env, JWTSCAN_SCREEN_WORKER: 'yes' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/JWTSCAN_SCREEN_WORKER must be auto, off or always/);
  });
});

