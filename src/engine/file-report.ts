/**
 * Collects what the rules report for one file and turns it into `Finding`s: positions, redaction,
 * rendered messages, de-duplication (one finding per rule and key literal, with every JWT call it
 * reaches as a related location), ordering and fingerprints. The key value is used here to redact
 * and scrub, and dropped.
 */
import type { Node } from '@babel/types';
import type {
  AnyRule,
  Diagnostic,
  Finding,
  Region,
  RelatedLocation,
  ReportDescriptor,
  SharedFact,
  TextReportDescriptor,
} from '../rule.js';
import { compareStrings } from '../util/compare.js';
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

  constructor(
    readonly file: string,
    source: string,
  ) {
    this.text = new SourceText(source);
  }

  addNodeFinding(rule: AnyRule, descriptor: ReportDescriptor): void {
    const region = nodeRegion(descriptor.keyNode);
    if (!region) return;
    const sink = descriptor.sinkNode && nodeRegion(descriptor.sinkNode);
    const related = sink ? [{ label: descriptor.sinkLabel ?? 'JWT call', region: sink }] : [];
    this.add(rule, descriptor, region, related, false);
  }

  addTextFinding(rule: AnyRule, descriptor: TextReportDescriptor): void {
    const { candidate } = descriptor;
    const region = { start: this.text.position(candidate.start), end: this.text.position(candidate.end) };
    const sinkRegion = { start: this.text.position(candidate.sinkStart), end: this.text.position(candidate.sinkEnd) };
    this.add(rule, descriptor, region, [{ label: candidate.sinkLabel, region: sinkRegion }], true);
  }

  share(rule: AnyRule, data: unknown, anchorNode?: Node): void {
    const anchor = anchorNode && nodeRegion(anchorNode)?.start;
    (this.shared[rule.id] ??= []).push({ file: this.file, ...(anchor ? { anchor } : {}), data });
  }

  addDiagnostic(diagnostic: Omit<Diagnostic, 'file'>): void {
    this.diagnostics.push({ ...diagnostic, file: this.file });
  }

  private add(
    rule: AnyRule,
    descriptor: Omit<ReportDescriptor, 'keyNode' | 'sinkNode'>,
    region: Region,
    related: RelatedLocation[],
    fromFallback: boolean,
  ): void {
    const key = [rule.id, descriptor.messageId, region.start.line, region.start.column, region.end.line, region.end.column].join(':');
    const existing = this.findings.get(key);
    if (existing) {
      for (const loc of related) {
        if (!existing.related.some((r) => sameRegion(r.region, loc.region))) existing.related.push(loc);
      }
      return;
    }
    const template = rule.messages[descriptor.messageId];
    if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${descriptor.messageId}"`);
    const value = descriptor.keyValue;
    this.secrets.add(value);
    const byteLength = descriptor.byteLength ?? Buffer.byteLength(value, 'utf8');
    const redacted = redact(value, byteLength);
    this.findings.set(key, {
      ruleId: rule.id,
      messageId: descriptor.messageId,
      message: renderMessage(template, { ...scrubData(descriptor.data, value), key: formatRedaction(redacted) }),
      level: descriptor.level ?? rule.level,
      file: this.file,
      region,
      related,
      redacted,
      maskedLine: maskedLine(this.text.line(region.start.line)),
      fromFallback,
    });
  }

  /** Findings in position order with fingerprints; same-shaped findings are told apart by ordinal. */
  finish(): Finding[] {
    const sorted = [...this.findings.values()]
      .map((f) => ({ ...f, maskedLine: scrubSecrets(f.maskedLine, this.secrets) }))
      .sort(compareFindings);
    const seen = new Map<string, number>();
    return sorted.map((f) => {
      const shapeKey = [f.ruleId, f.maskedLine.replace(/\s+/g, '')].join('\0');
      const ordinal = seen.get(shapeKey) ?? 0;
      seen.set(shapeKey, ordinal + 1);
      return { ...f, fingerprint: fingerprint(f.ruleId, f.file, f.maskedLine, ordinal) };
    });
  }
}

const MAX_LINE = 240;

function maskedLine(line: string): string {
  const masked = maskStrings(line).trim();
  return masked.length > MAX_LINE ? `${masked.slice(0, MAX_LINE)}…` : masked;
}

function nodeRegion(node: Node): Region | undefined {
  const loc = node.loc;
  if (!loc) return undefined;
  // Babel columns are 0-based UTF-16 code units; reports are 1-based. Converted here, once.
  return {
    start: { line: loc.start.line, column: loc.start.column + 1 },
    end: { line: loc.end.line, column: loc.end.column + 1 },
  };
}

function sameRegion(a: Region, b: Region): boolean {
  return a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}

export function compareFindings(a: Omit<Finding, 'fingerprint'>, b: Omit<Finding, 'fingerprint'>): number {
  return (
    compareStrings(a.file, b.file) ||
    a.region.start.line - b.region.start.line ||
    a.region.start.column - b.region.start.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.messageId, b.messageId)
  );
}
