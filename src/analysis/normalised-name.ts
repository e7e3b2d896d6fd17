/**
 * A name with case and separators removed, the form every name list in rules/data is written in:
 * `JWT_SECRET`, `jwtSecret` and `jwt-secret` are all `jwtsecret`.
 *
 * Remembers the last answer: the rules visiting one property in turn each ask for its name, and a
 * generated object of thousands of long keys (medusa's edit-dates.mjs) made this the top function
 * of its analysis.
 */
let lastName: string | undefined;
let lastNormalised = '';

export function normalisedName(name: string): string {
  if (name !== lastName) {
    lastNormalised = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    lastName = name;
  }
  return lastNormalised;
}
