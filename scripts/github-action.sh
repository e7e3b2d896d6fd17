#!/usr/bin/env bash
# The scan step of action.yml. Never fails by itself: it writes the SARIF file, sets the step
# outputs (sarif and findings, both empty when no file was written; exit-code) and exits 0, so a later `upload-sarif` with `if: always()`
# finds the file; the action's last step then fails the job with jwtscan's exit code.
# Inputs come in the environment (never spliced into the script: no shell injection). `paths` and
# `args` are one word per line, or a JSON array of strings: never split on spaces or quotes, so a
# quote in a name can neither drop the paths nor an argument such as --baseline.
set -uo pipefail

here=$(dirname -- "${BASH_SOURCE[0]}")
outputs() {
  {
    echo "exit-code=$1"
    echo "findings=$2"
    echo "sarif<<JWTSCAN_EOF"
    echo "$3"
    echo "JWTSCAN_EOF"
  } >> "${GITHUB_OUTPUT:-/dev/null}"
}
# A bad input stops before the scan: exit code 2 for the last step, the reason in the log.
split() {
  local -n into=$1
  local list problem
  list=$(mktemp)
  if ! problem=$(node "$here/action-inputs.mjs" "$2" "$3" 2>&1 > "$list"); then
    echo "::error::$problem" # a workflow command: GitHub shows it as an annotation
    rm -f -- "$list"
    return 1
  fi
  into=()
  while IFS= read -r -d '' word; do into+=("$word"); done < "$list"
  rm -f -- "$list"
}

paths=()
args=()
if ! split paths paths . || ! split args args ''; then
  outputs 2 '' ''
  exit 0
fi
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
outputs "$code" "$findings" "$sarif"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -n "$findings" ]; then
  echo "**jwtscan**: ${findings} finding(s) in \`${output}\`." >> "$GITHUB_STEP_SUMMARY"
fi
exit 0
