/** The values the fix planner hands to its users (the `fix` command, SARIF `fixes`). */
import type { Finding } from '../../rule.js';

/** Replace [start, end) of the original text (0-based UTF-16 offsets) with `text`; start === end inserts. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The edits to one file; `original` is undefined for a file the fix creates (`.env.example`). */
export interface FileChange {
  file: string;
  original: string | undefined;
  edits: Edit[];
}

/** Findings fixed together: the keys of one environment variable in one service (one guard, one variable). */
export interface PlannedFix {
  envName: string | undefined;
  findings: Finding[];
  /** The edits to the files that held the keys (`.env.example` comes from `exampleFile`). */
  changes: FileChange[];
  /** The `.env.example` that lists `envName` (repository-relative). */
  exampleFile?: string;
  /** One line per finding for the report, e.g. `src/auth.ts:3  now reads process.env.JWT_SECRET`. */
  notes: string[];
}

export interface UnfixedFinding {
  finding: Finding;
  reason: string;
}

export interface FixPlan {
  fixes: PlannedFix[];
  unfixed: UnfixedFinding[];
  /** Every key value of every finding, by file: removed from anything shown (diffs). Never printed. */
  secrets: ReadonlySet<string>;
}

/** Thrown at a site that cannot be fixed safely: the message is the reason shown to the user. */
export class Unfixable extends Error {}
