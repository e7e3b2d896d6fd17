/**
 * The contract between the engine and the rules in `rules/`: rule metadata, the context a rule
 * reports through, and the finding/diagnostic values the reporters consume. A `Finding` has no
 * field that can hold key material; the engine fills `redacted` from the key node itself.
 */
import type { Node } from '@babel/types';
import type { NodePath } from './ast/node-path.js';
import type { Visitor } from './ast/visitor.js';

export type Level = 'error' | 'warning' | 'note';
export type Precision = 'very-high' | 'high' | 'medium' | 'low';

/** A 1-based line / 1-based column position (columns count UTF-16 code units). */
export interface Position {
  line: number;
  column: number;
}

export interface Region {
  start: Position;
  end: Position;
}

export interface RelatedLocation {
  /** Human label of the JWT API the key reaches, e.g. `jsonwebtoken.sign`. */
  label: string;
  /** Set when the location is in another file than the finding (the key was imported). */
  file?: string;
  region: Region;
  /** `copy`: not a call but another place holding the same key (jwt-reused-secret); `label` then says which. */
  role?: 'copy';
}

/** One step of the way from the key literal to the JWT call (SARIF codeFlows, "Show paths"). */
export interface FlowLocation {
  /** e.g. `key literal`, `const JWT_SECRET`, `imported from "./config"`, `key of jsonwebtoken.sign`. */
  label: string;
  file: string;
  region: Region;
}

/** A module other than the scanned file, where analysis followed the key through an import. */
export interface SourceFile {
  file: string;
  source: string;
}

/** What is shown instead of the key: never more than a short prefix of a long key. */
export interface Redaction {
  /** e.g. `de…` for long keys, empty for short ones. */
  preview: string;
  /** Length in bytes, as the JWT library will use the key. */
  byteLength: number;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  level: Level;
  /** Path relative to the scan base, POSIX separators. */
  file: string;
  region: Region;
  related: RelatedLocation[];
  /** From the literal to the first JWT call it reaches, when the key travels through bindings or files. */
  flow?: FlowLocation[];
  redacted: Redaction;
  /** Stable across line moves and key rotation; never derived from the key. */
  fingerprint: string;
  /** The source line of the finding with every string literal masked (for the text reporter). */
  maskedLine: string;
  /** True when found by the text fallback because the file could not be parsed. */
  fromFallback: boolean;
  /** Set when an inline `jwtscan-ignore` comment covers the finding. */
  suppression?: { justification: string };
  /**
   * Every problem the key has, as the ids of the rules that found it, the reported (worst) one first:
   * one finding per key literal, e.g. `["jwt-inline-secret", "jwt-weak-secret"]`. Set scan-wide.
   */
  problems?: readonly string[];
  /** The message variant of each problem, by rule id (for tests and tools; the message says it in words). */
  problemMessageIds?: Readonly<Record<string, string>>;
  /** Set when the finding is in test, example or demo code: it was down-ranked to `note`. */
  inTestPath?: boolean;
  /** Why the file counts as test or example code (the evidence: a path pattern, a runner config, importers). */
  testEvidence?: string;
  /**
   * Set only while a baseline is made or applied: a digest of the key literal's source text salted with
   * the baseline's own random salt (never the key, never an unsalted hash; never cached or reported).
   */
  keyDigest?: string;
  /**
   * Set by `scan --history`: the oldest commit that added content holding the key (its author date,
   * ISO 8601, and the path as of that commit), and whether HEAD still holds the key.
   */
  history?: { commit: string; date: string; path: string; presentAtHead: boolean };
  /** Set by `scan --history --shard K/N` only: what `jwtscan merge` needs to merge the shards' findings. */
  historyShard?: HistoryShardFinding;
}

/**
 * What a finding of one shard of `scan --history --shard K/N` carries for `jwtscan merge` (written as
 * `shard` in JSON, `properties.shard` in SARIF; merge removes it). See src/git/history-shard.ts.
 */
export interface HistoryShardFinding {
  /** A keyed digest of the key literal (an HMAC under a key the report does not hold; never the plain hash). */
  literal: string;
  /**
   * Where the unsharded scan meets the finding, oldest first: the position of the commit it is
   * attributed to, the position of the commit whose scan found it, its index in that scan's findings.
   */
  rank: [number, number, number];
  /** The message variant (SARIF results do not say it otherwise): the report's order ends with it. */
  messageId: string;
  /** The message without the note on when the key was committed (merge writes that note again). */
  message: string;
  /** The finding's line with every string masked and all white space removed: its fingerprint is built from it. */
  shape: string;
}

