/**
 * The page's only style sheet and script, inline (the report is one file that makes no request).
 * The Content-Security-Policy allows exactly these two by hash and nothing else: no other script,
 * style, image, font, frame, form target or connection, even if some text escaped its escaping.
 */
import { createHash } from 'node:crypto';

export const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #fff; --panel: #f6f8fa; --line: #d0d7de;
  --error: #b3261e; --warning: #8a5a00; --note: #0b5cad; --focus: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --panel: #161b22; --line: #30363d;
  --error: #ff7b72; --warning: #e3b341; --note: #79c0ff; --focus: #58a6ff; } }
* { box-sizing: border-box; }
section.file, article.finding { scroll-margin-top: 6rem; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0; word-break: break-all; }
a { color: var(--focus); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: var(--bg); padding: .25rem .5rem; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
.verdict { font-size: 1.1rem; font-weight: 600; }
.tables { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
table { border-collapse: collapse; } caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
th span.muted { font-weight: normal; }
th, td { text-align: left; padding: .2rem .75rem .2rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.level { display: inline-block; min-width: 4.5rem; font-weight: 600; text-transform: uppercase; font-size: .75rem; letter-spacing: .03em; }
.level-error { color: var(--error); } .level-warning { color: var(--warning); } .level-note { color: var(--note); }
.badge { display: inline-block; border: 1px solid var(--line); border-radius: 1rem; padding: 0 .5rem; font-size: .8rem; margin-left: .25rem; }
form#filters { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: end; padding: .75rem 1rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; position: sticky; top: 0; z-index: 1; }
form#filters label { display: flex; flex-direction: column; font-size: .85rem; }
select { font: inherit; padding: .2rem; }
section.file { margin: 1.25rem 0; border: 1px solid var(--line); border-radius: 6px; }
section.file > header { padding: .5rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line); border-radius: 6px 6px 0 0; }
article.finding { padding: .75rem 1rem; border-top: 1px solid var(--line); }
section.file > header + article.finding { border-top: 0; }
article.finding h4 { margin: 0 0 .25rem; font-size: .95rem; font-weight: 600; }
.message { margin: .25rem 0; }
pre.frame { margin: .5rem 0; padding: .5rem .75rem; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; overflow-x: auto; }
pre.frame .gutter { color: var(--muted); user-select: none; }
ol.flow { margin: .25rem 0; padding-left: 1.75rem; } ol.flow li { margin: .1rem 0; }
ul.related, ul.plain { margin: .25rem 0; padding-left: 1.25rem; }
.history-removed { font-weight: 600; color: var(--error); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; } dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
`;

/** Filters: show the findings matching every select, hide files left empty, say how many are shown. */
export const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var findings = Array.prototype.slice.call(document.querySelectorAll('article.finding'));
  var files = Array.prototype.slice.call(document.querySelectorAll('section.file'));
  var status = document.getElementById('filter-status');
  function apply() {
    var rule = form.elements.namedItem('rule').value;
    var level = form.elements.namedItem('level').value;
    var scope = form.elements.namedItem('scope').value;
    var shown = 0;
    findings.forEach(function (f) {
      var match = (rule === '' || f.getAttribute('data-rules').split(' ').indexOf(rule) >= 0) &&
        (level === '' || f.getAttribute('data-level') === level) &&
        (scope === '' || f.getAttribute('data-scope') === scope);
      f.hidden = !match;
      if (match) shown++;
    });
    files.forEach(function (s) { s.hidden = !s.querySelector('article.finding:not([hidden])'); });
    status.textContent = shown + ' of ' + findings.length + ' finding' + (findings.length === 1 ? '' : 's') + ' shown';
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing may load but the inline style and script above. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
