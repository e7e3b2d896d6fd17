/**
 * The fix planner: which findings `jwtscan fix` can move to the environment safely, and the edits
 * that do it. Used by the `fix` command and by SARIF `fixes`, so both always agree.
 *
 * A finding is fixed only when (1) it is a hard-coded key (jwt-hardcoded-secret, jwt-inline-secret,
 * jwt-config-secret), not a token, a private key or a name-only guess, outside test code; (2) its
 * site has a shape the rewrite keeps meaning for (code-site.ts); (3) the keys that would share one
 * variable are one key (or already read that variable); and (4) the key is written nowhere else in
 * the scanned files, since a fix that leaves a copy behind would not remove it.
 */
import type { File } from '@babel/types';
import type { ConfigFileKind, Finding } from '../../rule.js';
import { configKindOf } from '../../config-files/kind.js';
import { loadBabel } from '../../engine/babel.js';
import { parseSource } from '../../engine/parse.js';
import { SourceText } from '../../engine/source-text.js';
import { isSourceFile } from '../../files/walk.js';
import { codeEdits } from './code-edits.js';
import { locateCodeSite, type CodeSite } from './code-site.js';
import { configEdit, configEntries, configEntryAt } from './config-edits.js';
import { envExamplePath } from './env-example.js';
import { envNameFor, serviceOf } from './env-name.js';
import { moduleStyle } from './module-style.js';
import { Unfixable, type Edit, type FileChange, type FixPlan, type PlannedFix, type UnfixedFinding } from './types.js';

/** Rules whose finding is a key written in the code or a config file, which `fix` can move. */
export const FIXABLE_RULES: ReadonlySet<string> = new Set(['jwt-hardcoded-secret', 'jwt-inline-secret', 'jwt-config-secret']);

export interface FixSources {
  /** A file's text by repository-relative path; undefined when it cannot be read. */
  read(file: string): string | undefined;
  /** The files the scan selected (repository-relative): where a copy of a key would be looked for. */
  selection(): Iterable<string>;
}

interface Site {
  finding: Finding;
  file: string;
  value: string;
  /** The key's text as written (quotes included): the copy count is taken on it. */
  raw: string;
  source: string;
  envName: string | undefined;
  /** True when the variable name comes from the code (an existing `process.env.X || 'k'`) or a .env entry. */
  existingName: boolean;
  group: string;
  exampleRoot: string;
  code?: { site: CodeSite };
  config?: { kind: ConfigFileKind; edit: Edit };
}

interface ParsedModule {
  source: string;
  ast: File;
}

export async function planFixes(findings: readonly Finding[], sources: FixSources): Promise<FixPlan> {
  await loadBabel();
  const unfixed: UnfixedFinding[] = [];
  const secrets = new Set<string>();
  const modules = new Map<string, ParsedModule | string>();
  const sites: Site[] = [];
  for (const finding of findings) {
    const source = sources.read(finding.file);
    // A suppressed key is not fixed, but it is a key all the same: the dry-run diff must not show it.
    if (source !== undefined) rememberSecret(secrets, source, finding);
    if (finding.suppression) continue;
    try {
      sites.push(siteOf(finding, source, sources, modules));
    } catch (error) {
      if (!(error instanceof Unfixable)) throw error;
      unfixed.push({ finding, reason: error.message });
    }
  }
  for (const site of sites) secrets.add(site.value);
  let kept = rejectSharedVariables(sites, unfixed);
  kept = rejectCopies(kept, sources, unfixed);
  const fixes = buildFixes(kept, modules, unfixed);
  unfixed.sort((a, b) => compareFindings(a.finding, b.finding));
  return { fixes, unfixed, secrets };
}

