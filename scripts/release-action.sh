#!/usr/bin/env bash
# Publishes the GitHub Action's prebuilt bundle for a release (run by .github/workflows/release.yml
# after `npm run build`): a commit on top of the version tag's commit that adds the built dist/ files
# the package ships (package.json "files"; dist/ is git-ignored), and the major tag v<major> moved to
# it. action.yml runs that dist/ as it is, so `uses: <owner>/jwtscan@v<major>` needs neither `npm ci`
# nor a compile; a ref without dist/ (a version tag, a branch) is still built from source.
# Usage: scripts/release-action.sh <version tag, e.g. v1.2.3> [remote, default origin]
# The working tree and the index are left as they are (the commit is made from a temporary index).
set -euo pipefail

tag=${1:?usage: release-action.sh <version tag> [remote]}
remote=${2:-origin}
version=$(node -p 'require("./package.json").version')
if [ "$tag" != "v$version" ]; then
  echo "release-action: tag $tag is not package.json's version v$version" >&2
  exit 1
fi
mapfile -t built < <(node -p 'require("./package.json").files.filter((f) => f.startsWith("dist/")).join("\n")')
for file in "${built[@]}"; do
  if [ ! -e "$file" ]; then
    echo "release-action: $file is missing: run npm run build first" >&2
    exit 1
  fi
done

major="v${version%%.*}"
case $version in
  *-*) echo "release-action: $tag is a prerelease: $major stays where it is"; exit 0 ;;
esac

source_commit=$(git rev-parse --verify "refs/tags/$tag^{commit}")
scratch=$(mktemp -d)
trap 'rm -rf -- "$scratch"' EXIT
index=$scratch/index # a new file: git refuses an empty one
GIT_INDEX_FILE=$index git read-tree "$source_commit"
GIT_INDEX_FILE=$index git add --force -- "${built[@]}"
tree=$(GIT_INDEX_FILE=$index git write-tree)
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-github-actions[bot]} GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME} GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}
commit=$(git commit-tree "$tree" -p "$source_commit" -m "jwtscan $tag: the GitHub Action with its prebuilt dist/")

git tag --force "$major" "$commit" >/dev/null
git push --force "$remote" "refs/tags/$major"
echo "release-action: $major -> $commit ($tag with dist/)"
