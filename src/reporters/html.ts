/**
 * `--format html`: one self-contained page (inline style and script allowed by hash, no request of
 * any kind) for teams without a code-scanning dashboard: keep it as a CI artifact and open it.
 */
import type { ScanResult } from '../scan.js';
import { renderPage } from './html/page.js';
import { reportedFindings, type ReportContext, type Reporter } from './types.js';

export const htmlReporter: Reporter = {
  name: 'html',
  format(result: ScanResult, context: ReportContext): string {
    return renderPage(result, reportedFindings(result, context), context);
  },
};
