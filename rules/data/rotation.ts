/**
 * The rotation checklist every rule's help carries (rendered by `jwtscan rules <id>` and into the
 * README): a key that was committed is exposed, whatever the fix to the code.
 */
export const ROTATION_CHECKLIST = `## Rotating a committed key
Moving the key out of the code does not un-leak it: treat every key that was committed as exposed.
1. Generate a new key: \`jwtscan gen-secret\` (\`--alg\` for the algorithm the service signs with).
2. Deploy it to the service's environment or secrets manager, under its own name per service and environment.
3. Invalidate the tokens signed with the old key, or accept both keys for one token lifetime (sign
   with the new key, verify with either) and then drop the old one.
4. Remove the old key from the code, configuration and \`.env\` files.
5. Treat the git history as exposed: the key stays in every clone, fork and CI cache, and rewriting
   history does not recall it. \`jwtscan scan --history\` names the commit that first added it.`;
