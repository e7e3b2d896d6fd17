/** The `fix` command after its scan: the files of the scan's selection, then plan and write (or diff). */
import path from 'node:path';
import type { ScanResult } from '../../scan.js';
import type { Finding } from '../../rule.js';
import { toUriReference } from '../../reporters/sarif.js';
import { planFixes } from './plan.js';
import { runFix, type FixRun } from './run-fix.js';
import { sarifFixFinder } from './sarif-fixes.js';
import { workingTreeSources } from './sources.js';

export interface FixSelection {
  cwd: string;
  paths: readonly string[];
  include: string[];
  exclude: string[];
  gitignore: boolean;
}

export async function fixFindings(result: ScanResult, selection: FixSelection, dryRun: boolean): Promise<FixRun> {
  const sources = await workingTreeSources(walkOptionsOf(result, selection));
  return await runFix(result.findings, sources, dryRun);
}

/** The SARIF `fixes` of a scan's results, from the same planner as `fix` (undefined: no finding). */
export async function sarifFixesFor(result: ScanResult, selection: FixSelection): Promise<((finding: Finding) => unknown) | undefined> {
  if (result.findings.length === 0) return undefined;
  const sources = await workingTreeSources(walkOptionsOf(result, selection));
  const plan = await planFixes(result.findings, sources);
  return sarifFixFinder(plan, (file) => sources.read(file), toUriReference);
}

export function walkOptionsOf(result: ScanResult, selection: FixSelection) {
  const targets = (selection.paths.length > 0 ? selection.paths : ['.']).map((p) => path.resolve(selection.cwd, p));
  return { base: result.base, targets, include: selection.include, exclude: selection.exclude, gitignore: selection.gitignore };
}
