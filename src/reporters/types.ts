import type { RuleMeta } from '../rule.js';
import type { ScanResult } from '../scan.js';

export interface ReportContext {
  /** Metadata of every enabled rule, sorted by id. */
  rules: readonly RuleMeta[];
  toolVersion: string;
  informationUri: string;
  /** ANSI colour (text reporter only). */
  color: boolean;
  /** Omit diagnostics and the summary (text reporter only). */
  quiet: boolean;
}

/** A pure function of the scan result: the CLI writes the string where it belongs. */
export interface Reporter {
  name: string;
  format(result: ScanResult, context: ReportContext): string;
}
