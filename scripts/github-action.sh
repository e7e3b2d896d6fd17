#!/usr/bin/env bash
# The scan step of action.yml. Never fails by itself: it writes the SARIF file, sets the step
# outputs (sarif and findings, both empty when no file was written; exit-code) and exits 0, so a later `upload-sarif` with `if: always()`
# finds the file; the action's last step then fails the job with jwtscan's exit code.
# Inputs come in the environment (never spliced into the script: no shell injection) and are split
# into words like a shell would (quotes and backslashes), without expanding anything.
set -uo pipefail

words() {
  if [ -n "${1//[[:space:]]/}" ]; then printf '%s' "$1" | xargs printf '%s\0'; fi
}

paths=()
while IFS= read -r -d '' word; do paths+=("$word"); done < <(words "${INPUT_PATHS:-.}")
args=()
while IFS= read -r -d '' word; do args+=("$word"); done < <(words "${INPUT_ARGS:-}")
category=()
if [ -n "${INPUT_CATEGORY:-}" ]; then category=(--category "$INPUT_CATEGORY"); fi
output="${INPUT_OUTPUT:-jwtscan.sarif}"

rm -f -- "$output" # a stale report must not be uploaded as this run's
mkdir -p -- "$(dirname -- "$output")"
# The user's args first, so the format, output and level the action depends on win.
node "$JWTSCAN_CLI" scan ${args[@]+"${args[@]}"} --format sarif --output "$output" --fail-on "${INPUT_FAIL_ON:-warning}" \
  ${category[@]+"${category[@]}"} -- ${paths[@]+"${paths[@]}"}
code=$?

findings=''
sarif=''
if [ -f "$output" ]; then
  sarif=$output
  # Results GitHub will show: suppressed ones (only with --include-suppressed) do not count.
  findings=$(node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(log.runs.reduce((n, run) => n + run.results.filter((r) => !(r.suppressions ?? []).length).length, 0));
  ' "$output") || findings=''
fi
{
  echo "exit-code=$code"
  echo "findings=$findings"
  echo "sarif<<JWTSCAN_EOF"
  echo "$sarif"
  echo "JWTSCAN_EOF"
} >> "${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -n "$findings" ]; then
  echo "**jwtscan**: ${findings} finding(s) in \`${output}\`." >> "$GITHUB_STEP_SUMMARY"
fi
exit 0
