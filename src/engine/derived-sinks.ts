/**
 * The derived-sink stage's bookkeeping. A rule declares a function of the project whose parameter
 * reaches a JWT key (`signToken(payload, secret)`) as a sink; calls of it in other modules are JWT
 * calls too, so after the first pass the files that name such a function are analysed again with
 * the project's settings extended by these sinks, round by round until no new sink appears.
 */
import { NO_SETTINGS, type AnyRule, type DerivedSink, type RuleSettings } from '../rule.js';
import type { WalkedFile } from '../files/walk.js';

/** Helpers of helpers: a few rounds cover real wrapper chains; more would only cost time. */
export const MAX_DERIVED_ROUNDS = 3;

export class DerivedSinkSet {
  private readonly byId = new Map<string, DerivedSink>();
  /** Sinks added since the last `takeNew()`. */
  private fresh: DerivedSink[] = [];

  constructor(private readonly base: RuleSettings = NO_SETTINGS) {}

  add(sinks: readonly DerivedSink[]): void {
    for (const sink of sinks) {
      const id = sinkId(sink);
      if (this.byId.has(id) || this.declared(sink)) continue;
      this.byId.set(id, sink);
      this.fresh.push(sink);
    }
  }

  /** The sinks added since the last call, and forgets them as new. */
  takeNew(): DerivedSink[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  /** Every sink derived so far. */
  all(): DerivedSink[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** The project's settings with every derived sink added (ordered, so cache keys are stable). */
  settings(): RuleSettings {
    const sinks = [...this.byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, sink]) => sink);
    return { ...this.base, sinks: [...this.base.sinks, ...sinks] };
  }

  /** A sink the config already declares is no news. */
  private declared(sink: DerivedSink): boolean {
    return this.base.sinks.some((s) => s.file === sink.file && s.export === sink.export && s.method === sink.method && s.arg === sink.arg && (s.property ?? '') === (sink.property ?? ''));
  }
}

function sinkId(sink: DerivedSink): string {
  return `${sink.file}\0${sink.export}\0${sink.method ?? ''}\0${sink.arg}\0${sink.property ?? ''}`;
}

/**
 * A name every call of the sink from another module spells: the export's (for `auth.sign`,
 * `Tokens.sign` or a method of class `Tokens`, the object or class the caller imports or types,
 * rather than a method name as common as `sign`), or for a default export, which callers name as
 * they like, the module's file or folder name (as the import specifier spells it).
 */
export function calledName(sink: DerivedSink): string {
  const named = sink.export.split('.').filter((part) => part !== 'default')[0];
  if (named) return named;
  const parts = sink.file.replace(/\.[cm]?[jt]sx?$/, '').split('/');
  return (parts.at(-1) === 'index' ? parts.at(-2) : parts.at(-1)) ?? '';
}

/**
 * Whether a file may call one of `sinks` from another module: it spells one's name, and is not the
 * sink's own module (calls there are followed by the first pass).
 */
export function mayCall(file: string, text: string, sinks: readonly DerivedSink[]): boolean {
  return sinks.some((sink) => {
    if (sink.file === file) return false;
    const name = calledName(sink);
    if (name === '' || !text.includes(name)) return false;
    // A file that only imports or re-exports the helper (a barrel, a type) has no call of it to look at.
    // It may call it by another name: `import { sign as mk }`, `const { sign: mk } = require(...)`.
    const called = calledMember(sink);
    return called === undefined || callPattern(called).test(text) || aliasesOf(called, text).some((alias) => callPattern(alias).test(text));
  });
}

/** The name a call of the sink ends with (`signToken(`, `.sign(`); none for a default export, called by any name. */
function calledMember(sink: DerivedSink): string | undefined {
  if (sink.method) return sink.method;
  return sink.export.split('.').filter((part) => part !== 'default').at(-1);
}

const aliasPatterns = new Map<string, RegExp>();
const callPatterns = new Map<string, RegExp>();

/** The local names a file gives `name` on import or destructuring (`name as x`, `name: x`). */
function aliasesOf(name: string, text: string): string[] {
  let pattern = aliasPatterns.get(name);
  if (!pattern) aliasPatterns.set(name, (pattern = new RegExp(`(?:^|[^\\w$.])${name.replace(/[$]/g, '\\$')}\\s*(?:as\\s+|:\\s*)([A-Za-z_$][\\w$]*)`, 'g')));
  return [...text.matchAll(pattern)].map((m) => m[1]!).filter((alias) => alias !== name);
}

/** `name(`, `name<T>(` or `.name(`, not `name` inside a longer identifier. */
function callPattern(name: string): RegExp {
  let pattern = callPatterns.get(name);
  if (!pattern) callPatterns.set(name, (pattern = new RegExp(`(?:^|[^\\w$])${name.replace(/[$]/g, '\\$')}\\s*(?:<[^()]*?>\\s*)?\\(`)));
  return pattern;
}

/**
 * Whether a file the first pass skipped by keywords can call one of `sinks`: only when some sink's
 * name holds none of the keywords (a `generateJwt` helper is called only from files that say "jwt").
 */
export function reachesKeywordFreeFiles(sinks: readonly DerivedSink[], keywords: readonly string[]): boolean {
  const lower = keywords.map((k) => k.toLowerCase());
  return sinks.some((sink) => {
    const name = calledName(sink).toLowerCase();
    return !lower.some((k) => name.includes(k));
  });
}

export interface DerivedStageInput {
  derived: DerivedSinkSet;
  rules: readonly AnyRule[];
  /** Files the first pass analysed (they had keywords), and every file listed. */
  keywordFiles: readonly WalkedFile[];
  allFiles: readonly WalkedFile[];
  /** A code file's text, or undefined when it cannot be (or is not to be) parsed. */
  read(file: WalkedFile): Promise<string | undefined>;
  /** Analyses the file again with `settings` (the outcome replaces the first pass's); returns the sinks it declares. */
  reanalyse(file: WalkedFile, text: string, settings: RuleSettings): Promise<readonly DerivedSink[]>;
}

/**
 * Rounds of: take the sinks declared since the last round, analyse again every file of another
 * module that names one, collect the sinks those analyses declare (wrappers of wrappers).
 */
export async function runDerivedSinkStage(input: DerivedStageInput): Promise<void> {
  const keywords = input.rules.flatMap((rule) => rule.keywords);
  for (let round = 0; round < MAX_DERIVED_ROUNDS; round++) {
    const fresh = input.derived.takeNew();
    if (fresh.length === 0) return;
    const settings = input.derived.settings();
    // Files without keywords can call a new sink only when its name holds none (costs a read of every file).
    const files = reachesKeywordFreeFiles(fresh, keywords) ? input.allFiles : input.keywordFiles;
    for (const file of files) {
      const text = await input.read(file);
      if (text === undefined || !mayCall(file.relative, text, fresh)) continue;
      input.derived.add(await input.reanalyse(file, text, settings));
    }
  }
}
