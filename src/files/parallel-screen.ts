/**
 * Reading and keyword-checking files on a second thread. On a cold scan most of the time goes to
 * reading files and finding that no JWT keyword is in them; the main thread also parses the few that
 * have one. A worker (src/files/screen-worker.ts) reads ahead of the main thread through the list;
 * each file is read by exactly one of them (src/files/screen-protocol.ts).
 * Used only where it pays: a working-tree scan with many files to read and a second core.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KeywordScreenSpec } from '../engine/prefilter.js';
import { builtins } from '../util/builtins.js';
import { FLOW_CELLS, kibOf, MAIN, NOT_WAITING, TAKEN_KIB, UNCLAIMED, WANTED_SLOT, type ScreenJob, type Screened, type TextPassJob, type WorkerMessage } from './screen-protocol.js';

/** Below this many files to read, starting a worker (~30 ms of the other core) is not worth it. */
const PARALLEL_SCREEN_MIN_FILES = 2000;

/**
 * The worker's texts die young and big ones go straight to the large-object space: a small young
 * generation costs it no time and the process ~20 MB less peak RSS (measured on the real corpus).
 */
const WORKER_YOUNG_GENERATION_MB = 8;

export type ScreenWorkerMode = 'auto' | 'off' | 'always';

export class ParallelScreen {
  private readonly claims: Int32Array;
  private readonly flow: Int32Array;
  private readonly results = new Map<number, Screened>();
  private readonly waiting = new Map<number, (screened: Screened | Later) => void>();
  /** Slots the worker is giving the text pass, until their outcome comes (see Later); `handed`: asked for meanwhile. */
  private readonly passing = new Map<number, { later: Promise<Screened>; settle: (screened: Screened) => void; handed: boolean }>();
  private finished = false;

  private constructor(
    private readonly worker: Worker,
    claims: SharedArrayBuffer,
    flow: SharedArrayBuffer,
    /** 'always': the worker reads every file, the main thread none (deterministic, for tests and debugging). */
    private readonly workerOnly: boolean,
  ) {
    this.claims = new Int32Array(claims);
    this.flow = new Int32Array(flow);
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'screened') for (const screened of message.batch) this.deliver(screened);
      else if (message.kind === 'text-passing') this.announce(message.slot);
      else this.finish();
    });
    // A worker that fails or exits early leaves its unanswered files to the main thread: nothing is lost.
    worker.on('error', () => this.finish());
    worker.on('exit', () => this.finish());
  }

  /**
   * A worker for these files, or undefined when the mode, the machine or the build says no. `started`:
   * a worker started ahead (see startScreenWorker), given the job now; released when not wanted.
   */
  static start(files: ScreenJob['files'], spec: KeywordScreenSpec, maxFileSize: number, mode: ScreenWorkerMode = 'auto', textPass?: TextPassJob, started?: StartedWorker): ParallelScreen | undefined {
    const worker = started?.take();
    if (!wanted(mode, files.length)) {
      void worker?.terminate();
      return undefined;
    }
    const claims = new SharedArrayBuffer(files.length * Int32Array.BYTES_PER_ELEMENT);
    const flow = new SharedArrayBuffer(FLOW_CELLS * Int32Array.BYTES_PER_ELEMENT);
    new Int32Array(flow)[WANTED_SLOT] = NOT_WAITING;
    const job: ScreenJob = { files, claims, flow, spec, maxFileSize, ...(textPass ? { textPass } : {}) };
    try {
      if (worker) {
        worker.postMessage(job);
        return new ParallelScreen(worker, claims, flow, mode === 'always');
      }
      const script = workerScript();
      return script ? new ParallelScreen(new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }), claims, flow, mode === 'always') : undefined;
    } catch {
      void worker?.terminate();
      return undefined;
    }
  }

  /** Claims the slot for the main thread: true when the main thread is to read it itself. */
  claim(slot: number): boolean {
    if (this.workerOnly) return false;
    return Atomics.compareExchange(this.claims, slot, UNCLAIMED, MAIN) === UNCLAIMED || Atomics.load(this.claims, slot) === MAIN;
  }

  /** What the worker found of a slot it claimed, when that has come (taken: asked once). */
  known(slot: number): Screened | undefined {
    const known = this.results.get(slot);
    if (!known) return undefined;
    this.results.delete(slot);
    return this.taken(known);
  }

  /**
   * What the worker found of a slot it claimed (keywordFree: false when it gave up on it), or, for a
   * file it is giving the text pass, the promise of that (Later).
   */
  outcome(slot: number): Promise<Screened | Later> {
    const known = this.known(slot);
    if (known) return Promise.resolve(known);
    const passing = this.passing.get(slot);
    if (passing) {
      passing.handed = true;
      return Promise.resolve({ slot, later: passing.later });
    }
    if (this.finished) return Promise.resolve({ slot, keywordFree: false });
    // The first slot waited for (slots are asked for in ascending order): the worker sends its batch
    // as soon as it holds it (see WANTED_SLOT).
    if (this.waiting.size === 0) Atomics.store(this.flow, WANTED_SLOT, slot);
    return new Promise((resolve) => this.waiting.set(slot, resolve));
  }

  close(): void {
    this.finish();
    void this.worker.terminate();
  }

  private deliver(screened: Screened): void {
    const passing = this.passing.get(screened.slot);
    this.passing.delete(screened.slot);
    if (passing?.handed) {
      passing.settle(this.taken(screened));
      return;
    }
    const resolve = this.waiting.get(screened.slot);
    if (resolve) {
      this.stopWaiting(screened.slot);
      resolve(this.taken(screened));
    } else this.results.set(screened.slot, screened);
  }

  /** The worker starts the text pass of `slot`: whoever waits for it gets a Later now. */
  private announce(slot: number): void {
    let settle!: (screened: Screened) => void;
    const later = new Promise<Screened>((resolve) => (settle = resolve));
    const resolve = this.waiting.get(slot);
    this.passing.set(slot, { later, settle, handed: resolve !== undefined });
    if (resolve) {
      this.stopWaiting(slot);
      resolve({ slot, later });
    }
  }

  private stopWaiting(slot: number): void {
    this.waiting.delete(slot);
    Atomics.store(this.flow, WANTED_SLOT, this.waiting.keys().next().value ?? NOT_WAITING);
  }

  /** A handed-over read leaves the queue: the worker may read further ahead (see MAX_KIB_AHEAD). */
  private taken(screened: Screened): Screened {
    const kib = kibOf(screened);
    if (kib > 0) {
      Atomics.add(this.flow, TAKEN_KIB, kib);
      Atomics.notify(this.flow, TAKEN_KIB);
    }
    return screened;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const [slot, resolve] of this.waiting) resolve({ slot, keywordFree: false });
    this.waiting.clear();
    for (const [slot, { settle }] of this.passing) settle({ slot, keywordFree: false });
    this.passing.clear();
  }
}

