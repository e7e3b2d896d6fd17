/**
 * What a scan can skip reading because the file system says a file is unchanged since the last scan
 * (its stamp: size, mtime, ctime, inode): files without any rule keyword (KeywordFreeIndex), and
 * files that got the text pass, whose results are kept under their stamp. Files that get parsed are
 * judged by content instead (the result cache proper), so this never has to trust a stamp for them.
 */
import type { Diagnostic, Finding } from '../rule.js';
import type { FileSource } from '../files/file-source.js';
import type { ReadResult } from '../files/read-source.js';
import type { WalkedFile } from '../files/walk.js';
import { KeywordFreeIndex, stampIsSettled, type FileStamp } from './keyword-free-index.js';
import type { CachedResult, ResultCache } from './result-cache.js';

export class UnchangedFiles {
  private readonly index: KeywordFreeIndex | undefined;
  private readonly stamps: (FileStamp | undefined)[];
  private readonly keywordFree: boolean[];
  private readonly textPassed: (CachedResult | undefined)[];

  /** `scanStartedAt`: wall clock (Date.now()); `maxParseSize`: files over it (in bytes, an upper bound of characters) may have been text-passed. */
  constructor(
    private readonly cache: ResultCache | undefined,
    private readonly source: FileSource,
    base: string,
    private readonly files: readonly WalkedFile[],
    private readonly scanStartedAt: number,
    private readonly maxParseSize: number,
  ) {
    this.index = cache && source.stamp ? new KeywordFreeIndex(cache.dir, base, scanStartedAt) : undefined;
    const index = this.index;
    // A cold scan stats nothing: only files the index knows are worth a stat.
    this.stamps = files.map((file) => (index?.worthStat(file.relative) ? source.stamp!(file) : undefined));
    this.keywordFree = files.map((file, i) => index?.unchanged(file.relative, this.stamps[i]) ?? false);
    this.textPassed = files.map((_, i) => {
      const key = this.textPassKey(i);
      return key === undefined ? undefined : cache!.get(key, () => undefined);
    });
  }

  /** The file is unchanged and holds no rule keyword: nothing to read or report. */
  isKeywordFree(i: number): boolean {
    return this.keywordFree[i]!;
  }

  /** The kept text-pass result of an unchanged file over the parse or size limit. */
  textPassResult(i: number): CachedResult | undefined {
    return this.textPassed[i];
  }

  /** The stamp taken of a file at the start of this scan, if one was (warm scans stat the files they may skip). */
  stampOf(relative: string): FileStamp | undefined {
    this.indexOf ??= new Map(this.files.map((f, i) => [f.relative, i]));
    const i = this.indexOf.get(relative);
    return i === undefined ? undefined : this.stamps[i];
  }

  private indexOf: Map<string, number> | undefined;

  needsRead(i: number): boolean {
    return !this.keywordFree[i] && this.textPassed[i] === undefined;
  }

  /** After reading file i: what the read and the keyword check found, so the next scan knows. */
  recordRead(i: number, read: ReadResult, hasKeywords: boolean): void {
    const relative = this.files[i]!.relative;
    if (!this.index) return;
    // A file with a read diagnostic (not UTF-8) is read every time, so the diagnostic is reported every time.
    if (read.ok && !hasKeywords && read.stamp && read.diagnostics.length === 0) this.index.recordKeywordFree(relative, read.stamp);
    else this.index.forget(relative);
  }

  /** File i got the text pass: keep its result under its stamp. */
  keepTextPass(i: number, found: Finding[], notes: Diagnostic[]): void {
    this.index?.setTextPassed(this.files[i]!.relative, true);
    this.stamps[i] ??= this.source.stamp?.(this.files[i]!);
    const key = this.textPassKey(i);
    if (key !== undefined) this.cache!.set(key, { parsed: false, findings: found, foreignFindings: [], diagnostics: notes, deps: {} });
  }

  /** File i was read and did not get the text pass. */
  notTextPassed(i: number): void {
    this.index?.setTextPassed(this.files[i]!.relative, false);
  }

  save(): void {
    this.index?.save();
  }

  private textPassKey(i: number): string | undefined {
    const stamp = this.stamps[i];
    if (!this.cache || !stamp || stamp.size <= this.maxParseSize || !stampIsSettled(stamp, this.scanStartedAt)) return undefined;
    return this.cache.keyFor(`${this.files[i]!.relative}\0text pass`, JSON.stringify(stamp));
  }
}
