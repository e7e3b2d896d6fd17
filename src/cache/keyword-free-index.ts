/**
 * Remembers which files of a tree no rule keyword occurs in, by their file-system stamp (size,
 * mtime, ctime, inode), so a re-scan skips reading them: one stat instead of open, fstat, read,
 * close, decode and the keyword check. Nearly every file of a repository is such a file, which
 * makes this most of a warm scan's saving (the result cache covers the files that do get parsed).
 *
 * Same rule as git's index against "racily clean" files: a stamp is only recorded when the file's
 * mtime is clearly older than the scan's start, so a file rewritten during or just after the scan,
 * within the file system's timestamp granularity and at the same size, is never mistaken for the
 * one that was read. A stale or unreadable index is simply an empty one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from '../util/builtins.js';
import { writeCacheFile } from './cache-file.js';

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

type Entry = [size: number, mtimeMs: number, ctimeMs: number, ino: number];

/** 2: entries as one array of `[path, ...Entry]` (an object of 26k keys took 2-3 times as long to write). */
const FORMAT = 2;
/** Coarsest common timestamp granularity (FAT: 2 s); a file modified later than this before the scan started is not recorded. */
const RACY_MARGIN_MS = 2_000;
/** Bound on entries kept (files outside this scan's targets are kept for the next full scan). */
const MAX_ENTRIES = 500_000;

export class KeywordFreeIndex {
  private readonly file: string;
  private readonly entries: Map<string, Entry>;
  /** Files that got the text pass last time (over the parse or size limit): worth a stat to find their kept result. */
  private readonly textPassed: Set<string>;
  private changed = false;

  /** `cacheDir`: the result cache's directory for the current tool version and settings; `scanStartedAt`: wall clock (Date.now()). */
  constructor(cacheDir: string, base: string, private readonly scanStartedAt: number) {
    this.file = path.join(cacheDir, 'keyword-free', `${createHash('sha256').update(base).digest('hex').slice(0, 16)}.json`);
    const loaded = load(this.file);
    this.entries = loaded.entries;
    this.textPassed = loaded.textPassed;
  }

  /** Whether a stat of the file can save work: it is in the index, or got the text pass last time. A cold scan stats nothing. */
  worthStat(relative: string): boolean {
    return this.entries.has(relative) || this.textPassed.has(relative);
  }

  /** Whether the file gets the text pass (its result is then kept under its stamp by the caller). */
  setTextPassed(relative: string, textPassed: boolean): void {
    if (this.textPassed.has(relative) === textPassed) return;
    if (textPassed) this.textPassed.add(relative);
    else this.textPassed.delete(relative);
    this.changed = true;
  }

  /** Whether the file at `relative` is known keyword-free with this stamp. */
  unchanged(relative: string, stamp: FileStamp | undefined): boolean {
    const entry = this.entries.get(relative);
    return entry !== undefined && stamp !== undefined && sameStamp(entry, stamp);
  }

  /** The file was read with this stamp and no rule keyword occurs in it. */
  recordKeywordFree(relative: string, stamp: FileStamp): void {
    if (!stampIsSettled(stamp, this.scanStartedAt)) {
      this.forget(relative);
      return;
    }
    const entry = this.entries.get(relative);
    if (entry && sameStamp(entry, stamp)) return;
    if (!entry && this.entries.size >= MAX_ENTRIES) return;
    this.entries.set(relative, [stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino]);
    this.changed = true;
  }

  /** The file was read and has a keyword now, or could not be judged: it must be read next time. */
  forget(relative: string): void {
    if (this.entries.delete(relative)) this.changed = true;
  }

  save(): void {
    if (!this.changed) return;
    try {
      writeCacheFile(this.file, JSON.stringify({ format: FORMAT, entries: [...this.entries].map(([relative, entry]) => [relative, ...entry]), textPassed: [...this.textPassed] }));
      this.changed = false;
    } catch {
      // not saved: the next scan reads every file, as without the index
    }
  }
}

/**
 * Whether a stamp can stand for the bytes read with it: the file was last changed clearly before the
 * scan started, so any later change gets a different mtime or ctime whatever the file system's
 * timestamp granularity. `scanStartedAt`: wall clock (Date.now()).
 */
export function stampIsSettled(stamp: FileStamp, scanStartedAt: number): boolean {
  return Math.max(stamp.mtimeMs, stamp.ctimeMs) < scanStartedAt - RACY_MARGIN_MS;
}

function sameStamp(entry: Entry, stamp: FileStamp): boolean {
  return entry[0] === stamp.size && entry[1] === stamp.mtimeMs && entry[2] === stamp.ctimeMs && entry[3] === stamp.ino;
}

function load(file: string): { entries: Map<string, Entry>; textPassed: Set<string> } {
  const entries = new Map<string, Entry>();
  const textPassed = new Set<string>();
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; entries?: unknown; textPassed?: unknown };
    if (parsed.format !== FORMAT || !Array.isArray(parsed.entries)) return { entries, textPassed };
    for (const row of parsed.entries as unknown[]) {
      if (!Array.isArray(row) || row.length !== 5 || typeof row[0] !== 'string') continue;
      const entry = row.slice(1);
      if (entry.every((n) => typeof n === 'number')) entries.set(row[0], entry as Entry);
    }
    if (Array.isArray(parsed.textPassed)) for (const relative of parsed.textPassed) if (typeof relative === 'string') textPassed.add(relative);
  } catch {
    // none yet, or unreadable: empty
  }
  return { entries, textPassed };
}
