/**
 * What `scan --staged` prints on stderr, after the report, when findings block a commit: the fix,
 * the rotation that removing the key does not replace, the suppression syntax, and the escape hatch.
 */
import type { Finding } from '../rule.js';

export function commitAdvice(blocking: readonly Finding[]): string {
  // The reported rule of a key covers all of its problems: suppressing it unblocks the commit.
  const ruleId = blocking[0]?.ruleId ?? '<rule-id>';
  const count = blocking.length;
  return [
    `jwtscan: commit blocked: ${count} JWT key finding${count === 1 ? '' : 's'} in the staged files.`,
    '  1. Move the key out of the code: read it from an environment variable or a secrets manager,',
    '     and generate a strong one: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
    '  2. ROTATE the key if it was ever committed or pushed anywhere: deleting it from the code does not',
    '     remove it from git history, forks or CI logs.',
    '  3. A test-only key or a false positive: suppress it with a reason on the line above',
    `       // jwtscan-ignore-next-line ${ruleId} -- why this key is safe`,
    '  Emergency only: git commit --no-verify skips this check (the key still has to be dealt with).',
    '',
  ].join('\n');
}
