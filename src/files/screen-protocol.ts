/**
 * What the main thread and the screening worker (src/files/screen-worker.ts) exchange. Each file to
 * read has a slot in a shared Int32Array: whoever moves it from UNCLAIMED first reads it, so each file
 * is read once. Both go through the files in order: the worker runs ahead while the main thread parses,
 * and the main thread reads what it reaches before the worker does.
 */
import type { FileStamp } from '../cache/keyword-free-index.js';
import type { KeywordScreenSpec } from '../engine/prefilter.js';
import type { ReadResult } from './read-source.js';

export const UNCLAIMED = 0;
export const MAIN = 1;
export const WORKER = 2;

export interface ScreenJob {
  /** Absolute and base-relative path per slot. */
  files: { absolute: string; relative: string }[];
  /** One Int32 per slot (SharedArrayBuffer). */
  claims: SharedArrayBuffer;
  spec: KeywordScreenSpec;
  maxFileSize: number;
}

/**
 * A file the worker read and screened: keyword-free (with what the scan keeps of such a file), or
 * anything else (keywords, a config file, a read problem) with the read itself for the main thread;
 * without `read` (a worker that failed) the main thread reads the file again.
 */
export type Screened = { slot: number; keywordFree: true; stamp: FileStamp; specifiers: string[] } | { slot: number; keywordFree: false; read?: ReadResult };

export type WorkerMessage = { kind: 'screened'; batch: Screened[] } | { kind: 'done' } | { kind: 'failed'; message: string };
