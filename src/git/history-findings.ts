/**
 * Turns the findings of every scanned blob into the history report: one finding per rule and key
 * literal (a key kept through ten edits and a rename is one leak to rotate, reported at the oldest
 * commit and path that added content holding it), marked present at HEAD when a file of HEAD's tree
 * still holds the same key literal in a finding of any rule (moved, renamed or reached differently,
 * it is still there).
 * Literals are compared by a hash of their source text that never leaves the process.
 */
import { createHash } from '../util/builtins.js';
import type { Finding, Region } from '../rule.js';
import { withFingerprints } from '../engine/file-report.js';
import { literalSource } from '../engine/key-digest.js';

export interface Attributed {
  finding: Finding;
  /** Identity of the key literal (see `literalIdentity`). */
  literal: string;
  commit: string;
  date: string;
  /** Base-relative path as of that commit. */
  file: string;
  /** Commit position, oldest first. */
  order: number;
}

/** A hash of the literal's source text, quotes stripped; undefined when the text is not available. */
export function literalIdentity(source: string | undefined, region: Region): string | undefined {
  const literal = literalSource(source, region);
  return literal === undefined ? undefined : createHash('sha256').update(literal).digest('hex');
}

/** Oldest first, one per rule, literal and suppression state, with history information and fresh fingerprints. */
export function mergeHistory(found: readonly Attributed[], presentAtHead: ReadonlySet<string>): Finding[] {
  const kept = new Map<string, Attributed>();
  for (const item of [...found].sort((a, b) => a.order - b.order)) {
    const key = [item.finding.ruleId, item.literal, item.finding.suppression ? 's' : ''].join('\0');
    if (!kept.has(key)) kept.set(key, item);
  }
  // withFingerprints sorts stably, so same-place findings of different versions stay oldest first.
  return withFingerprints(
    [...kept.values()].map((item) => {
      const present = presentAtHead.has(item.literal);
      return {
        ...item.finding,
        message: `${item.finding.message} ${committedNote(item.commit, item.date, present)}`,
        file: item.file,
        history: { commit: item.commit, date: item.date, path: item.file, presentAtHead: present },
      };
    }),
  );
}

/** Rotation (issue #19): the message says the key was committed, when first, and that removing it is not enough. */
export function committedNote(commit: string, date: string, presentAtHead: boolean): string {
  const when = `${commit.slice(0, 12)}${date ? ` (${date.slice(0, 10)})` : ''}`;
  return presentAtHead
    ? `First committed in ${when}: it is in git history, so rotate it as well as removing it.`
    : `First committed in ${when} and removed since, but still in git history: rotate it.`;
}
