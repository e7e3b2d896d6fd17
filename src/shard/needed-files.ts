/**
 * What one shard of `scan --shard K/N` analyses. It reports only the files it owns (src/shard/assign.ts),
 * but whole-program stages need other files' analysis, run unreported:
 *   - files whose imports reach an own file: their analysis follows the key into it and reports there
 *     (a key in an own `config.ts` used by `jwt.sign` in another shard's `auth.ts`);
 *   - the modules those files and the own ones import, transitively: they declare the key helpers
 *     (derived sinks) the importers call;
 *   - support files for the cross-file step: files holding the words the rules' facts in the files
 *     analysed name (`supportWords`, e.g. a property name read by another module), with their imports.
 * Every file is read and keyword-checked (the cheap floor of a scan); only these are analysed.
 */
import { createHash } from '../util/builtins.js';
import type { FileSource } from '../files/file-source.js';
import type { WalkedFile } from '../files/walk.js';
import { shardBytes, shardOf, type ShardSpec } from './assign.js';
import { ImportGraph } from './import-graph.js';

export interface ShardPlanInput {
  spec: ShardSpec;
  base: string;
  files: readonly WalkedFile[];
  source: FileSource;
  maxFileSize: number;
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

  /** Setup: records one listed file. */
  add(file: WalkedFile, text: string | undefined, analysable: boolean): void {
    if (shardOf(file.relative, this.info.count) === this.info.index) this.own.add(file.relative);
    if (text !== undefined) this.imports.add(file.relative, text);
    if (text !== undefined && analysable && !this.own.has(file.relative)) this.waiting.set(file.relative, { file, text });
  }
}

/** Reads every listed file once, keyword-checks it, and selects what the shard analyses. */
export async function planShard(input: ShardPlanInput): Promise<ShardPlan> {
  const sizes: { relative: string; bytes: number }[] = [];
  const listed = new Set(input.files.map((f) => f.relative));
  const listing = createHash('sha256').update(input.files.map((f) => f.relative).join('\n')).digest('hex').slice(0, 16);
  const count = input.spec.count;
  const own = input.files.filter((f) => shardOf(f.relative, count) === input.spec.index).length;
  const info: ShardInfo = { ...input.spec, files: own, bytes: 0, bytesPerShard: [], listing };
  const plan = new ShardPlan(info, new ImportGraph(input.base, listed));
  for (const file of input.files) {
    const read = await input.source.read(file, input.maxFileSize).catch(() => undefined);
    const text = read?.ok ? read.text : undefined;
    sizes.push({ relative: file.relative, bytes: text === undefined ? 0 : Buffer.byteLength(text) });
    plan.add(file, text, text !== undefined && input.analysable(file, text));
  }
  info.bytesPerShard = shardBytes(sizes, count);
  info.bytes = info.bytesPerShard[input.spec.index - 1]!;
  plan.plan();
  return plan;
}
