/**
 * `jwtscan fix`: plans the fixes of a scan's findings, then writes them (or, with --dry-run, prints
 * them as a redacted unified diff), and says what it left and why. A written file is first checked
 * to still be the version planned from, and a changed module to still parse.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../rule.js';
import { parseSource } from '../../engine/parse.js';
import { isSourceFile } from '../../files/walk.js';
import { applyEdits } from './apply-edits.js';
import { planChanges } from './changes.js';
import { planFixes, type FixSources } from './plan.js';
import { unifiedDiff } from './unified-diff.js';
import { UsageError } from '../../scan.js';
import type { FileChange } from './types.js';

export interface FixRun {
  /** What to print on stdout. */
  report: string;
  /** Keys fixed, and findings left as they were. */
  fixed: number;
  left: number;
}

export async function runFix(findings: readonly Finding[], sources: FixSources & { absolute(file: string): string }, dryRun: boolean): Promise<FixRun> {
  const plan = await planFixes(findings, sources);
  const changes = planChanges(plan.fixes, (file) => sources.read(file));
  const fixed = plan.fixes.reduce((n, f) => n + f.findings.length, 0);
  let report = '';
  if (dryRun) report += unifiedDiff(changes, plan.secrets);
  else writeChanges(changes, sources);
  const verb = dryRun ? 'Would fix' : 'Fixed';
  if (fixed > 0) {
    const files = new Set(plan.fixes.flatMap((f) => f.findings.map((x) => x.file))).size;
    report += `${verb} ${plural(fixed, 'key')} in ${plural(files, 'file')}:\n`;
    for (const fix of plan.fixes) for (const note of fix.notes) report += `  ${note}\n`;
    const examples = changes.filter((c) => c.file.endsWith('.env.example') && !plan.fixes.some((f) => f.changes.some((x) => x.file === c.file)));
    for (const example of examples) report += `  ${example.file}  ${example.original === undefined ? 'created' : 'lists'} ${names(plan.fixes, example.file)} (empty values)\n`;
  }
  if (plan.unfixed.length > 0) {
    report += `${dryRun ? 'Would leave' : 'Left'} ${plural(plan.unfixed.length, 'key')} as ${plan.unfixed.length === 1 ? 'it is' : 'they are'} (fix by hand):\n`;
    for (const { finding, reason } of plan.unfixed) report += `  ${finding.file}:${finding.region.start.line}  ${finding.ruleId}  ${reason}\n`;
  }
  if (fixed === 0 && plan.unfixed.length === 0) report += 'Nothing to fix: no hard-coded JWT key found.\n';
  if (fixed > 0) {
    const variables = [...new Set(plan.fixes.flatMap((f) => (f.envName !== undefined ? [f.envName] : [])))];
    report +=
      `\n${dryRun ? 'After the fix: set' : 'Now set'} ${variables.length > 0 ? variables.join(', ') : 'the values'} in each deployment's environment or secrets manager ` +
      `(a new key: npx jwtscan gen-secret), and rotate the old ${fixed === 1 ? 'key' : 'keys'}: ${fixed === 1 ? 'it stays' : 'they stay'} in git history, ` +
      `and every token signed with ${fixed === 1 ? 'it' : 'them'} stays valid until then (find the commits with git log -p -S '<old key>' -- <file>; never paste the key into a shared shell history).\n`;
  }
  return { report, fixed, left: plan.unfixed.length };
}

/** Every file is checked before any is written: all of the fix, or none of it. */
function writeChanges(changes: readonly FileChange[], sources: { absolute(file: string): string }): void {
  const ready = changes.map((change) => ({ change, file: sources.absolute(change.file), updated: checkedUpdate(change, sources.absolute(change.file)) }));
  for (const { change, file, updated } of ready) {
    if (change.original === undefined) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, updated, { flag: 'wx' });
    } else {
      // In place (not a rename): the file keeps its mode, owner and links.
      fs.writeFileSync(file, updated);
    }
  }
}

function checkedUpdate(change: FileChange, file: string): string {
  const updated = applyEdits(change.original ?? '', change.edits);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current !== change.original) throw new UsageError(`${change.file} changed while jwtscan fix ran; nothing was written`);
  if (change.original !== undefined && isSourceFile(change.file)) {
    const parsed = parseSource(updated, change.file);
    if (!parsed.ok || parsed.recovered.length > (parseRecovered(change.original, change.file) ?? 0)) {
      throw new Error(`the fix of ${change.file} would not parse; nothing was written (please report this)`);
    }
  }
  return updated;
}

function parseRecovered(source: string, file: string): number | undefined {
  const parsed = parseSource(source, file);
  return parsed.ok ? parsed.recovered.length : undefined;
}

function names(fixes: readonly { exampleFile?: string; envName?: string }[], file: string): string {
  return [...new Set(fixes.filter((f) => f.exampleFile === file && f.envName !== undefined).map((f) => f.envName!))].join(', ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
