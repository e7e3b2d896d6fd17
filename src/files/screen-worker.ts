/**
 * The screening worker: reads files in list order, keyword-checks each and answers for the
 * keyword-free ones (most of a repository) with their stamp and import specifiers, and for the others
 * with what it read, so the main thread spends its time parsing the files with keywords. Files over
 * the parse or size limit with keywords it gives the text pass itself when the job says how
 * (bundles, generated files: reading, decoding and checking megabytes is work the main thread need
 * not do). See src/files/screen-protocol.ts for the claims. Started by src/screen-worker-main.ts,
 * which hands it the rules.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configKindOf } from '../config-files/kind.js';
import { keywordScreen, rulesForFile } from '../engine/prefilter.js';
import { parseLimitNote, scanTextStream, streamedNote } from '../engine/stream-scan.js';
import type { AnyRule } from '../rule.js';
import { importSpecifiers } from '../test-code/importers.js';
import { chunksSync, readSourceSync } from './read-source.js';
import { kibOf, MAX_KIB_AHEAD, SENT_KIB, TAKEN_KIB, UNCLAIMED, WANTED_SLOT, WORKER, type ScreenJob, type Screened, type TextPassJob, type WorkerMessage } from './screen-protocol.js';

/** Results go to the main thread in batches: one message per file costs more than the read. */
const BATCH = 64;
/** Runs the job in `workerData`; `available`: every rule jwtscan has, from which the job's are picked by id. */
export function runScreenWorker(available: readonly AnyRule[]): void {
  const start = (job: ScreenJob) => run(job, available).catch((error: unknown) => post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
  // Started ahead of its job (src/files/parallel-screen.ts, startScreenWorker): the job comes as the first message.
  if (workerData) void start(workerData as ScreenJob);
  else parentPort!.once('message', (job: ScreenJob) => void start(job));
}

async function run(job: ScreenJob, available: readonly AnyRule[]): Promise<void> {
  const claims = new Int32Array(job.claims);
  const flow = new Int32Array(job.flow);
  const hasKeyword = keywordScreen(job.spec);
  const textPass = job.textPass && textPassRunner(job.textPass, available);
  let batch: Screened[] = [];
  // Before a text pass, what is batched goes, and the main thread hears it need not wait for this slot.
  const announce = (slot: number) => {
    if (batch.length > 0) post({ kind: 'screened', batch });
    batch = [];
    post({ kind: 'text-passing', slot });
  };
  for (let slot = 0; slot < job.files.length; slot++) {
    if (Atomics.compareExchange(claims, slot, UNCLAIMED, WORKER) !== UNCLAIMED) continue; // the main thread reads it
    const screened = await screen(job, slot, hasKeyword, textPass, announce);
    batch.push(screened);
    // A file the main thread will parse goes at once (it may be waiting for it), and so does a batch
    // that holds the slot the main thread waits for.
    if (batch.length === BATCH || !screened.keywordFree || Atomics.load(flow, WANTED_SLOT) <= slot) {
      post({ kind: 'screened', batch });
      batch = [];
    }
    const kib = kibOf(screened);
    if (kib > 0) {
      Atomics.add(flow, SENT_KIB, kib);
      // Everything sent is posted, so the main thread can always take it: waiting here never blocks it.
      for (let taken = Atomics.load(flow, TAKEN_KIB); Atomics.load(flow, SENT_KIB) - taken > MAX_KIB_AHEAD; taken = Atomics.load(flow, TAKEN_KIB)) {
        Atomics.wait(flow, TAKEN_KIB, taken, 100);
      }
    }
  }
  if (batch.length > 0) post({ kind: 'screened', batch });
  post({ kind: 'done' });
}

type TextPassRunner = (file: { absolute: string; relative: string }, text: string | undefined) => Promise<Awaited<ReturnType<typeof scanTextStream>>>;

/** What the main thread gets for the file in `slot`. */
async function screen(job: ScreenJob, slot: number, hasKeyword: (text: string) => boolean, textPass: TextPassRunner | undefined, announce: (slot: number) => void): Promise<Screened> {
  const file = job.files[slot]!;
  const { absolute, relative } = file;
  const read = readSourceSync(absolute, relative, job.maxFileSize);
  const config = configKindOf(relative) !== undefined;
  // Over --max-file-size (never read whole): streamed through the text pass, as the main thread would.
  if (textPass && !config && !read.ok && read.diagnostic.kind === 'too-large') {
    const note = streamedNote(read.diagnostic);
    announce(slot);
    return { slot, keywordFree: false, textPassed: { read, findings: await textPass(file, undefined), notes: [note] } };
  }
  if (config || !read.ok || read.diagnostics.length > 0 || !read.stamp) return { slot, keywordFree: false, read };
  if (!hasKeyword(read.text)) return { slot, keywordFree: true, stamp: read.stamp, specifiers: importSpecifiers(read.text) };
  // Over the parse limit: the text pass instead of a parse.
  const maxParseSize = job.textPass?.maxParseSize;
  if (textPass && maxParseSize !== undefined && read.text.length > maxParseSize) {
    const note = parseLimitNote(relative, read.text.length, maxParseSize);
    announce(slot);
    return { slot, keywordFree: false, textPassed: { read: { ...read, text: '' }, findings: await textPass(file, read.text), notes: [note] } };
  }
  return { slot, keywordFree: false, read };
}

/** The text pass with the job's rules (undefined when one of them is not among `available`: the main thread does it). */
function textPassRunner(job: TextPassJob, available: readonly AnyRule[]): TextPassRunner | undefined {
  const rules: AnyRule[] = [];
  for (const { id, level } of job.rules) {
    const rule = available.find((r) => r.id === id);
    if (!rule) return undefined;
    rules.push(rule.level === level ? rule : { ...rule, level });
  }
  return async (file, text) =>
    text === undefined
      ? scanTextStream(file.relative, chunksSync(file.absolute), rules, job.settings)
      : scanTextStream(file.relative, [Buffer.from(text)], rulesForFile(file.relative, text, rules, job.settings), job.settings);
}

function post(message: WorkerMessage): void {
  parentPort!.postMessage(message);
}
