/**
 * Collects what the rules report for one file and turns it into `Finding`s: positions, redaction,
 * rendered messages, de-duplication (one finding per rule and key literal, with every JWT call it
 * reaches as a related location), ordering and fingerprints. The key value is used here to redact
 * and scrub, and dropped.
 */
import type { Node } from '@babel/types';
import type {
  AnyRule,
  ConfigEntry,
  ConfigReportDescriptor,
  DerivedSink,
  Diagnostic,
  Finding,
  FlowLocation,
  KeyUse,
  KeyUseDescriptor,
  Region,
  RelatedLocation,
  ReportDescriptor,
  SharedFact,
  SourceFile,
  TextReportDescriptor,
} from '../rule.js';
import { compareStrings } from '../util/compare.js';
import { nodeRegion } from '../ast/node-region.js';
import { regionMap } from '../analysis/text-calls.js';
import { fingerprint } from './fingerprint.js';
import { formatRedaction, redact, renderMessage, scrubData } from './redact.js';
import { maskStrings, scrubSecrets, SourceText } from './source-text.js';

type Unfingerprinted = Omit<Finding, 'fingerprint'>;

export class FileReport {
  readonly diagnostics: Diagnostic[] = [];
  /** Facts rules shared for their after-scan step, by rule id. */
  readonly shared: Record<string, SharedFact[]> = {};
  private readonly findings = new Map<string, Unfingerprinted>();
  private readonly text: SourceText;
  /** The keys reported in this file: scrubbed from every code line before it leaves the file. Dropped with the report. */
  private readonly secrets = new Set<string>();
  private readonly foreignTexts = new Map<string, SourceText>();

  constructor(
    readonly file: string,
    source: string,
  ) {
    this.text = new SourceText(source);
  }

  addNodeFinding(rule: AnyRule, descriptor: ReportDescriptor): void {
    const region = nodeRegion(descriptor.keyNode);
    if (!region) return;
    // A key imported from another module is reported where it is written, with this file's call as related location.
    const home = descriptor.keyFile && descriptor.keyFile.file !== this.file ? descriptor.keyFile : undefined;
    const sinkRegion = descriptor.sinkNode && nodeRegion(descriptor.sinkNode);
    const sink = sinkRegion && { label: descriptor.sinkLabel ?? 'JWT call', region: sinkRegion, ...(home ? { file: this.file } : {}) };
    const homeFile = home?.file ?? this.file;
    const flow = sink && this.flowOf(descriptor, homeFile, region, sink);
    this.add(rule, descriptor, { file: homeFile, text: home ? this.textOf(home) : this.text }, region, sink ? [sink] : [], false, flow);
  }

  /** literal -> hops -> sink, when the key does not sit at the sink itself. */
  private flowOf(descriptor: ReportDescriptor, homeFile: string, region: Region, sink: RelatedLocation): FlowLocation[] | undefined {
    const hops = descriptor.flow ?? [];
    if (hops.length === 0 && homeFile === this.file && !descriptor.flowBeyond) return undefined;
    const steps: FlowLocation[] = [{ label: 'key literal', file: homeFile, region }];
    for (const hop of hops) {
      const hopRegion = nodeRegion(hop.node);
      if (hopRegion) steps.push({ label: hop.label, file: hop.file?.file ?? this.file, region: hopRegion });
    }
    steps.push({ label: `key of ${sink.label}`, file: this.file, region: sink.region });
    // Inside a wrapper of the project (a derived sink): from its parameter on to the JWT call.
    steps.push(...(descriptor.flowBeyond ?? []));
    return steps;
  }

  private textOf(file: SourceFile): SourceText {
    let text = this.foreignTexts.get(file.file);
    if (!text) this.foreignTexts.set(file.file, (text = new SourceText(file.source)));
    return text;
  }

  addTextFinding(rule: AnyRule, descriptor: TextReportDescriptor): void {
    const { candidate } = descriptor;
    const region = { start: this.text.position(candidate.start), end: this.text.position(candidate.end) };
    const sinkRegion = { start: this.text.position(candidate.sinkStart), end: this.text.position(candidate.sinkEnd) };
    this.add(rule, descriptor, { file: this.file, text: this.text }, region, [{ label: candidate.sinkLabel, region: sinkRegion }], true);
  }

  /** Keys of findings reported as provisional (see ReportDescriptor.provisional). */
  private readonly provisional = new Set<string>();

  /** Wrappers of the project whose parameter reaches a JWT key, by their identity (file, export, position). */
  readonly derivedSinks = new Map<string, DerivedSink>();

