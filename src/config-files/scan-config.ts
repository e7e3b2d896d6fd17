/**
 * The per-file work for a configuration file, beside `scanFile` for code: parse (dotenv grammar,
 * YAML, JSONC), hand the entries to the rules' `scanConfig`, apply `# jwtscan-ignore` comments
 * (.env and YAML; JSON has no comments: use the config file's rules or the baseline). A file that
 * does not parse cleanly gets a diagnostic, and a line-based pass (`NAME=value`, `NAME: value`)
 * adds what the parser could not read, so a broken file never hides a key.
 */
import type { AnyRule, ConfigEntry, ConfigFileKind, Diagnostic, RuleSettings } from '../rule.js';
import { NO_SETTINGS } from '../rule.js';
import { FileReport } from '../engine/file-report.js';
import type { FileResult } from '../engine/scan-file.js';
import { applySuppressions } from '../engine/suppressions.js';
import { SourceText } from '../engine/source-text.js';
import { configEnvironmentOf } from './kind.js';
import { parseDotenv } from './parse-dotenv.js';
import { parseJson } from './parse-json.js';
import { parseYaml, type ParsedConfig } from './parse-yaml.js';

export interface ScanConfigOptions {
  knownRuleIds?: ReadonlySet<string>;
  settings?: RuleSettings;
}

export function scanConfigFile(file: string, kind: ConfigFileKind, source: string, rules: readonly AnyRule[], candidates: readonly AnyRule[], options: ScanConfigOptions = {}): FileResult {
  const report = new FileReport(file, source);
  const parsed = parseConfig(kind, source.replace(/^\uFEFF/, ' '));
  let entries = parsed.entries;
  if (parsed.error) {
    report.addDiagnostic({
      kind: 'parse-error',
      level: 'warning',
      line: parsed.error.line,
      message: `could not be parsed as ${kind === 'json' ? 'JSON' : 'YAML'} (${parsed.error.message} at line ${parsed.error.line}); NAME=value and NAME: value lines were read as well`,
    });
    entries = [...entries, ...lineEntriesOutside(source, entries)];
  }
  const environment = configEnvironmentOf(file);
  const text = new SourceText(source);
  for (const rule of candidates) {
    if (!rule.scanConfig) continue;
    try {
      rule.scanConfig({
        file,
        source,
        kind,
        environment,
        entries,
        settings: options.settings ?? NO_SETTINGS,
        report: (descriptor) => report.addConfigFinding(rule, descriptor),
        share: (data, anchor) => report.shareAt(rule, data, anchor?.start),
        noteKeyUse: (use) => report.noteConfigKeyUse(use),
        regionOf: (entry) => ({ start: text.position(entry.start), end: text.position(entry.end) }),
      });
    } catch (error) {
      report.addDiagnostic({ kind: 'rule-crash', level: 'error', ruleId: rule.id, message: `rule ${rule.id} crashed on a config file (${error instanceof Error ? error.message.slice(0, 200) : String(error)})` });
    }
  }
  const enabled = new Set(rules.map((r) => r.id));
  const found = report.finish();
  const suppressed = kind === 'json' ? { findings: found, diagnostics: [] as Diagnostic[] } : applySuppressions(file, source, found, options.knownRuleIds ?? enabled, enabled, 'hash');
  return {
    file,
    parsed: true,
    findings: suppressed.findings,
    foreignFindings: [],
    diagnostics: [...report.diagnostics, ...suppressed.diagnostics],
    facts: { imports: [], shared: report.shared },
    derivedSinks: [],
    keyUses: report.keyUses,
  };
}

function parseConfig(kind: ConfigFileKind, source: string): ParsedConfig {
  if (kind === 'dotenv') return { entries: parseDotenv(source) };
  try {
    return kind === 'json' ? parseJson(source) : parseYaml(source);
  } catch (error) {
    // jsonc-parser recurses once per nesting level: a pathological file overflows the stack.
    const why = error instanceof RangeError ? 'nesting too deep for the parser' : error instanceof Error ? error.message.slice(0, 200) : String(error);
    return { entries: [], error: { message: why, line: 1 } };
  }
}

const JSON_LINE = /^[ \t]*[{,]?[ \t]*"([\w.-]+)"[ \t]*:[ \t]*("(?:\\.|[^"\\\r\n])*")/gm;

/** `NAME=value`, `NAME: value` (dotenv's grammar) and `"name": "value"` lines the structured parser did not already read. */
function lineEntriesOutside(source: string, read: readonly ConfigEntry[]): ConfigEntry[] {
  const covered = (e: ConfigEntry) => read.some((r) => r.start <= e.start && e.start < Math.max(r.end, r.start + 1));
  const jsonish: ConfigEntry[] = [...source.matchAll(JSON_LINE)].map((m) => {
    const start = m.index + m[0].length - m[2]!.length;
    return { name: m[1]!, path: [m[1]!], value: m[2]!.slice(1, -1), start, end: start + m[2]!.length, form: 'key' };
  });
  const dotenv = parseDotenv(source).filter((e) => !/^["'{[]/.test(e.value));
  return [...jsonish, ...dotenv].filter((e) => e.value.length > 0 && !covered(e));
}
