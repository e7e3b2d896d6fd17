/**
 * `.jwtscan.json` (or `jwtscan.config.json`): found from the scan's working directory upwards to the
 * repository root. JSON only, never executed. Every problem is collected with its path and reported
 * at once as a usage error (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigSink, Level } from '../rule.js';
import { UsageError } from '../scan.js';
import { ParseErrorCode, parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { didYouMean } from '../util/did-you-mean.js';

export const CONFIG_FILES = ['.jwtscan.json', 'jwtscan.config.json'] as const;
const LEVELS = ['error', 'warning', 'note'] as const;
const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;

export type RuleSetting = 'off' | Level;

export interface JwtscanConfig {
  /** Absolute path of the file the config came from. */
  file?: string;
  include: string[];
  exclude: string[];
  failOn?: Level | 'none';
  rules: Record<string, RuleSetting>;
  /** .gitignore-style patterns of test code, whose findings are down-ranked to notes; absent = defaults. */
  testPaths?: string[];
  /** The project's own JWT wrappers. */
  sinks: ConfigSink[];
  /** Values known to be weak in this project (old keys, team passwords), judged as known defaults. */
  weakSecrets: string[];
}

/** Every setting a config may hold (for "did you mean"). */
const SETTINGS = ['$schema', 'include', 'exclude', 'testPaths', 'weakSecrets', 'sinks', 'failOn', 'rules'];

/** JSON as JSON.parse reads it, but a syntax error says where: `line 4, column 3: trailing comma`. */
function parseStrictJson(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return value;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const hint = first.error === ParseErrorCode.PropertyNameExpected || first.error === ParseErrorCode.ValueExpected ? ' (a trailing comma?)' : '';
  throw new UsageError(`config ${file}: not valid JSON at line ${line}, column ${column}: ${what}${hint}`);
}

export const EMPTY_CONFIG: JwtscanConfig = { include: [], exclude: [], rules: {}, sinks: [], weakSecrets: [] };

/** The nearest config file from `cwd` up to `stopAt` (the repository root), if any. */
export function findConfig(cwd: string, stopAt: string | undefined): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const present = CONFIG_FILES.map((name) => path.join(dir, name)).filter((candidate) => fs.existsSync(candidate));
    // Two configs side by side: which one is meant is a guess, and a wrong guess changes what is reported.
    if (present.length > 1) throw new UsageError(`both ${CONFIG_FILES.join(' and ')} are in ${dir}: keep one`);
    if (present[0]) return present[0];
    const parent = path.dirname(dir);
    if (dir === stopAt || parent === dir) return undefined;
    dir = parent;
  }
}

export function loadConfig(file: string, knownRuleIds: ReadonlySet<string>): JwtscanConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`config ${file}: unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const raw = parseStrictJson(text, file);
  const problems: string[] = [];
  const config = validateConfig(raw, knownRuleIds, problems);
  if (problems.length > 0) throw new UsageError(`config ${file}: ${problems.join('; ')}`);
  return { ...config, file };
}

const SINK_KEYS = new Set(['module', 'file', 'export', 'arg', 'property', 'kind']);

function validateSink(raw: unknown, at: string, problems: string[]): ConfigSink | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${at} must be an object`);
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(entry)) if (!SINK_KEYS.has(key)) problems.push(`${at}.${key}: unknown setting`);
  const hasModule = typeof entry.module === 'string' && entry.module.length > 0;
  const hasFile = typeof entry.file === 'string' && entry.file.length > 0;
  if (hasModule === hasFile) problems.push(`${at} needs exactly one of "module" (a package) or "file" (a repository path)`);
  if (typeof entry.export !== 'string' || entry.export.length === 0) problems.push(`${at}.export must be the exported name, e.g. "signToken" or "default"`);
  if (typeof entry.arg !== 'number' || !Number.isInteger(entry.arg) || entry.arg < 0) problems.push(`${at}.arg must be the 0-based index of the key argument`);
  if (entry.property !== undefined && (typeof entry.property !== 'string' || entry.property.length === 0)) problems.push(`${at}.property must be a dotted property path`);
  if (entry.kind !== undefined && entry.kind !== 'call' && entry.kind !== 'new') problems.push(`${at}.kind must be "call" or "new"`);
  if (problems.length > before) return undefined;
  return {
    ...(hasModule ? { module: entry.module as string } : { file: entry.file as string }),
    export: entry.export as string,
    arg: entry.arg as number,
    ...(entry.property !== undefined ? { property: entry.property as string } : {}),
    ...(entry.kind !== undefined ? { kind: entry.kind as 'call' | 'new' } : {}),
  };
}

export function validateConfig(raw: unknown, knownRuleIds: ReadonlySet<string>, problems: string[]): JwtscanConfig {
  const config: JwtscanConfig = { include: [], exclude: [], rules: {}, sinks: [], weakSecrets: [] };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('the top level must be an object');
    return config;
  }
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case '$schema':
        break;
      case 'include':
      case 'exclude':
      case 'testPaths':
        if (Array.isArray(value) && value.every((v) => typeof v === 'string')) config[key] = value;
        else problems.push(`${key} must be an array of glob strings`);
        break;
      case 'weakSecrets':
        if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0)) config.weakSecrets = value;
        else problems.push('weakSecrets must be an array of non-empty strings');
        break;
      case 'sinks':
        if (!Array.isArray(value)) problems.push('sinks must be an array of { module | file, export, arg, property?, kind? }');
        else value.forEach((entry, i) => {
          const sink = validateSink(entry, `sinks[${i}]`, problems);
          if (sink) config.sinks.push(sink);
        });
        break;
      case 'failOn':
        if ((FAIL_ON as readonly unknown[]).includes(value)) config.failOn = value as JwtscanConfig['failOn'];
        else problems.push(`failOn must be one of ${FAIL_ON.join(', ')}`);
        break;
      case 'rules':
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          problems.push('rules must be an object of rule id → "off" | "error" | "warning" | "note"');
          break;
        }
        for (const [ruleId, setting] of Object.entries(value)) {
          if (!knownRuleIds.has(ruleId)) problems.push(`rules.${ruleId}: unknown rule${didYouMean(ruleId, [...knownRuleIds]) || ' (see jwtscan rules)'}`);
          else if (setting !== 'off' && !(LEVELS as readonly unknown[]).includes(setting)) problems.push(`rules.${ruleId} must be "off", "error", "warning" or "note"`);
          else config.rules[ruleId] = setting as RuleSetting;
        }
        break;
      default:
        problems.push(`${key}: unknown setting${didYouMean(key, SETTINGS)}`);
    }
  }
  return config;
}
