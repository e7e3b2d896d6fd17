import { createHash } from '../util/builtins.js';

/** Name of our key in SARIF `partialFingerprints` and in baselines ("versioned hierarchical string"). */
export const FINGERPRINT_KEY = 'jwtscan/v2';

/**
 * A finding's identity: file and the shape of its line with every string masked, plus its ordinal
 * among same-shaped findings in the file. It survives line moves, unrelated edits and key rotation,
 * and is never derived from the key itself. The rule is left out (v2): a key is one finding whatever
 * rule reports its worst problem, and that can change with the config's levels. The message variant
 * is left out too: it can change with what else is scanned (a token proven weak by a key elsewhere).
 */
export function fingerprint(file: string, maskedLine: string, ordinal: number, namespace?: string): string {
  const shape = maskedLine.replace(/\s+/g, '');
  // A finding about the key's places (jwt-reused-secret) is a second finding at the same literal: its
  // own namespace keeps it from shifting the ordinals, and so the baselines, of the key's own finding.
  const parts = [FINGERPRINT_KEY, file, shape, String(ordinal), ...(namespace === undefined ? [] : [namespace])];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}