export type DiagnosticKind =
  | 'parse-error'
  | 'parse-recovered'
  | 'binary'
  | 'too-large'
  | 'large-file'
  | 'time-budget'
  | 'interrupted'
  | 'unreadable'
  | 'encoding'
  | 'symlink'
  | 'rule-crash'
  | 'analysis-error'
  | 'unused-suppression'
  | 'unknown-suppression'
  | 'nothing-scanned'
  /** A part of the analysis that a --shard scan cannot do (it needs every shard's findings). */
  | 'shard-limit';

export interface Diagnostic {
  kind: DiagnosticKind;
  level: Level;
  file: string;
  message: string;
  line?: number;
  ruleId?: string;
  /**
   * Set by `scan --history --shard K/N` only: where the unsharded scan meets it (the position of the
   * commit whose scan reported it, or -1 before every commit; its index there), so merge keeps the oldest.
   */
  historyShard?: { rank: [number, number] };
}

/** A literal string value a rule reports, found without an AST (parse-failure fallback). */
export interface TextCandidate {
  /** 0-based offsets into the source of the literal including its quotes. */
  start: number;
  end: number;
  value: string;
  /** Label of the JWT call the literal was written in. */
  sinkLabel: string;
  sinkStart: number;
  sinkEnd: number;
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** The node holding the key (literal, template, concatenation): the primary location. */
  keyNode: Node;
  /** The static string value of `keyNode` as the rule resolved it; used only to redact. */
  keyValue: string;
  /** Byte length of the key as the library uses it (decoded when a wrapper decodes). */
  byteLength?: number;
  /** The JWT call or option the key reaches: a related location. */
  sinkNode?: Node;
  sinkLabel?: string;
  /** The module `keyNode` is written in, when it is not the scanned file (the finding is reported there). */
  keyFile?: SourceFile;
  /** The hops between the literal and the sink, literal side first (nodes may be in other modules). */
  flow?: { node: Node; file?: SourceFile; label: string }[];
  /** When the sink is a wrapper of the project: the hops inside it, from its parameter to the JWT call. */
  flowBeyond?: FlowLocation[];
  /** Overrides the rule's default level for this finding. */
  level?: Level;
  /** A candidate the rule's afterScan confirms or drops: any other report of this rule on the same literal wins. */
  provisional?: boolean;
}

export interface TextReportDescriptor extends Omit<ReportDescriptor, 'keyNode' | 'sinkNode'> {
  candidate: TextCandidate;
}

/**
 * Project settings every rule may read (from the config file), as ESLint's shared `settings`.
 * Data only: nothing here is code from the scanned repository.
 */
export interface RuleSettings {
  /** The project's own JWT wrappers, as extra sinks (config `sinks`). */
  readonly sinks: readonly ConfigSink[];
  /** Values the project knows to be weak or shared keys (config `weakSecrets`). */
  readonly weakSecrets: readonly string[];
}

/** A sink declared in the config: a function or class of a package (`module`) or of a repository file (`file`). */
export interface ConfigSink {
  module?: string;
  /** Repository-relative path of the module that exports the wrapper (`src/lib/jwt.ts`). */
  file?: string;
  /** Dotted export path: `signToken`, `default`, `TokenService`, `auth.sign`. */
  export: string;
  /** `instance`: `method` called on an instance of the exported class (derived sinks only). */
  kind?: 'call' | 'new' | 'instance';
  method?: string;
  /** 0-based argument that carries the key. */
  arg: number;
  /** Dotted property path inside that argument, when it is an options object. */
  property?: string;
  /** Set on sinks the scan derived (see DerivedSink): where the key goes inside the wrapper. */
  through?: SinkThrough;
}

/** Inside a derived wrapper: the JWT API its parameter reaches, and the hops from the parameter to it. */
export interface SinkThrough {
  /** e.g. `jsonwebtoken.sign`. */
  sink: string;
  /** Positions only (no key material): the parameter, the hops, the JWT call. */
  flow: FlowLocation[];
}

/**
 * A function of the project whose parameter reaches a JWT key (`signToken(payload, secret)` calling
 * `jwt.sign(payload, secret)`): the scan treats calls of it in other modules as JWT calls.
 */
export interface DerivedSink extends ConfigSink {
  file: string;
  through: SinkThrough;
}

export const NO_SETTINGS: RuleSettings = { sinks: [], weakSecrets: [] };

export interface RuleContext {
  /** Path of the file relative to the scan base (POSIX). */
  readonly file: string;
  readonly source: string;
  readonly settings: RuleSettings;
  report(descriptor: ReportDescriptor): void;
  /**
   * Keeps a value for the rule's `afterScan` step (cross-file work), optionally anchored to the node
   * of a finding that step may amend. Facts stay in memory: never reported, logged or cached in clear.
   */
  share(data: unknown, anchorNode?: Node): void;
  /** Declares a function of the project as a JWT sink for the other modules of the scan (derived-sink stage). */
  deriveSink(sink: DerivedSink): void;
  /**
   * Records where a key literal is used (as a JWT key, a session secret, …) for the rules' `afterFindings`
   * step. The engine keeps the literal's position, the labels and the redacted form, never the value.
   */
  noteKeyUse(use: KeyUseDescriptor): void;
}

