/**
 * The screening worker: reads files in list order, keyword-checks each and answers for the
 * keyword-free ones (most of a repository) with their stamp and import specifiers, and for the others
 * with what it read, so the main thread spends its time parsing the files with keywords. See
 * src/files/screen-protocol.ts for the claims.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configKindOf } from '../config-files/kind.js';
import { keywordScreen } from '../engine/prefilter.js';
import { importSpecifiers } from '../test-code/importers.js';
import { readSourceSync } from './read-source.js';
import { kibOf, MAX_KIB_AHEAD, SENT_KIB, TAKEN_KIB, UNCLAIMED, WORKER, type ScreenJob, type Screened, type WorkerMessage } from './screen-protocol.js';

/** Results go to the main thread in batches: one message per file costs more than the read. */
const BATCH = 64;

function run(job: ScreenJob): void {
  const claims = new Int32Array(job.claims);
  const flow = new Int32Array(job.flow);
  const hasKeyword = keywordScreen(job.spec);
  let batch: Screened[] = [];
  for (let slot = 0; slot < job.files.length; slot++) {
    if (Atomics.compareExchange(claims, slot, UNCLAIMED, WORKER) !== UNCLAIMED) continue; // the main thread reads it
    const screened = screen(job, slot, hasKeyword);
    batch.push(screened);
    // A file the main thread will parse goes at once: it may be waiting for it.
    if (batch.length === BATCH || !screened.keywordFree) {
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

function screen(job: ScreenJob, slot: number, hasKeyword: (text: string) => boolean): Screened {
  const { absolute, relative } = job.files[slot]!;
  const read = readSourceSync(absolute, relative, job.maxFileSize);
  if (configKindOf(relative) || !read.ok || read.diagnostics.length > 0 || !read.stamp || hasKeyword(read.text)) return { slot, keywordFree: false, read };
  return { slot, keywordFree: true, stamp: read.stamp, specifiers: importSpecifiers(read.text) };
}

function post(message: WorkerMessage): void {
  parentPort!.postMessage(message);
}

try {
  run(workerData as ScreenJob);
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
