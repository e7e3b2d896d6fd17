import { createHash } from '../util/builtins.js';

/** Name of our key in SARIF `partialFingerprints` and in baselines ("versioned hierarchical string"). */
export const FINGERPRINT_KEY = 'jwtscan/v1';

/**
 * A finding's identity: rule, file and the shape of its line with every string masked, plus its
 * ordinal among same-shaped findings in the file. It survives line moves, unrelated edits and key
 * rotation, and is never derived from the key itself. The message variant is left out on purpose:
 * it can change with what else is scanned (a token proven weak by a key in another file).
 */
export function fingerprint(ruleId: string, file: string, maskedLine: string, ordinal: number): string {
  const shape = maskedLine.replace(/\s+/g, '');
  return createHash('sha256').update([FINGERPRINT_KEY, ruleId, file, shape, String(ordinal)].join('\0')).digest('hex').slice(0, 32);
}
