/**
 * Turns the findings of every scanned blob into the history report: one finding per rule and key
 * literal (a key kept through ten edits and a rename is one leak to rotate, reported at the oldest
 * commit and path that added content holding it), marked present at HEAD when a file of HEAD's tree
 * still holds the same key literal in a finding of any rule (moved, renamed or reached differently,
 * it is still there).
 * Literals are compared by a digest of their source text: in one process a plain hash that never
 * leaves it; across the shards of `scan --history --shard` a keyed one (see history-shard.ts).
 */
import { createHash } from '../util/builtins.js';
import type { Diagnostic, Finding, Region } from '../rule.js';
import { compareDiagnostics, withFingerprints, type Fingerprintable } from '../engine/file-report.js';
import { literalSource } from '../engine/key-digest.js';

/** What merging reads of a finding (a scan's Finding, or what `jwtscan merge` rebuilds from shard reports). */
export type HistoryFinding = Fingerprintable & Pick<Finding, 'message' | 'suppression'>;

export interface Attributed<F extends HistoryFinding = Finding> {
  finding: F;
  /** Identity of the key literal (see `LiteralIdentities`). */
  literal: string;
  commit: string;
  date: string;
  /** Base-relative path as of that commit. */
  file: string;
  /** Commit position, oldest first. */
  order: number;
}

/** How key literals are told apart. */
export interface LiteralIdentities {
  /** The identity of a literal's source text (quotes stripped). */
  of(literal: string): string;
  /** The identity of a finding whose literal text is not available. */
  fallback(finding: Pick<Finding, 'ruleId' | 'file' | 'fingerprint'>): string;
}

/** In one process: a plain SHA-256 of the literal, which must never be written anywhere. */
export const IN_PROCESS_IDENTITIES: LiteralIdentities = {
  of: (literal) => createHash('sha256').update(literal).digest('hex'),
  fallback: (finding) => `${finding.ruleId}\0${finding.file}\0${finding.fingerprint}`,
};

/** The identity of the literal at `region`; undefined when the text is not available. */
export function literalIdentity(source: string | undefined, region: Region, identities: LiteralIdentities = IN_PROCESS_IDENTITIES): string | undefined {
  const literal = literalSource(source, region);
  return literal === undefined ? undefined : identities.of(literal);
}

/** Oldest first, one per rule, literal and suppression state, with history information and fresh fingerprints. */
export function mergeHistory<F extends HistoryFinding>(
  found: readonly Attributed<F>[],
  presentAtHead: ReadonlySet<string>,
): (F & { history: NonNullable<Finding['history']>; fingerprint: string })[] {
  const kept = new Map<string, Attributed<F>>();
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

/** The note a problem of a file version gets: the commit that added that version. */
export function withCommit<D extends Diagnostic>(diagnostic: D, commit: string): D {
  return { ...diagnostic, message: `${diagnostic.message} (as added in commit ${commit.slice(0, 12)})` };
}

/** A problem of one file repeats in each version that still has it: the first (the oldest, in scan order) is reported. */
export function uniqueDiagnostics<D extends Diagnostic>(diagnostics: readonly D[]): D[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = [d.kind, d.file, d.line ?? '', d.ruleId ?? '', d.message.replace(/ \(as added in commit \w+\)$/, '')].join('\0');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(compareDiagnostics);
}
