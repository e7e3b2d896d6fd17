/** The `fix` command after its scan: the files of the scan's selection, then plan and write (or diff). */
import path from 'node:path';
import type { ScanResult } from '../../scan.js';
import { runFix, type FixRun } from './run-fix.js';
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

export function walkOptionsOf(result: ScanResult, selection: FixSelection) {
  const targets = (selection.paths.length > 0 ? selection.paths : ['.']).map((p) => path.resolve(selection.cwd, p));
  return { base: result.base, targets, include: selection.include, exclude: selection.exclude, gitignore: selection.gitignore };
}