function rememberSecret(secrets: Set<string>, source: string, finding: Finding): void {
  const raw = sliceRegion(source, finding);
  if (raw.length === 0) return;
  secrets.add(raw);
  const unquoted = raw.replace(/^(['"`])([\s\S]*)\1$/, '$2');
  if (unquoted !== raw) secrets.add(unquoted);
}

function sliceRegion(source: string, finding: Finding): string {
  const text = new SourceText(source);
  const start = (text.lineStart(finding.region.start.line) ?? 0) + finding.region.start.column - 1;
  const end = (text.lineStart(finding.region.end.line) ?? 0) + finding.region.end.column - 1;
  return source.slice(start, end);
}

function offsetOf(source: string, finding: Finding): { start: number; end: number } {
  const text = new SourceText(source);
  return {
    start: (text.lineStart(finding.region.start.line) ?? 0) + finding.region.start.column - 1,
    end: (text.lineStart(finding.region.end.line) ?? 0) + finding.region.end.column - 1,
  };
}

function siteOf(finding: Finding, source: string | undefined, sources: FixSources, modules: Map<string, ParsedModule | string>): Site {
  const problems = finding.problems ?? [finding.ruleId];
  if (problems.includes('jwt-private-key-literal')) throw new Unfixable('a private key: make a new key pair (jwtscan gen-secret --alg …), load it from a secrets store and revoke this one');
  if (finding.ruleId === 'jwt-hardcoded-token') throw new Unfixable('a token, not a key: remove it by hand (it stays valid until it expires or its key is rotated)');
  if (!FIXABLE_RULES.has(finding.ruleId) && !problems.some((p) => FIXABLE_RULES.has(p))) {
    throw new Unfixable(finding.ruleId === 'jwt-secret-by-name' ? 'found by its name only: no JWT call was shown to use it' : `not a hard-coded key finding (${finding.ruleId})`);
  }
  if (finding.inTestPath) throw new Unfixable('test or example code: usually a throw-away key, and a fix would make the tests need the variable');
  if (finding.fromFallback) throw new Unfixable('the file does not parse');
  if (source === undefined) throw new Unfixable('the file cannot be read as plain UTF-8 (unreadable, a byte-order mark or another encoding): fix it by hand');
  const { start, end } = offsetOf(source, finding);
  const raw = source.slice(start, end);
  const service = serviceOf(finding.file, (folder) => packageName(sources.read(`${folder}/package.json`)));
  const exampleRoot = service.root;
  const kind = configKindOf(finding.file) ?? (finding.file.toLowerCase().endsWith('.json') ? 'json' : undefined);
  let site: Omit<Site, 'group' | 'exampleRoot'>;
  if (isSourceFile(finding.file)) {
    const module = parsedModule(finding.file, source, modules);
    const code = locateCodeSite(module.ast, start, end);
    const envName = code.envName ?? envNameFor(service);
    site = { finding, file: finding.file, value: code.value, raw, source, envName, existingName: code.envName !== undefined, code: { site: code } };
  } else if (kind) {
    const entry = configEntryAt(configEntries(kind, source), start);
    const envName = entry.form === 'env' ? entry.name : undefined;
    site = { finding, file: finding.file, value: entry.value, raw, source, envName, existingName: true, config: { kind, edit: configEdit(finding.file, kind, source, entry) } };
  } else {
    throw new Unfixable('not a JS/TS module or a configuration file jwtscan can edit');
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(site.value)) throw new Unfixable('a private key: make a new key pair and load it from a secrets store');
  const group = site.envName !== undefined ? `${exampleRoot}\0${site.envName}` : `${finding.file}\0${start}`;
  return { ...site, group, exampleRoot };
}

function packageName(text: string | undefined): string | null | undefined {
  if (text === undefined) return undefined;
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : null;
  } catch {
    return null;
  }
}

function parsedModule(file: string, source: string, modules: Map<string, ParsedModule | string>): ParsedModule {
  let module = modules.get(file);
  if (module === undefined) {
    const parsed = parseSource(source, file);
    module = parsed.ok ? { source, ast: parsed.ast } : parsed.message;
    modules.set(file, module);
  }
  if (typeof module === 'string') throw new Unfixable('the file does not parse');
  return module;
}

/**
 * Keys that would end up in one variable must be one key: two different keys written into code
 * (access and refresh, two services' keys in one package) are not merged. Sites that already read
 * the variable (`process.env.X || 'k'`, a .env entry) keep the meaning they have.
 */
function rejectSharedVariables(sites: Site[], unfixed: UnfixedFinding[]): Site[] {
  const byGroup = groupBy(sites, (s) => s.group);
  const kept: Site[] = [];
  for (const group of byGroup.values()) {
    const values = new Set(group.map((s) => s.value));
    if (values.size > 1 && group.some((s) => !s.existingName)) {
      for (const s of group) unfixed.push({ finding: s.finding, reason: `${values.size} different keys would all read ${s.envName}: give each its own variable by hand` });
    } else {
      kept.push(...group);
    }
  }
  return kept;
}

/**
 * A key also written where no fix removes it (another file, a test, a suppressed line, a place this
 * planner cannot rewrite) would stay in the tree: such keys are left whole, every copy of them.
 * Repeated until stable, since leaving one copy leaves its siblings too.
 */
function rejectCopies(sites: Site[], sources: FixSources, unfixed: UnfixedFinding[]): Site[] {
  const values = [...new Set(sites.map((s) => s.value))].filter((v) => v.length > 0);
  const found = new Map<string, Map<string, number>>();
  for (const file of sources.selection()) {
    const text = sources.read(file);
    if (text === undefined) continue;
    for (const value of values) {
      if (!text.includes(value)) continue;
      const count = copiesIn(file, text, value);
      if (count > 0) (found.get(value) ?? found.set(value, new Map()).get(value)!).set(file, count);
    }
  }
  let kept = sites;
  for (;;) {
    const rejected = new Map<string, string>();
    for (const value of values) {
      const planned = new Map<string, number>();
      for (const s of kept) if (s.value === value) planned.set(s.file, (planned.get(s.file) ?? 0) + (s.config ? 1 : copiesInCode(s.raw, value)));
      for (const [file, count] of found.get(value) ?? []) {
        if (count > (planned.get(file) ?? 0)) {
          rejected.set(value, `the same key is also written in ${file}, where this fix does not remove it: remove every copy by hand`);
          break;
        }
      }
    }
    if (rejected.size === 0) return kept;
    const next: Site[] = [];
    for (const s of kept) {
      const reason = rejected.get(s.value);
      if (reason) unfixed.push({ finding: s.finding, reason });
      else next.push(s);
    }
    kept = next;
    for (const value of rejected.keys()) found.delete(value);
  }
}

function copiesIn(file: string, text: string, value: string): number {
  const kind = configKindOf(file);
  if (kind && !isSourceFile(file)) {
    try {
      return configEntries(kind, text).filter((e) => e.value === value).length;
    } catch {
      return text.split(value).length - 1;
    }
  }
  return copiesInCode(text, value);
}

/** The string literals with this value, written in any quote. */
function copiesInCode(text: string, value: string): number {
  let count = 0;
  for (const quote of ["'", '"', '`']) count += text.split(`${quote}${value}${quote}`).length - 1;
  return count;
}

function buildFixes(sites: Site[], modules: Map<string, ParsedModule | string>, unfixed: UnfixedFinding[]): PlannedFix[] {
  const fixes: PlannedFix[] = [];
  for (const group of groupBy(sites, (s) => s.group).values()) {
    const envName = group[0]!.envName;
    const changes: FileChange[] = [];
    const fixed: Site[] = [];
    for (const [file, inFile] of groupBy(group, (s) => s.file)) {
      try {
        changes.push({ file, original: inFile[0]!.source, edits: editsOf(file, inFile, modules) });
        fixed.push(...inFile);
      } catch (error) {
        if (!(error instanceof Unfixable)) throw error;
        for (const s of inFile) unfixed.push({ finding: s.finding, reason: error.message });
      }
    }
    if (fixed.length === 0) continue;
    fixed.sort((a, b) => compareFindings(a.finding, b.finding));
    fixes.push({
      envName,
      findings: fixed.map((s) => s.finding),
      changes,
      ...(envName !== undefined ? { exampleFile: envExamplePath(group[0]!.exampleRoot) } : {}),
      notes: fixed.map((s) => `${s.file}:${s.finding.region.start.line}  ${describe(s)}`),
    });
  }
  return fixes.sort((a, b) => compareFindings(a.findings[0]!, b.findings[0]!));
}

function editsOf(file: string, sites: Site[], modules: Map<string, ParsedModule | string>): Edit[] {
  const code = sites.filter((s) => s.code);
  if (code.length === 0) return sites.map((s) => s.config!.edit);
  const module = modules.get(file) as ParsedModule;
  return codeEdits(module.ast, module.source, code.map((s) => s.code!.site), sites[0]!.envName!, moduleStyle(module.ast, module.source));
}

function describe(site: Site): string {
  if (site.config) return site.envName !== undefined ? `value of ${site.envName} removed from the file` : `value of ${site.finding.file.endsWith('.json') ? 'the setting' : 'the entry'} removed from the file`;
  const code = site.code!.site;
  if (code.envName !== undefined) return `fallback removed: reads process.env.${site.envName} only, checked at start-up`;
  return code.topLevelDeclaration ? `reads process.env.${site.envName}, checked at start-up` : `reads ${site.envName} (process.env.${site.envName}, checked at start-up)`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.region.start.line - b.region.start.line || a.region.start.column - b.region.start.column;
}