export interface KeyUseDescriptor {
  keyNode: Node;
  /** The literal's value as the rule resolved it: used only to redact. */
  keyValue: string;
  byteLength?: number;
  /** The module `keyNode` is written in, when it is not the scanned file. */
  keyFile?: SourceFile;
  /** The call the key reaches (always in the scanned file). */
  sinkNode?: Node;
  /** What the key is used as, in the rule's own words: `jwt`, `session secret`, `encryption key`. */
  use: string;
  /** Human label of the call, e.g. `express-session`. */
  label: string;
  /** Structural facets for the rule's own later reading (`tokenKind: refresh`); never key material. */
  tags?: Readonly<Record<string, string>>;
}

/** A recorded key use: positions, labels and the redaction only (cached with the file's result). */
export interface KeyUse {
  /** The file of the literal. */
  file: string;
  region: Region;
  use: string;
  label: string;
  sink?: { file: string; region: Region };
  tags?: Readonly<Record<string, string>>;
  redacted: Redaction;
}

/** A value a rule kept from one file for its after-scan step. */
export interface SharedFact {
  file: string;
  /** Start of the node the fact was anchored to: the finding `amend` changes. */
  anchor?: Position;
  data: unknown;
}

export interface FindingAmendment {
  messageId: string;
  data?: Record<string, string | number>;
  level?: Level;
  /** Replaces the finding's way to the JWT call (positions and labels only). */
  flow?: FlowLocation[];
  /** Adds JWT calls the key reaches. */
  related?: RelatedLocation[];
  /** Removes the finding: a candidate the whole scan did not confirm (e.g. a config value no code uses as a key). */
  drop?: boolean;
  /** Only when the finding still has this message id (a candidate, not a finding another report replaced it with). */
  replaces?: string;
}

/**
 * Answers a rule may keep between scans (in the result cache), for expensive checks whose answer
 * depends only on the question: e.g. "is the token with this digest signed by a key on the public
 * list?". Keys and values must never carry key material (use digests); without a cache it forgets.
 */
export interface RuleMemo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/** A memo that remembers nothing (no cache). */
export const FORGETFUL_MEMO: RuleMemo = { get: () => undefined, set: () => {} };

export interface AfterScanContext {
  /** Every fact this rule shared, from every file of the scan, in file order. */
  readonly facts: readonly SharedFact[];
  readonly memo: RuleMemo;
  /** Changes the message (and level) of this rule's finding at the fact's anchor. */
  amend(fact: SharedFact, amendment: FindingAmendment): void;
}

/**
 * A key literal as the whole scan knows it, for `afterFindings`: a place where some rule reported a
 * hardcoded key, or where a rule noted a key use, or both.
 */
export interface KeyPlace {
  file: string;
  region: Region;
  /**
   * Equal for equal key values, within this scan only: an HMAC under a random salt drawn for the scan,
   * never stored, printed or cached (see engine/key-digest.ts).
   */
  digest: string;
  /** PEM private key material. */
  privateKey: boolean;
  /** In test or example code (see src/test-code/). */
  inTest: boolean;
  /** The reported finding at this literal, if any (one per literal; `problems` lists every rule that found it). */
  finding?: Pick<Finding, 'ruleId' | 'level' | 'related' | 'problems' | 'history'>;
  /** What rules noted about the literal's uses. */
  uses: readonly KeyUse[];
}

export interface AfterFindingsReport {
  messageId: string;
  data?: Record<string, string | number>;
  level?: Level;
  /** Where the finding goes: a place with a finding (its code frame is reused, never rebuilt from the key). */
  at: KeyPlace;
  related: RelatedLocation[];
}

export interface AfterFindingsContext {
  /** Every literal with a finding, and every other place holding one of their keys, in file, line and column order. */
  readonly places: readonly KeyPlace[];
  /** The service (workspace package or app) a base-relative file belongs to: its directory; undefined outside one. */
  serviceOf(file: string): string | undefined;
  /** Adds a finding of this rule. */
  report(descriptor: AfterFindingsReport): void;
}

export interface TextRuleContext {
  readonly file: string;
  readonly source: string;
  readonly settings: RuleSettings;
  report(descriptor: TextReportDescriptor): void;
}

/** One value of a configuration file (.env, JSON, YAML), as its parser found it. */
export interface ConfigEntry {
  /** The environment variable name (`env` entries) or the last key of the path. */
  name: string;
  /** The keys from the document root to the value (for `env` entries in YAML, where it sits). */
  path: readonly string[];
  /** The value as the program will see it (quotes removed, escapes and base64 decoded). */
  value: string;
  /** 0-based offsets of the value's text in the file (with its quotes, if any). */
  start: number;
  end: number;
  /** `env`: an environment variable assignment (.env line, compose environment, Kubernetes env); `key`: a setting at a key path. */
  form: 'env' | 'key';
}

