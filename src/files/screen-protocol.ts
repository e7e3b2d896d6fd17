/**
 * What the main thread and the screening worker (src/files/screen-worker.ts) exchange. Each file to
 * read has a slot in a shared Int32Array: whoever moves it from UNCLAIMED first reads it, so each file
 * is read once. Both go through the files in order: the worker runs ahead while the main thread parses,
 * and the main thread reads what it reaches before the worker does.
 */
import type { FileStamp } from '../cache/keyword-free-index.js';
import type { KeywordScreenSpec } from '../engine/prefilter.js';
import type { Diagnostic, Finding, Level, RuleSettings } from '../rule.js';
import type { ReadResult } from './read-source.js';

export const UNCLAIMED = 0;
export const MAIN = 1;
export const WORKER = 2;

/**
 * Back-pressure: the texts the worker hands over wait in the main thread until it gets to them. The
 * worker counts the KiB it sent, the main thread the KiB it took (Int32 cells of `ScreenJob.flow`), and
 * the worker waits while more than this is in between, so memory stays bounded whatever the repository.
 */
export const SENT_KIB = 0;
export const TAKEN_KIB = 1;
export const MAX_KIB_AHEAD = 16 * 1024;

/**
 * The slot the main thread waits for (NOT_WAITING when none), a third cell of `ScreenJob.flow`. The
 * worker posts its answers in batches, and sends the batch at once when it holds that slot: the main
 * thread, caught up with the worker in a folder of small keyword-free files (babel's 15k test
 * fixtures), otherwise sat idle until 63 more files were read (~0.2 s of a cold scan of the bench corpus).
 */
export const WANTED_SLOT = 2;
export const NOT_WAITING = 0x7fffffff;
export const FLOW_CELLS = 3;

/** The KiB a handed-over read counts for (its text's length; 0 for a read without text). */
export function kibOf(screened: Screened): number {
  return !screened.keywordFree && 'read' in screened && screened.read?.ok ? Math.ceil(screened.read.text.length / 1024) : 0;
}

export interface ScreenJob {
  /** Absolute and base-relative path per slot. */
  files: { absolute: string; relative: string }[];
  /** One Int32 per slot (SharedArrayBuffer). */
  claims: SharedArrayBuffer;
  /** FLOW_CELLS Int32 cells: SENT_KIB, TAKEN_KIB and WANTED_SLOT. */
  flow: SharedArrayBuffer;
  spec: KeywordScreenSpec;
  maxFileSize: number;
  /** Set when the worker runs the text pass of files over the parse or size limit itself (see TextPassJob). */
  textPass?: TextPassJob;
}

/**
 * What the worker needs to run the text pass as the main thread would: the scan's rules, as ids and
 * levels of the built-in rules (rule objects do not cross threads), their settings and the parse limit.
 */
export interface TextPassJob {
  rules: { id: string; level: Level }[];
  settings?: RuleSettings;
  maxParseSize: number;
}

/**
 * A file the worker gave the text pass (over --max-file-size: streamed; over the parse limit: its
 * text): its read without the text, the findings, and the notes the scan reports for it.
 */
export interface TextPassed {
  read: ReadResult;
  findings: Finding[];
  notes: Diagnostic[];
}

/**
 * A file the worker read and screened: keyword-free (with what the scan keeps of such a file), given
 * the text pass (TextPassed), or anything else (keywords, a config file, a read problem) with the read
 * itself for the main thread; without `read` (a worker that failed) the main thread reads the file again.
 */
export type Screened =
  | { slot: number; keywordFree: true; stamp: FileStamp; specifiers: string[] }
  | { slot: number; keywordFree: false; read?: ReadResult }
  | { slot: number; keywordFree: false; textPassed: TextPassed };

/**
 * `text-passing`: the worker starts the text pass of a slot (a bundle: tens of milliseconds). The
 * main thread need not wait for it in order: it goes on, reading files itself meanwhile, and takes
 * that outcome after the others (src/files/parallel-screen.ts, Later).
 */
export type WorkerMessage = { kind: 'screened'; batch: Screened[] } | { kind: 'text-passing'; slot: number } | { kind: 'done' } | { kind: 'failed'; message: string };
