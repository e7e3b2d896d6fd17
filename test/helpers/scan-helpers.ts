import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../rules/index.js';
import { DEFAULT_MAX_FILE_SIZE, scan, type ScanOptions, type ScanResult } from '../../src/scan.js';
import { packageInfo } from '../../src/version.js';
import type { ReportContext } from '../../src/reporters/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const RULE_FIXTURES = path.join(FIXTURES, 'rules');

/** The real scan path (walker, prefilter, parser, all rules) on some files or directories. */
export function scanPaths(paths: string[], overrides: Partial<ScanOptions> = {}): Promise<ScanResult> {
  return scan({
    cwd: ROOT,
    paths,
    include: [],
    exclude: [],
    gitignore: true,
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    rules: RULES,
    ...overrides,
  });
}

export function reportContext(overrides: Partial<ReportContext> = {}): ReportContext {
  const info = packageInfo();
  return { rules: RULES, toolVersion: info.version, informationUri: info.homepage, color: false, quiet: false, includeSuppressed: false, ...overrides };
}
