/**
 * Inline suppressions, in comments only:
 *   // jwtscan-ignore-next-line [rule-id, …] -- reason     the next line
 *   code(); // jwtscan-ignore [rule-id, …] -- reason        its own line
 *   /* jwtscan-ignore-next-line … *\/, {/* … *\/} in JSX     the same, as block comments
 * Without rule ids the directive covers every rule. A directive that suppresses nothing, or names a
 * rule that does not exist, is reported as a diagnostic (as ESLint reports unused disable directives).
 */
import { regionMap } from '../analysis/text-calls.js';
import type { Diagnostic, Finding } from '../rule.js';
import { SourceText } from './source-text.js';

// Up to the end of the comment or of the line, whatever the line terminator.
const DIRECTIVE = /jwtscan-ignore(-next-line)?\b([^\n\r\u2028\u2029*]*?)(?:\*\/|[\n\r\u2028\u2029]|$)/g;
const RULE_ID = /^[a-z][a-z0-9-]{0,63}$/;

interface Directive {
  /** Line of the comment (1-based). */
  line: number;
  /** Line the directive applies to. */
  target: number;
  ruleIds: string[];
  justification: string;
  used: boolean;
}

/** Which comments hold directives: JavaScript's, or `#` comments (.env, YAML). */
export type CommentSyntax = 'js' | 'hash';

/** `#` starts a comment at the start of a line or after whitespace (dotenv, Compose and YAML agree on that much). */
function hashCommentRegions(source: string): (offset: number) => string {
  const starts: number[] = [];
  for (const m of source.matchAll(/(?:^|[ \t])#/gm)) starts.push(m.index + m[0].length - 1);
  return (offset) => {
    const lineStart = Math.max(source.lastIndexOf('\n', offset - 1), source.lastIndexOf('\r', offset - 1)) + 1;
    return starts.some((s) => s >= lineStart && s < offset) ? 'comment' : 'code';
  };
}

export function parseSuppressions(source: string, syntax: CommentSyntax = 'js'): Directive[] {
  if (!source.includes('jwtscan-ignore')) return [];
  const regionAt = syntax === 'hash' ? hashCommentRegions(source) : regionMap(source);
  const text = new SourceText(source);
  const out: Directive[] = [];
  for (const m of source.matchAll(DIRECTIVE)) {
    if (regionAt(m.index) !== 'comment') continue;
    const line = text.position(m.index).line;
    const [ids = '', ...reason] = m[2]!.split(' -- ');
    const ruleIds = ids
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter(Boolean);
    out.push({ line, target: m[1] ? line + 1 : line, ruleIds, justification: reason.join(' -- ').trim(), used: false });
  }
  return out;
}

/**
 * Marks suppressed findings; returns diagnostics for unused directives and unknown rule ids.
 * `knownRuleIds` is every rule jwtscan has; `enabledRuleIds` the ones that ran, so a directive for a
 * rule switched off in the config is neither unknown nor unused.
 */
export function applySuppressions(
  file: string,
  source: string,
  findings: Finding[],
  knownRuleIds: ReadonlySet<string>,
  enabledRuleIds: ReadonlySet<string>,
  syntax: CommentSyntax = 'js',
): { findings: Finding[]; diagnostics: Diagnostic[] } {
  const directives = parseSuppressions(source, syntax);
  if (directives.length === 0) return { findings, diagnostics: [] };
  const marked = findings.map((finding) => {
    const directive = directives.find(
      (d) => d.target === finding.region.start.line && (d.ruleIds.length === 0 || d.ruleIds.includes(finding.ruleId)),
    );
    if (!directive) return finding;
    directive.used = true;
    return { ...finding, suppression: { justification: directive.justification } };
  });
  const diagnostics: Diagnostic[] = [];
  for (const d of directives) {
    const unknown = d.ruleIds.filter((id) => !knownRuleIds.has(id));
    if (unknown.length > 0) {
      // Comment text is echoed only when it is plainly one of our rule ids mistyped: anything else
      // in a comment (a key, commented-out code) must not reach the report.
      const named = unknown.filter((id) => RULE_ID.test(id) && id.startsWith('jwt-'));
      const other = unknown.length - named.length;
      const parts = [...(named.length > 0 ? [`unknown rule ${named.join(', ')}`] : []), ...(other > 0 ? [`${other} word${other === 1 ? '' : 's'} that ${other === 1 ? 'is' : 'are'} not a rule id (put a reason after " -- ")`] : [])];
      diagnostics.push({ kind: 'unknown-suppression', level: 'warning', file, line: d.line, message: `jwtscan-ignore names ${parts.join(' and ')}` });
    } else if (!d.used && (d.ruleIds.length === 0 || d.ruleIds.some((id) => enabledRuleIds.has(id)))) {
      diagnostics.push({ kind: 'unused-suppression', level: 'warning', file, line: d.line, message: 'jwtscan-ignore suppresses nothing here; remove it' });
    }
  }
  return { findings: marked, diagnostics };
}
