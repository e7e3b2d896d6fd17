/**
 * What one shard of `scan --shard K/N` analyses. It reports only the files it owns (src/shard/assign.ts),
 * but whole-program stages need other files' analysis, run unreported:
 *   - files whose imports reach an own file: their analysis follows the key into it and reports there
 *     (a key in an own `config.ts` used by `jwt.sign` in another shard's `auth.ts`);
 *   - the modules those files and the own ones import, transitively: they declare the key helpers
 *     (derived sinks) the importers call;
 *   - support files for the cross-file step: files holding the words the rules' facts in the files
 *     analysed name (`supportWords`, e.g. a property name read by another module), with their imports.
 * Every file is read and keyword-checked (the cheap floor of a scan, on two threads where the screening
 * worker runs); only these are analysed. What the check found of keyword-free files is kept, so the
 * scan does not read them again.
 */
import { createHash } from '../util/builtins.js';
import { isKeywordFree, readText, type ScreenedKeywordFree, type ScreenedReads } from '../files/screened-reads.js';
import type { WalkedFile } from '../files/walk.js';
import type { MarkerCheck } from '../files/walked-markers.js';
import { shardOf, type ShardSpec } from './assign.js';
import { ImportGraph } from './import-graph.js';
import { importSpecifiers } from '../test-code/importers.js';

export interface ShardPlanInput {
  spec: ShardSpec;
  base: string;
  files: readonly WalkedFile[];
  /** Reads every file, in order (closed once read). */
  reads: ScreenedReads;
  /** The package and workspace files the walk saw, if it saw them. */
  markers?: MarkerCheck;
  /** Whether the first pass would analyse the file (a rule keyword, and not left to the text pass). */
  analysable(file: WalkedFile, text: string): boolean;
}

export interface ShardInfo extends ShardSpec {
  /** Files and bytes this shard owns, and the bytes of every shard (index 0: shard 1). */
  files: number;
  bytes: number;
  bytesPerShard: number[];
  /** A digest of the listed paths: shards of different checkouts do not merge. */
  listing: string;
}

export class ShardPlan {
  private readonly own = new Set<string>();
  private readonly selected = new Set<string>();
  /** Analysable files of other shards not selected (yet), with their texts, in walk order. */
  private readonly waiting = new Map<string, { file: WalkedFile; text: string }>();
  /** Files (by index in the listing) the screening worker found keyword-free, with what the scan keeps of them. */
  private readonly keywordFree = new Map<number, ScreenedKeywordFree>();
  private everyFile = false;

  constructor(
    readonly info: ShardInfo,
    private readonly imports: ImportGraph,
  ) {}

  /** Whether the shard reports the file's findings and diagnostics. */
  owns(file: string): boolean {
    return this.own.has(file);
  }

  /** The items located in own files, and those of no file (about the whole scan: every shard reports them, merge keeps one). */
  keepOwn<T extends { file: string }>(items: readonly T[]): T[] {
    return items.filter((item) => item.file === '' || this.own.has(item.file));
  }

  /** Files of other shards selected for analysis so far. */
  get othersSelected(): number {
    return [...this.selected].filter((file) => !this.own.has(file)).length;
  }

  /** What the planner's read found of a keyword-free file (the scan does not read it again). */
  keywordFreeAt(i: number): ScreenedKeywordFree | undefined {
    return this.keywordFree.get(i);
  }

  /** Whether the first pass reads and analyses the file (own files are always read). */
  selects(file: string): boolean {
    return this.own.has(file) || this.selected.has(file);
  }

  /**
   * Selects the waiting files that hold one of `words` (every one when undefined) and the waiting
   * files they import; returns them in walk order, for analysis.
   */
  support(words: readonly string[] | undefined): { file: WalkedFile; text: string }[] {
    if (this.everyFile) return [];
    if (words === undefined) this.everyFile = true;
    const wanted = [...new Set(words?.filter((w) => w.length > 0))];
    const hits = [...this.waiting.values()].filter(({ text }) => words === undefined || wanted.some((w) => text.includes(w)));
    return this.take(this.imports.importedBy(hits.map((h) => h.file.relative)));
  }

  /**
   * Setup: the files whose analysis can reach an own file (they import it, transitively; the own
   * ones included), and every file they import (where the key helpers they call are declared).
   */
  plan(): void {
    this.take(this.imports.importedBy(this.imports.importersOf(this.own)));
  }

  /** Selects the waiting files among `files`; returns them in walk order. */
  private take(files: ReadonlySet<string>): { file: WalkedFile; text: string }[] {
    const taken = [...this.waiting.values()].filter(({ file }) => files.has(file.relative));
    for (const { file } of taken) {
      this.waiting.delete(file.relative);
      this.selected.add(file.relative);
    }
    return taken;
  }

  /** Setup: records one listed file and the shard that owns it. */
  add(file: WalkedFile, owner: number, text: string | undefined, analysable: boolean): void {
    if (owner === this.info.index) this.own.add(file.relative);
    if (text !== undefined) this.imports.add(file.relative, importSpecifiers(text));
    if (text !== undefined && analysable && !this.own.has(file.relative)) this.waiting.set(file.relative, { file, text });
  }

  /** Setup: records a listed file the screening worker found keyword-free (never analysed). */
  addKeywordFree(i: number, file: WalkedFile, owner: number, screened: ScreenedKeywordFree): void {
    if (owner === this.info.index) this.own.add(file.relative);
    this.imports.add(file.relative, screened.specifiers);
    this.keywordFree.set(i, screened);
  }

}

/** Reads every listed file once, keyword-checks it, and selects what the shard analyses. */
export async function planShard(input: ShardPlanInput): Promise<ShardPlan> {
  const bytesPerShard = new Array<number>(input.spec.count).fill(0);
  const listed = new Set(input.files.map((f) => f.relative));
  const listing = createHash('sha256').update(input.files.map((f) => f.relative).join('\n')).digest('hex').slice(0, 16);
  const count = input.spec.count;
  // (a SHA-256 per path: computed once per file)
  const owners = input.files.map((f) => shardOf(f.relative, count));
  const own = owners.filter((owner) => owner === input.spec.index).length;
  const info: ShardInfo = { ...input.spec, files: own, bytes: 0, bytesPerShard: [], listing };
  const plan = new ShardPlan(info, new ImportGraph(input.base, listed, input.markers));
  try {
    for (let i = 0; i < input.files.length; i++) {
      const file = input.files[i]!;
      const read = await input.reads.read(i).catch(() => undefined);
      const owner = owners[i]!;
      if (read && isKeywordFree(read)) {
        bytesPerShard[owner - 1]! += read.stamp.size;
        plan.addKeywordFree(i, file, owner, read);
        continue;
      }
      const text = read && readText(read);
      bytesPerShard[owner - 1]! += text === undefined ? 0 : Buffer.byteLength(text);
      plan.add(file, owner, text, text !== undefined && input.analysable(file, text));
    }
  } finally {
    input.reads.close();
  }
  info.bytesPerShard = bytesPerShard;
  info.bytes = info.bytesPerShard[input.spec.index - 1]!;
  plan.plan();
  return plan;
}
