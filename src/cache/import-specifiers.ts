/**
 * The import specifiers of each file by its file-system stamp, for the importer index that tells
 * test code apart (src/test-code/importers.ts): a warm scan with findings then reads no unchanged
 * file to learn who imports whom. Same settling rule as the keyword-free index; specifiers are
 * module names, never key material. A stale or unreadable store is simply an empty one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from '../util/builtins.js';
import { writeCacheFile } from './cache-file.js';
import { stampIsSettled, type FileStamp } from './keyword-free-index.js';

type Entry = [size: number, mtimeMs: number, ctimeMs: number, ino: number, specifiers: string[]];

/** 2: entries as one array of `[path, ...Entry]` (an object of 26k keys took 2-3 times as long to write). */
const FORMAT = 2;
const MAX_ENTRIES = 500_000;

export class ImportSpecifierCache {
  private readonly file: string;
  private loaded: Map<string, Entry> | undefined;
  private changed = false;

  constructor(cacheDir: string, base: string, private readonly scanStartedAt: number) {
    this.file = path.join(cacheDir, 'import-specifiers', `${createHash('sha256').update(base).digest('hex').slice(0, 16)}.json`);
  }

  /** Loaded on first use: most scans (no findings) never need it. */
  private get entries(): Map<string, Entry> {
    if (this.loaded) return this.loaded;
    this.loaded = new Map();
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { format?: unknown; entries?: unknown };
      if (parsed.format === FORMAT && Array.isArray(parsed.entries)) {
        for (const row of parsed.entries as unknown[]) {
          if (Array.isArray(row) && row.length === 6 && typeof row[0] === 'string' && Array.isArray(row[5])) this.loaded.set(row[0], row.slice(1) as Entry);
        }
      }
    } catch {
      // none yet, or unreadable: empty
    }
    return this.loaded;
  }

  get(relative: string, stamp: FileStamp | undefined): string[] | undefined {
    const entry = this.entries.get(relative);
    if (!entry || !stamp) return undefined;
    return entry[0] === stamp.size && entry[1] === stamp.mtimeMs && entry[2] === stamp.ctimeMs && entry[3] === stamp.ino ? entry[4] : undefined;
  }

  set(relative: string, stamp: FileStamp | undefined, specifiers: string[]): void {
    if (!stamp || !stampIsSettled(stamp, this.scanStartedAt)) return;
    if (!this.entries.has(relative) && this.entries.size >= MAX_ENTRIES) return;
    this.entries.set(relative, [stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, specifiers]);
    this.changed = true;
  }

  save(): void {
    if (!this.changed) return;
    try {
      writeCacheFile(this.file, JSON.stringify({ format: FORMAT, entries: [...this.entries].map(([relative, entry]) => [relative, ...entry]) }));
      this.changed = false;
    } catch {
      // not saved: the next scan reads the files again
    }
  }
}
