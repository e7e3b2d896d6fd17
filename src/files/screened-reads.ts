/**
 * Reads files by their index in the listing, through the screening worker when one runs
 * (src/files/parallel-screen.ts): a keyword-free file comes back as what the scan keeps of it (stamp
 * and import specifiers), any other as the read itself. Without a worker, every file is read here.
 */
import type { AnyRule, RuleSettings } from '../rule.js';
import { keywordScreenSpec } from '../engine/prefilter.js';
import type { FileSource } from './file-source.js';
import { ParallelScreen, type ScreenWorkerMode, type StartedWorker } from './parallel-screen.js';
import type { ReadResult } from './read-source.js';
import type { Screened, TextPassed, TextPassJob } from './screen-protocol.js';
import type { WalkedFile } from './walk.js';

export type ScreenedKeywordFree = Extract<Screened, { keywordFree: true }>;
export type ScreenedTextPassed = Extract<Screened, { textPassed: TextPassed }>;
export type ScreenedRead = ReadResult | ScreenedKeywordFree | ScreenedTextPassed;

export interface ScreenedReadsInput {
  files: readonly WalkedFile[];
  /** The indexes this reader will be asked for, each once and in ascending order. */
  toRead(i: number): boolean;
  source: FileSource;
  rules: readonly AnyRule[];
  settings?: RuleSettings;
  maxFileSize: number;
  mode?: ScreenWorkerMode;
  /** How the worker runs the text pass of files over the parse or size limit; without it the main thread does. */
  textPass?: TextPassJob;
  /** A worker started ahead for this reader (startScreenWorker): taken, or ended when none is wanted. */
  started?: StartedWorker;
}

export class ScreenedReads {
  private readonly parallel: ParallelScreen | undefined;
  /** Slot in the worker's job per file index; -1 for files not read. */
  private readonly slotOf: Int32Array;
  constructor(private readonly input: ScreenedReadsInput) {
    this.slotOf = new Int32Array(input.files.length).fill(-1);
    const job: { absolute: string; relative: string }[] = [];
    if (input.source.screenable) {
      input.files.forEach((file, i) => {
        if (!input.toRead(i)) return;
        this.slotOf[i] = job.length;
        job.push({ absolute: file.absolute, relative: file.relative });
      });
    }
    this.parallel = ParallelScreen.start(job, keywordScreenSpec(input.rules, input.settings), input.maxFileSize, input.mode, input.textPass, input.started);
  }

  read(i: number): Promise<ScreenedRead> {
    return Promise.resolve(this.startRead(i) ?? this.answer(i)).then((read) => (isLater(read) ? read.later : read));
  }

  /**
   * Starts file i's read when this thread is to read it; undefined when the worker does (its answer
   * is then taken with answer(i)). Called a few files ahead of answer(i): a claim keeps the worker off.
   */
  startRead(i: number): Promise<ScreenedRead> | undefined {
    const slot = this.slotOf[i]!;
    if (!this.parallel || slot < 0 || this.parallel.claim(slot)) return this.input.source.read(this.input.files[i]!, this.input.maxFileSize);
    return undefined;
  }

  /**
   * The worker's answer for file i (after startRead(i) said it reads it): at once when it has come,
   * as most have by the time they are needed, else a promise; a file the worker is giving the text
   * pass comes as a ScreenedLater.
   */
  answer(i: number): ScreenedRead | ScreenedLater | Promise<ScreenedRead | ScreenedLater> {
    const file = this.input.files[i]!;
    const slot = this.slotOf[i]!;
    const known = this.parallel!.known(slot);
    if (known) return this.settled(file, known);
    return this.parallel!.outcome(slot).then((outcome) => ('later' in outcome ? { later: Promise.resolve(outcome.later).then((screened) => this.settled(file, screened)) } : this.settled(file, outcome)));
  }

  close(): void {
    this.parallel?.close();
  }

  private settled(file: WalkedFile, screened: Screened): Promise<ScreenedRead> | ScreenedRead {
    if (screened.keywordFree || 'textPassed' in screened) return screened;
    return screened.read ?? this.input.source.read(file, this.input.maxFileSize);
  }
}

/** A file the screening worker is giving the text pass: its read comes later (src/files/parallel-screen.ts, Later). */
export interface ScreenedLater {
  later: Promise<ScreenedRead>;
}

export function isLater(read: ScreenedRead | ScreenedLater): read is ScreenedLater {
  return 'later' in read;
}

export function isKeywordFree(read: ScreenedRead): read is ScreenedKeywordFree {
  return 'keywordFree' in read && read.keywordFree;
}

export function isTextPassed(read: ScreenedRead): read is ScreenedTextPassed {
  return 'textPassed' in read;
}

/** The text of a plain read that succeeded (undefined for a failed read, or an answer without text). */
export function readText(read: ScreenedRead): string | undefined {
  return 'ok' in read && read.ok ? read.text : undefined;
}