/**
 * A file the worker is giving the text pass (a bundle, a generated file): its outcome comes with
 * `later`. The main thread takes it after the other files rather than wait in list order: what a
 * text pass leaves (findings and notes of that one file, which the report sorts) does not depend on
 * when it is taken.
 */
export interface Later {
  slot: number;
  later: Promise<Screened>;
}

function wanted(mode: ScreenWorkerMode, files: number): boolean {
  if (mode === 'off' || files === 0) return false;
  return mode === 'always' || (files >= PARALLEL_SCREEN_MIN_FILES && builtins.os().availableParallelism() >= 2);
}

/** A worker started before its job is known; `take` hands it over once, `release` ends it if nobody took it. */
export interface StartedWorker {
  take(): Worker | undefined;
  release(): void;
}

/**
 * Starts the screening worker while the walk lists the files: its start (a thread, the bundle's
 * rules) costs about as much as reading a few hundred files, and the walk leaves the other core idle.
 * Undefined where no worker would run whatever the file count (mode off, one core, no build).
 */
export function startScreenWorker(mode: ScreenWorkerMode = 'auto'): StartedWorker | undefined {
  if (mode === 'off' || (mode === 'auto' && builtins.os().availableParallelism() < 2)) return undefined;
  const script = workerScript();
  if (!script) return undefined;
  let worker: Worker | undefined;
  try {
    worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  } catch {
    return undefined;
  }
  // An error before the job arrives is seen by ParallelScreen's handlers, or by nobody if it is released.
  worker.on('error', () => undefined);
  return {
    take: () => {
      const taken = worker;
      worker = undefined;
      return taken;
    },
    release: () => {
      void worker?.terminate();
      worker = undefined;
    },
  };
}

/**
 * The worker's own file: dist/screen-worker.cjs next to the bundle, or its compiled entry
 * (dist/src/screen-worker-main.js, beside this module's folder dist/src/files/). Run from TypeScript
 * sources there is none, and files are screened on the main thread.
 */
function workerScript(): string | undefined {
  for (const name of ['./screen-worker.cjs', '../screen-worker-main.js']) {
    const file = fileURLToPath(new URL(name, import.meta.url));
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}
