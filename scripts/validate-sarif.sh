#!/usr/bin/env bash
# Checks a SARIF file against GitHub code scanning's ingestion rules with Microsoft SARIF Multitool
# (rule kinds "Sarif;Ghas" and the GH1001–GH1007 policy in test/fixtures/sarif/gh-strict.config.xml).
# Multitool always exits 0, so the gate is its report: any error-level result fails.
# The JSON-schema check runs in `npm test` (Ajv against the official OASIS schema); this one is
# opt-in because Multitool is a ~100 MB download: `npm run validate:sarif -- out.sarif`.
set -euo pipefail
file=${1:?usage: validate-sarif.sh <file.sarif>}
root=$(cd "$(dirname "$0")/.." && pwd)
report=$(mktemp --suffix=.sarif)
npx --yes @microsoft/sarif-multitool@5.7.0 validate "$file" \
  --rule-kind '"Sarif;Ghas"' -c "$root/test/fixtures/sarif/gh-strict.config.xml" \
  -o "$report" --log ForceOverwrite >/dev/null
node -e '
const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const errors = (log.runs[0].results || []).filter((r) => r.level === "error");
for (const e of errors) console.error(`${e.ruleId}: ${JSON.stringify(e.message)}`);
console.log(`${process.argv[2]}: ${errors.length} Multitool error(s)`);
process.exit(errors.length === 0 ? 0 : 1);
' "$report" "$file"