export type ConfigFileKind = 'dotenv' | 'json' | 'yaml';

/** What a config file is for, from its name: the level of a key found in it depends on it. */
export type ConfigEnvironment = 'production' | 'default' | 'development' | 'test' | 'template';

export interface ConfigReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  entry: ConfigEntry;
  level?: Level;
  /** Bytes the key has as the library uses it (UTF-8 of the value by default). */
  byteLength?: number;
}

export interface ConfigRuleContext {
  readonly file: string;
  readonly source: string;
  readonly kind: ConfigFileKind;
  readonly environment: ConfigEnvironment;
  readonly entries: readonly ConfigEntry[];
  readonly settings: RuleSettings;
  report(descriptor: ConfigReportDescriptor): void;
  /** Like RuleContext.share; the anchor is the entry's value (the finding reported for it). */
  share(data: unknown, anchor?: ConfigEntry): void;
  /** Like RuleContext.noteKeyUse, for an entry's value (a config value has no call: no sink). */
  noteKeyUse(use: { entry: ConfigEntry; use: string; label: string; tags?: Readonly<Record<string, string>> }): void;
  /** The 1-based region of an entry's value. */
  regionOf(entry: ConfigEntry): Region;
}

export interface RuleMeta<MessageId extends string = string> {
  /** Kebab-case, equal to the file name in `rules/`, stable forever. */
  id: string;
  /** PascalCase name used as SARIF `name`. */
  name: string;
  /** Sentence case, no trailing period: the alert title. */
  shortDescription: string;
  /** One to three sentences, ending with a period. */
  fullDescription: string;
  /** Markdown: Why it matters, How to fix (incorrect/correct), When it is not a problem, References. */
  help: string;
  tags: readonly string[];
  level: Level;
  /** 0.1–10 (GitHub bands: ≥9 critical, 7–8.9 high, 4–6.9 medium, <4 low). */
  securitySeverity: number;
  precision: Precision;
  /**
   * Templates with `{{placeholder}}`; placeholders never carry key material. `{{key}}` is filled by
   * the engine with the redacted form of the key (a short prefix of long keys and the byte length).
   */
  messages: Record<MessageId, string>;
  /**
   * Case-insensitive: a file containing none of them (nor a `keywordPatterns` match) cannot produce
   * a finding of this rule.
   */
  keywords: readonly string[];
  /** More keywords from the project settings (the names of config sinks). */
  settingsKeywords?: (settings: RuleSettings) => readonly string[];
  /**
   * Case-sensitive patterns that fit what the rule looks for better than a word does (a token's
   * `eyJ...` header, a JWK's `kty` member): a file that matches one is a candidate too. A file that
   * merely mentions the word (`symlinkType`, base64 that happens to hold `eyA`) is then not parsed.
   */
  keywordPatterns?: readonly RegExp[];
  /**
   * What a configuration file (JSON, YAML) must contain for the rule's `scanConfig` to read it (a
   * single regular expression run over the text); `.env` files are always read (they are few and
   * small). Without `scanConfig`, unused.
   */
  configPattern?: RegExp;
  /**
   * Rules whose finding on the same literal makes this rule's finding redundant (a name-based
   * guess gives way to a proven flow). Applied scan-wide, after every file.
   */
  supersededBy?: readonly string[];
}

export interface Rule<MessageId extends string = string> extends RuleMeta<MessageId> {
  create(context: RuleContext): Visitor;
  /** Runs instead of `create` on files that could not be parsed. */
  scanText?(context: TextRuleContext): void;
  /** Runs on configuration files (.env, JSON, YAML), with the entries their parser found. */
  scanConfig?(context: ConfigRuleContext): void;
  /** Runs once after every file, with the facts the rule shared: for work that needs the whole scan. */
  afterScan?(context: AfterScanContext): void;
  /**
   * For `scan --shard`, which analyses only part of the files: given facts this rule shared, the words
   * a file must contain for its facts to change what `afterScan` does to these facts' findings (a text
   * gate). Undefined, or no such method on a rule with `afterScan`: any file may.
   */
  supportWords?(facts: readonly SharedFact[]): readonly string[] | undefined;
  /**
   * Runs once on the final findings (after test-code down-ranking) and the noted key uses, compared by
   * salted digest: for findings about the same key in several places. Its findings are added as they are.
   */
  afterFindings?(context: AfterFindingsContext): void;
}

export type AnyRule = Rule<string>;

/** Identity function for type inference of message ids, in the spirit of typescript-eslint's `createRule`. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

export type { NodePath, Visitor };
