/**
 * SARIF `fixes` (SARIF 2.1.0 section 3.55) from the fix planner: for each result it can fix, the
 * whole change of its variable (guard, constant, every key of that variable, `.env.example`), as
 * artifactChanges of replacements. The deleted regions cover the keys; inserted content is code
 * the planner wrote (environment reads, checks, names) and never holds a key.
 */
import type { Finding } from '../../rule.js';
import { SourceText } from '../../engine/source-text.js';
import { planChanges } from './changes.js';
import type { Edit, FixPlan } from './types.js';

export interface SarifFix {
  description: { text: string };
  artifactChanges: {
    artifactLocation: { uri: string; uriBaseId: string };
    replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[];
  }[];
}

/** Looks up the fix of a finding (by identity) in a plan; undefined for the findings it leaves. */
export function sarifFixFinder(plan: FixPlan, read: (file: string) => string | undefined, toUri: (file: string) => string): (finding: Finding) => SarifFix | undefined {
  const byFinding = new Map<Finding, SarifFix>();
  for (const fix of plan.fixes) {
    const changes = planChanges([fix], read);
    const sarif: SarifFix = {
      description: {
        text:
          fix.envName !== undefined
            ? `Read the key from the environment variable ${fix.envName} (checked at start-up), list it in .env.example, then rotate the old key: it stays in git history.`
            : 'Remove the key from the file and set it in the deployment, then rotate the old key: it stays in git history.',
      },
      artifactChanges: changes.map((change) => {
        const text = change.original === undefined ? undefined : new SourceText(change.original);
        return {
          artifactLocation: { uri: toUri(change.file), uriBaseId: '%SRCROOT%' },
          replacements: [...change.edits].sort((a, b) => a.start - b.start).map((edit) => ({ deletedRegion: region(edit, text), insertedContent: { text: edit.text } })),
        };
      }),
    };
    for (const finding of fix.findings) byFinding.set(finding, sarif);
  }
  return (finding) => byFinding.get(finding);
}

/** 1-based lines and columns (the run's columnKind is UTF-16 code units); a new file: offset 0. */
function region(edit: Edit, text: SourceText | undefined): Record<string, number> {
  if (!text) return { charOffset: 0, charLength: 0 };
  const start = text.position(edit.start);
  const end = text.position(edit.end);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}