  deriveSink(sink: DerivedSink): void {
    const id = `${sink.file}\0${sink.export}\0${sink.method ?? ''}\0${sink.arg}\0${sink.property ?? ''}`;
    if (!this.derivedSinks.has(id)) this.derivedSinks.set(id, sink);
  }

  /** Key uses rules noted (positions, labels and redaction only), for the afterFindings step. */
  readonly keyUses: KeyUse[] = [];

  noteKeyUse(descriptor: KeyUseDescriptor): void {
    const region = nodeRegion(descriptor.keyNode);
    if (!region) return;
    const file = descriptor.keyFile && descriptor.keyFile.file !== this.file ? descriptor.keyFile.file : this.file;
    const sinkRegion = descriptor.sinkNode && nodeRegion(descriptor.sinkNode);
    const use: KeyUse = {
      file,
      region,
      use: descriptor.use,
      label: descriptor.label,
      ...(sinkRegion ? { sink: { file: this.file, region: sinkRegion } } : {}),
      ...(descriptor.tags ? { tags: { ...descriptor.tags } } : {}),
      redacted: redact(descriptor.keyValue, descriptor.byteLength ?? Buffer.byteLength(descriptor.keyValue, 'utf8')),
    };
    const id = JSON.stringify(use);
    if (this.keyUseIds.has(id)) return;
    this.keyUseIds.add(id);
    this.keyUses.push(use);
  }

  private readonly keyUseIds = new Set<string>();

  share(rule: AnyRule, data: unknown, anchorNode?: Node): void {
    const anchor = anchorNode && nodeRegion(anchorNode)?.start;
    (this.shared[rule.id] ??= []).push({ file: this.file, ...(anchor ? { anchor } : {}), data });
  }

  /** A value of a configuration file: located by offsets; its line is shown with the value masked. */
  addConfigFinding(rule: AnyRule, descriptor: ConfigReportDescriptor): void {
    const { entry } = descriptor;
    const region = { start: this.text.position(entry.start), end: this.text.position(entry.end) };
    // The frame is built from the entry's name, never from the line: a line can hold other values
    // (a session password beside the JWT key in a YAML flow map), quoted or not.
    const name = entry.form === 'env' ? entry.name : entry.path.join('.');
    const masked = `${name.replace(/[^\w.:-]/g, '_')}: '…'`;
    this.add(rule, { ...descriptor, keyValue: entry.value }, { file: this.file, text: this.text }, region, [], false, undefined, masked, false);
  }

  /** A config entry's value as a key use (no sink); see noteKeyUse. */
  noteConfigKeyUse({ entry, use, label, tags }: { entry: ConfigEntry; use: string; label: string; tags?: Readonly<Record<string, string>> }): void {
    const region = { start: this.text.position(entry.start), end: this.text.position(entry.end) };
    this.keyUses.push({ file: this.file, region, use, label, ...(tags ? { tags: { ...tags } } : {}), redacted: redact(entry.value, Buffer.byteLength(entry.value, 'utf8')) });
  }

  shareAt(rule: AnyRule, data: unknown, offset?: number): void {
    const anchor = offset === undefined ? undefined : this.text.position(offset);
    (this.shared[rule.id] ??= []).push({ file: this.file, ...(anchor ? { anchor } : {}), data });
  }

  addDiagnostic(diagnostic: Omit<Diagnostic, 'file'>): void {
    this.diagnostics.push({ ...diagnostic, file: this.file });
  }

  private add(
    rule: AnyRule,
    descriptor: Omit<ReportDescriptor, 'keyNode' | 'sinkNode' | 'flow' | 'keyFile'>,
    at: { file: string; text: SourceText },
    region: Region,
    related: RelatedLocation[],
    fromFallback: boolean,
    flow?: FlowLocation[],
    maskedLine?: string,
    /** False when nothing this report prints is taken from source lines (config frames): no need to scrub for this value. */
    scrubbed = true,
  ): void {
    // One finding per rule and literal, however many calls it reaches.
    const key = [rule.id, at.file, region.start.line, region.start.column, region.end.line, region.end.column].join(':');
    const existing = this.findings.get(key);
    // A provisional report (a candidate the cross-file step confirms or drops) gives way to a definite one.
    if (existing && !(this.provisional.has(key) && !descriptor.provisional)) {
      mergeRelated(existing.related, related);
      return;
    }
    if (descriptor.provisional) this.provisional.add(key);
    else this.provisional.delete(key);
    const template = rule.messages[descriptor.messageId];
    if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${descriptor.messageId}"`);
    const value = descriptor.keyValue;
    if (scrubbed) this.secrets.add(value);
    const byteLength = descriptor.byteLength ?? Buffer.byteLength(value, 'utf8');
    const redacted = redact(value, byteLength);
    this.findings.set(key, {
      ruleId: rule.id,
      messageId: descriptor.messageId,
      message: renderMessage(template, { ...scrubData(descriptor.data, value), key: formatRedaction(redacted) }),
      level: descriptor.level ?? rule.level,
      file: at.file,
      region,
      related,
      ...(flow ? { flow } : {}),
      redacted,
      // Cut to length only in finish(), after every reported key is scrubbed: a cut could leave part of one.
      maskedLine: maskedLine ?? maskStrings(at.text.line(region.start.line), openQuoteAt(at.text, region.start.line)).trim(),
      fromFallback,
    });
  }

