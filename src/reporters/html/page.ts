/**
 * The HTML report as one string: summary, findings grouped by file (masked code line, the key's way
 * to the JWT call step by step, the calls it reaches, its commit with --history), diagnostics and
 * baseline notes. Every piece of scanned-repository text goes through `html()`; the page holds only
 * what the other reports hold (redacted messages, masked lines), never key material.
 */
import type { Diagnostic, Finding, Region, RuleMeta } from '../../rule.js';
import type { ScanResult } from '../../scan.js';
import type { ReportContext } from '../types.js';
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from './assets.js';
import { html } from './escape.js';
import { groupByFile, LEVELS, problemsOf, summarize, type CountRow, type FileGroup, type Summary } from './model.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderPage(result: ScanResult, findings: readonly Finding[], context: ReportContext): string {
  const summary = summarize(findings);
  const groups = groupByFile(findings);
  const rules = new Map(context.rules.map((r) => [r.id, r]));
  const title = findings.length === 0 ? 'no findings' : plural(summary.total, 'finding');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>jwtscan report: ${html(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    findings.length > 0 ? '<a class="skip" href="#findings">Skip to the findings</a>' : '',
    '<header>',
    '<h1>jwtscan report</h1>',
    `<p class="verdict" id="verdict">${html(verdict(result, summary, findings.length))}</p>`,
    `<p class="muted">jwtscan ${html(context.toolVersion)}. Keys are never shown: a key appears as its byte length, plus its first two characters when it is long, and every string on a code line is masked.</p>`,
    '</header>',
    '<main>',
    findings.length > 0 ? summarySection(summary, rules, context) : '',
    findings.length > 0 ? findingsSection(groups, summary, rules, context) : '',
    diagnosticsSection(result.diagnostics),
    baselineSection(result),
    '</main>',
    findings.length > 0 ? `<script>${SCRIPT}</script>` : '',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function verdict(result: ScanResult, summary: Summary, shown: number): string {
  const files = `${plural(result.stats.filesListed, 'file')} scanned`;
  if (shown === 0) return `No JWT key findings (${files}).`;
  const levels = LEVELS.filter((l) => summary.byLevel[l] > 0).map((l) => plural(summary.byLevel[l], l));
  const suppressed = shown - summary.total;
  return `${plural(summary.total, 'finding')}${levels.length > 0 ? ` (${levels.join(', ')})` : ''} in ${files}${suppressed > 0 ? `, ${suppressed} suppressed shown` : ''}.`;
}

function levelCells(row: CountRow): string {
  return LEVELS.map((l) => `<td class="n">${row.counts[l]}</td>`).join('');
}

const LEVEL_HEADERS = LEVELS.map((l) => `<th scope="col" class="n">${l}s</th>`).join('');

function summarySection(summary: Summary, rules: Map<string, RuleMeta>, context: ReportContext): string {
  const byLevel = LEVELS.map((l) => `<tr><th scope="row"><span class="level level-${l}">${l}</span></th><td class="n">${summary.byLevel[l]}</td></tr>`).join('\n');
  const byRule = summary.byRule
    .map((row) => {
      const description = rules.get(row.name)?.shortDescription;
      return `<tr><th scope="row">${ruleLink(row.name, context)}${description ? `<br><span class="muted">${html(description)}</span>` : ''}</th>${levelCells(row)}<td class="n">${row.total}</td><td class="n">${row.withProblem}</td></tr>`;
    })
    .join('\n');
  const byDirectory = summary.byDirectory.map((row) => `<tr><th scope="row"><code>${html(row.name)}</code></th>${levelCells(row)}<td class="n">${row.total}</td></tr>`).join('\n');
  const notes = [
    summary.inTestCode > 0 ? `${plural(summary.inTestCode, 'finding')} in test, example or demo code (down-ranked to note).` : '',
    summary.fromHistory > 0
      ? `${plural(summary.fromHistory, 'finding')} from the git history; ${summary.removedFromHead} of them no longer at HEAD but still in the history: rotate those keys.`
      : '',
  ].filter(Boolean);
  return [
    '<section aria-labelledby="summary-heading">',
    '<h2 id="summary-heading">Summary</h2>',
    notes.length > 0 ? `<ul class="plain">${notes.map((n) => `<li>${html(n)}</li>`).join('')}</ul>` : '',
    '<div class="tables">',
    `<table id="by-level"><caption>By level</caption><thead><tr><th scope="col">level</th><th scope="col" class="n">findings</th></tr></thead><tbody>\n${byLevel}\n</tbody></table>`,
    `<table id="by-rule"><caption>By rule</caption><thead><tr><th scope="col">rule (reported)</th>${LEVEL_HEADERS}<th scope="col" class="n">total</th><th scope="col" class="n">with this problem</th></tr></thead><tbody>\n${byRule}\n</tbody></table>`,
    `<table id="by-directory"><caption>By directory</caption><thead><tr><th scope="col">directory</th>${LEVEL_HEADERS}<th scope="col" class="n">total</th></tr></thead><tbody>\n${byDirectory}\n</tbody></table>`,
    '</div>',
    '</section>',
  ].join('\n');
}

function ruleLink(ruleId: string, context: ReportContext): string {
  return `<a href="${html(`${context.informationUri}#${ruleId}`)}" rel="noreferrer"><code>${html(ruleId)}</code></a>`;
}

function filterForm(groups: FileGroup[], summary: Summary): string {
  const ruleIds = summary.byRule.map((r) => r.name);
  const option = (value: string, label: string) => `<option value="${html(value)}">${html(label)}</option>`;
  const hasTest = groups.some((g) => g.findings.some((f) => f.inTestPath));
  return [
    '<form id="filters" hidden aria-label="Filter the findings">',
    `<label>Rule <select name="rule" id="filter-rule">${option('', 'all rules')}${ruleIds.map((id) => option(id, id)).join('')}</select></label>`,
    `<label>Level <select name="level" id="filter-level">${option('', 'all levels')}${LEVELS.map((l) => option(l, l)).join('')}</select></label>`,
    `<label>Code <select name="scope" id="filter-scope">${option('', 'all code')}${option('production', 'production code')}${option('test', `test and example code${hasTest ? '' : ' (none)'}`)}</select></label>`,
    '<button type="reset">Show all</button>',
    '<output id="filter-status" role="status" aria-live="polite"></output>',
    '</form>',
    '<noscript><p class="muted">The filters need JavaScript; every finding is listed below.</p></noscript>',
  ].join('\n');
}

function findingsSection(groups: FileGroup[], summary: Summary, rules: Map<string, RuleMeta>, context: ReportContext): string {
  let ordinal = 0;
  const sections = groups.map((group, i) => {
    const fileId = `file-${i + 1}`;
    const articles = group.findings.map((f) => findingArticle(f, ++ordinal, rules, context));
    return [
      `<section class="file" id="${fileId}" aria-labelledby="${fileId}-heading">`,
      `<header><h3 id="${fileId}-heading"><code>${html(group.file)}</code> <span class="muted">(${plural(group.findings.length, 'finding')})</span></h3></header>`,
      ...articles,
      '</section>',
    ].join('\n');
  });
  return ['<section id="findings" aria-labelledby="findings-heading">', '<h2 id="findings-heading">Findings by file</h2>', filterForm(groups, summary), ...sections, '</section>'].join('\n');
}

function at(file: string, region: Region): string {
  return `${file}:${region.start.line}:${region.start.column}`;
}

function findingArticle(f: Finding, ordinal: number, rules: Map<string, RuleMeta>, context: ReportContext): string {
  const id = `finding-${ordinal}`;
  const also = problemsOf(f).filter((p) => p !== f.ruleId);
  const badges = [
    ...also.map((p) => `<span class="badge">also ${html(p)}</span>`),
    f.inTestPath ? '<span class="badge">test code</span>' : '',
    f.fromFallback ? '<span class="badge">text pass (file not parsed)</span>' : '',
    f.suppression ? '<span class="badge">suppressed</span>' : '',
    f.history ? `<span class="badge">${f.history.presentAtHead ? 'in history, at HEAD' : 'in history only'}</span>` : '',
  ].join('');
  const title = rules.get(f.ruleId)?.shortDescription;
  const gutter = String(f.region.start.line).padStart(6);
  const details: string[] = [];
  if (f.inTestPath) details.push(`<dt>Test code</dt><dd>${html(f.testEvidence ?? 'yes')}</dd>`);
  if (f.suppression) details.push(`<dt>Suppressed</dt><dd>${html(f.suppression.justification || 'no justification given')}</dd>`);
  if (f.history) details.push(...historyRows(f.history));
  return [
    `<article class="finding" id="${id}" aria-labelledby="${id}-heading" data-rules="${html(problemsOf(f).join(' '))}" data-level="${f.level}" data-scope="${f.inTestPath ? 'test' : 'production'}"${f.suppression ? ' data-suppressed="true"' : ''}>`,
    `<h4 id="${id}-heading"><span class="level level-${f.level}">${f.level}</span> ${ruleLink(f.ruleId, context)}${title ? ` <span class="muted">${html(title)}</span>` : ''} <span class="muted">at line ${f.region.start.line}:${f.region.start.column}</span>${badges}</h4>`,
    `<p class="message">${html(f.message)}</p>`,
    `<pre class="frame" aria-label="the line, strings masked"><code><span class="gutter">${gutter} | </span>${html(f.maskedLine)}</code></pre>`,
    flowList(f),
    relatedList(f),
    details.length > 0 ? `<dl class="meta">${details.join('')}</dl>` : '',
    '</article>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function flowList(f: Finding): string {
  if (!f.flow || f.flow.length === 0) return '';
  const steps = f.flow.map((step) => `<li><code>${html(at(step.file, step.region))}</code> ${html(step.label)}</li>`);
  return `<p class="muted">The key's way, step by step:</p>\n<ol class="flow">${steps.join('')}</ol>`;
}

/** The JWT calls the key reaches, and (jwt-reused-secret) the other places the same key is written, as the text report tells them apart. */
function relatedList(f: Finding): string {
  const item = (r: Finding['related'][number], prefix: string) => `<li>${prefix}<code>${html(r.label)}</code> at <code>${html(at(r.file ?? f.file, r.region))}</code></li>`;
  const calls = f.related.filter((r) => r.role !== 'copy').map((r) => item(r, 'key of '));
  const copies = f.related.filter((r) => r.role === 'copy').map((r) => item(r, ''));
  return [
    calls.length > 0 ? `<p class="muted">JWT calls the key reaches:</p>\n<ul class="related">${calls.join('')}</ul>` : '',
    copies.length > 0 ? `<p class="muted">Other places of the same key:</p>\n<ul class="related">${copies.join('')}</ul>` : '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function historyRows(history: NonNullable<Finding['history']>): string[] {
  const head = history.presentAtHead
    ? 'still present at HEAD'
    : '<span class="history-removed">removed from HEAD, still in the history: rotate the key</span>';
  return [
    `<dt>Added in commit</dt><dd><code title="${html(history.commit)}">${html(history.commit.slice(0, 12))}</code> (${html(history.date.slice(0, 10))}) as <code>${html(history.path)}</code></dd>`,
    `<dt>At HEAD</dt><dd>${head}</dd>`,
  ];
}

function diagnosticsSection(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return '';
  const rows = diagnostics.map(
    (d) =>
      `<tr><td><code>${html(d.line !== undefined ? `${d.file}:${d.line}` : d.file)}</code></td><td><span class="level level-${d.level}">${d.level}</span></td><td><code>${html(d.kind)}</code></td><td>${html(d.message)}</td></tr>`,
  );
  return [
    '<section id="diagnostics" aria-labelledby="diagnostics-heading">',
    `<h2 id="diagnostics-heading">Diagnostics (${diagnostics.length})</h2>`,
    '<p class="muted">Problems with files or settings; the scan went on.</p>',
    `<table><thead><tr><th scope="col">where</th><th scope="col">level</th><th scope="col">kind</th><th scope="col">message</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n');
}

function baselineSection(result: ScanResult): string {
  const baseline = result.baseline;
  if (!baseline) return '';
  const stale = baseline.stale.map((e) => `<li><code>${html(e.path)}</code> ${html(e.ruleId)} (entry <code>${html(e.fingerprint.slice(0, 12))}</code>) matches no finding any more</li>`);
  const swapped = baseline.swapped.map((e) => `<li><code>${html(`${e.path}:${e.line}`)}</code> ${html(e.ruleId)}: another key than the baseline recorded (reported as new)</li>`);
  return [
    '<section id="baseline" aria-labelledby="baseline-heading">',
    '<h2 id="baseline-heading">Baseline</h2>',
    `<p>${html(`${plural(baseline.hidden, 'finding')} hidden by the baseline.`)}</p>`,
    stale.length > 0 ? `<p>Stale entries (refresh the baseline with <code>jwtscan baseline</code>):</p><ul class="plain">${stale.join('')}</ul>` : '',
    swapped.length > 0 ? `<ul class="plain">${swapped.join('')}</ul>` : '',
    '</section>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
