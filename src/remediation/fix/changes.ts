/** The file changes of a set of fixes, merged per file, with the `.env.example` lines they need. */
import { mergeChanges } from './apply-edits.js';
import { envExampleChange } from './env-example.js';
import type { FileChange, PlannedFix } from './types.js';

export function planChanges(fixes: readonly PlannedFix[], read: (file: string) => string | undefined): FileChange[] {
  const changes = fixes.flatMap((f) => f.changes);
  const names = new Map<string, string[]>();
  for (const fix of fixes) {
    if (fix.exampleFile === undefined || fix.envName === undefined) continue;
    (names.get(fix.exampleFile) ?? names.set(fix.exampleFile, []).get(fix.exampleFile)!).push(fix.envName);
  }
  for (const [file, list] of names) {
    // An `.env.example` whose own key a fix removes: its entry stays (emptied), so nothing is added.
    const change = envExampleChange(file, read(file), list);
    if (change) changes.push(change);
  }
  return mergeChanges(changes);
}