  /** Findings in position order with fingerprints (also those reported in other modules). */
  finish(): Finding[] {
    // Labels come from code (names, specifiers, `app.get('…')` arguments): a key used as a name must not slip through them.
    const scrub = (text: string) => scrubSecrets(text, this.secrets);
    return withFingerprints(
      [...this.findings.values()].map((f) => ({
        ...f,
        maskedLine: truncate(safeFrame(scrub(f.maskedLine))),
        related: f.related.map((r) => ({ ...r, label: scrub(r.label) })),
        ...(f.flow ? { flow: f.flow.map((step) => ({ ...step, label: scrub(step.label) })) } : {}),
      })),
    );
  }
}

const MAX_LINE = 240;

/** The quote of the string literal a line starts inside, if any (a line break inside a literal: U+2028, templates). */
function openQuoteAt(text: SourceText, line: number): string | undefined {
  const start = text.lineStart(line);
  if (start === undefined || start === 0) return undefined;
  const regions = regionsOf(text);
  if (regions(start) !== 'string') return undefined;
  let j = start;
  while (j > 0 && regions(j - 1) === 'string') j--;
  const quote = text.text[j];
  return quote === '"' || quote === "'" || quote === '`' ? quote : undefined;
}

const regionCache = new WeakMap<SourceText, (offset: number) => string>();

function regionsOf(text: SourceText): (offset: number) => string {
  let regions = regionCache.get(text);
  if (!regions) regionCache.set(text, (regions = regionMap(text.text)));
  return regions;
}

/**
 * Last line of defence for code frames: after masking, every quote must stand in a `'…'` pair. A
 * stray one means the line-local masker lost track (a construct it cannot read), so the frame is cut
 * before it rather than risk showing a string it failed to mask.
 */
function safeFrame(masked: string): string {
  // Pairs are blanked, not removed, so the stray quote's offset is its offset in the frame.
  const cut = masked.replace(/(['"`])\u2026\1/g, (pair) => ' '.repeat(pair.length)).search(/['"`]/);
  return cut < 0 ? masked : `${masked.slice(0, cut)}…`;
}

function truncate(masked: string): string {
  return masked.length > MAX_LINE ? `${masked.slice(0, MAX_LINE)}…` : masked;
}

/** Adds the locations not yet in `into` (same file and region). */
export function mergeRelated(into: RelatedLocation[], more: readonly RelatedLocation[]): void {
  for (const loc of more) {
    if (!into.some((r) => r.file === loc.file && sameRegion(r.region, loc.region))) into.push(loc);
  }
}

/** What ordering and fingerprinting a finding reads. */
export type Fingerprintable = Pick<Finding, 'file' | 'region' | 'ruleId' | 'messageId' | 'maskedLine'>;

/** Sorted, with fingerprints; same-shaped findings of a file are told apart by ordinal (within a namespace, see `fingerprint`). */
export function withFingerprints<T extends Fingerprintable>(findings: readonly T[], namespace?: (finding: T) => string | undefined): (T & { fingerprint: string })[] {
  const sorted = [...findings].sort(compareFindings);
  const seen = new Map<string, number>();
  return sorted.map((f) => {
    const space = namespace?.(f);
    const shapeKey = [f.file, f.maskedLine.replace(/\s+/g, ''), space ?? ''].join('\0');
    const ordinal = seen.get(shapeKey) ?? 0;
    seen.set(shapeKey, ordinal + 1);
    return { ...f, fingerprint: fingerprint(f.file, f.maskedLine, ordinal, space) };
  });
}

function sameRegion(a: Region, b: Region): boolean {
  return a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}

/** The report's order of diagnostics: by file, line, kind (a stable sort keeps the rest as found). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareStrings(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.kind, b.kind);
}

export function compareFindings(a: Omit<Fingerprintable, 'maskedLine'>, b: Omit<Fingerprintable, 'maskedLine'>): number {
  return (
    compareStrings(a.file, b.file) ||
    a.region.start.line - b.region.start.line ||
    a.region.start.column - b.region.start.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.messageId, b.messageId)
  );
}
