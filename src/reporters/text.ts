import type { Diagnostic, Finding, Level } from '../rule.js';
import type { ScanResult } from '../scan.js';
import { reportedFindings, suppressedCount, type ReportContext, type Reporter } from './types.js';

const COLORS: Record<Level | 'dim' | 'bold', string> = { error: '31', warning: '33', note: '36', dim: '2', bold: '1' };

/** Control characters in a file name could drive the terminal; they are shown escaped instead. */
export function safeForTerminal(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export const textReporter: Reporter = {
  name: 'text',
  format(result: ScanResult, context: ReportContext): string {
    const paint = (style: keyof typeof COLORS, text: string) => (context.color ? `\u001b[${COLORS[style]}m${text}\u001b[0m` : text);
    const lines: string[] = [];
    const findings = reportedFindings(result, context);
    for (const finding of findings) lines.push(...formatFinding(finding, paint));
    if (!context.quiet) {
      for (const diagnostic of result.diagnostics) lines.push(formatDiagnostic(diagnostic, paint));
      lines.push(...staleEntries(result, paint));
      if (lines.length > 0) lines.push('');
      lines.push(summary(result, findings, paint));
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  },
};

type Paint = (style: keyof typeof COLORS, text: string) => string;

function formatFinding(f: Finding, paint: Paint): string[] {
  const where = `${safeForTerminal(f.file)}:${f.region.start.line}:${f.region.start.column}`;
  const suppressed = f.suppression ? ` (suppressed${f.suppression.justification ? `: ${safeForTerminal(f.suppression.justification)}` : ''})` : '';
  const also = (f.problems ?? []).filter((id) => id !== f.ruleId);
  const rule = also.length > 0 ? `${f.ruleId} (also ${also.join(', ')})` : f.ruleId;
  const head = `${paint('bold', where)}  ${paint(f.level, f.level)}  ${rule}  ${safeForTerminal(f.message)}${suppressed}`;
  const gutter = String(f.region.start.line).padStart(6);
  const frame = paint('dim', `${gutter} | ${safeForTerminal(f.maskedLine)}`);
  const related = f.related.map((r) => {
    const at = r.file && r.file !== f.file ? `${safeForTerminal(r.file)}:${r.region.start.line}:${r.region.start.column}` : `line ${r.region.start.line}:${r.region.start.column}`;
    return paint('dim', `       ↳ ${r.role === 'copy' ? '' : 'key of '}${safeForTerminal(r.label)} at ${at}`);
  });
  return [head, frame, ...related, ...historyLine(f, paint)];
}

/** scan --history: where the key came from; a key gone from HEAD is still in the history, so it must be rotated. */
function historyLine(f: Finding, paint: Paint): string[] {
  if (!f.history) return [];
  const added = `       ↳ added in commit ${f.history.commit.slice(0, 12)} (${f.history.date.slice(0, 10)})`;
  if (f.history.presentAtHead) return [paint('dim', `${added}, still present at HEAD`)];
  return [`${paint('dim', added)}${paint('bold', ', removed from HEAD — still leaked, rotate it')}`];
}

function formatDiagnostic(d: Diagnostic, paint: Paint): string {
  const where = d.line ? `${safeForTerminal(d.file)}:${d.line}` : safeForTerminal(d.file);
  return `${paint('bold', where)}  ${paint(d.level, d.level)}  ${d.kind}  ${safeForTerminal(d.message)}`;
}

function summary(result: ScanResult, findings: Finding[], paint: Paint): string {
  const count = (level: Level) => findings.filter((f) => f.level === level && !f.suppression).length;
  const n = findings.filter((f) => !f.suppression).length;
  const files = `${result.stats.filesListed} file${result.stats.filesListed === 1 ? '' : 's'} scanned${breakdown(result.stats)}`;
  const hidden = suppressedCount(result);
  const baseline = result.baseline
    ? `, ${result.baseline.hidden} hidden by the baseline${staleNote(result.baseline.stale.length)}${swappedNote(result.baseline.swapped.length)}`
    : '';
  const diag =
    (hidden > 0 ? `, ${hidden} suppressed` : '') +
    baseline +
    (result.diagnostics.length > 0 ? `, ${result.diagnostics.length} diagnostic${result.diagnostics.length === 1 ? '' : 's'}` : '');
  if (n === 0) return `No JWT key findings (${files}${diag}).`;
  const parts = (['error', 'warning', 'note'] as const).filter((l) => count(l) > 0).map((l) => `${count(l)} ${l}${count(l) === 1 ? '' : 's'}`);
  return paint('bold', `${n} finding${n === 1 ? '' : 's'} (${parts.join(', ')}) in ${files}${diag}.`);
}

/** Baseline entries no finding matches any more, listed (a count alone does not say what to remove). */
function staleEntries(result: ScanResult, paint: Paint): string[] {
  const stale = result.baseline?.stale ?? [];
  const shown = stale.slice(0, STALE_SHOWN).map(
    (entry) => `${paint('bold', safeForTerminal(entry.path))}  ${paint('note', 'note')}  stale-baseline  baseline entry ${entry.fingerprint.slice(0, 12)} (${entry.ruleId}) matches no finding any more`,
  );
  if (stale.length > STALE_SHOWN) shown.push(paint('dim', `… and ${stale.length - STALE_SHOWN} more stale baseline entries`));
  return shown;
}

const STALE_SHOWN = 20;

/**
 * What happened to the files listed, when not all were analysed: ` [3 analysed, 8 without a JWT
 * keyword, 1 by the text pass only, 1 not read]` (the diagnostics say why a file was not read).
 */
function breakdown(stats: ScanResult['stats']): string {
  const keywordFree = stats.filesSkippedByKeywords ?? 0;
  const textPass = stats.filesTextPass ?? 0;
  // A text-passed file whose result came from the cache counts in both filesCached and filesTextPass.
  const cached = Math.max(0, Math.min(stats.filesCached ?? 0, stats.filesListed - stats.filesParsed - keywordFree - textPass));
  const analysed = stats.filesParsed + cached;
  const notRead = Math.max(0, stats.filesListed - analysed - keywordFree - textPass);
  if (analysed >= stats.filesListed) return '';
  const parts = [
    [analysed, 'analysed'],
    [keywordFree, 'without a JWT keyword'],
    [textPass, 'by the text pass only'],
    [notRead, 'not read'],
  ] as const;
  return ` [${parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`).join(', ')}]`;
}

function swappedNote(swapped: number): string {
  if (swapped === 0) return '';
  return `, ${swapped} at a baselined place with a different key than the baseline recorded (reported as new)`;
}

function staleNote(stale: number): string {
  if (stale === 0) return '';
  return ` (${stale} baseline ${stale === 1 ? 'entry no longer matches' : 'entries no longer match'}: refresh it with jwtscan baseline)`;
}
