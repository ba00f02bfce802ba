#!/usr/bin/env bash
# Applies, in merge order, every merge on BRANCH up to MERGED_SHA that changed the
# configuration and has not been applied yet, each one only if its plan is the plan reviewed
# on its own pull / merge request. Shared by the GitHub and GitLab recipes.
#
#   apply-merged.sh REMOTE BRANCH MERGED_SHA [CONFIG_DIR]
#
# Why a queue and not "apply this commit": GitHub keeps one pending run per concurrency group,
# so an apply waiting behind a running one is dropped when a third merge comes. The next apply
# finds the dropped merge here (it follows the last "Groupctl-Applied:" trailer on BRANCH) and
# applies it first, against its own review. A re-run of an old apply whose merge was applied,
# or is older than one applied since, does nothing: it can never put an older configuration
# back. Each merge's plan is made from ITS config with the NEWEST state file (BRANCH's head),
# so the state file never forks; each apply's state is pushed (push-state.sh) before the next.
#
# A merge whose new plan is not the reviewed one (the groups or an earlier merge changed what
# it does) is NOT applied: groupctl's comment on that request is replaced by the new plan with
# a note, the job fails, and re-running the job (GitHub: "Re-run jobs"; GitLab: "Retry") after
# reading the new plan applies it, as its digest is now the one shown.
#
# Environment: groupctl on PATH with its connection; the comment variables of the host
# (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL, or GITLAB_TOKEN, CI_API_V4_URL,
# CI_PROJECT_ID); GROUPCTL_APPLY_ARGS: extra apply flags as NUL-free words (split-args.mjs).
set -uo pipefail
remote="$1"
branch="$2"
merged="$3"
config="${4:-groups}"
config="${config%/}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="$config/groupctl.state.json"
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/at" >/dev/null 2>&1; rm -rf "$work"' EXIT
extra=()
if [ -n "${GROUPCTL_APPLY_ARGS:-}" ]; then
  mapfile -d '' extra < <(node "$here/split-args.mjs" apply-args "$GROUPCTL_APPLY_ARGS") || exit 1
fi

# The newest state file is BRANCH's head (the checkout needs full history: fetch-depth 0).
git fetch -q "$remote" "refs/heads/$branch" || exit 1
git checkout -q -B groupctl-apply FETCH_HEAD || exit 1

last=$(git log -1 --format='%(trailers:key=Groupctl-Applied,valueonly)' --grep='^Groupctl-Applied: ' HEAD | head -1 | tr -d '[:space:]')
if [ -n "$last" ] && git merge-base --is-ancestor "$merged" "$last"; then
  echo "Nothing to apply: $merged was applied already, or a later merge ($last) was."
  exit 0
fi
if [ -n "$last" ]; then
  queue=$(git rev-list --first-parent --reverse "$last..$merged" -- "$config" ":(exclude)$state")
else
  queue="$merged"
fi
[ -n "$queue" ] || { echo "No configuration change to apply up to $merged."; exit 0; }

for commit in $queue; do
  echo "== Applying $commit ($(git log -1 --format=%s "$commit"))"
  git worktree remove --force "$work/at" >/dev/null 2>&1
  git worktree add -q --detach "$work/at" "$commit" || exit 1
  export GITHUB_SHA="$commit" CI_COMMIT_SHA="$commit"
  groupctl plan "$work/at/$config/" --state "$state" --out "$work/plan.json" || exit 1
  if ! groupctl comment --plan "$work/plan.json" --verify; then
    groupctl comment --plan "$work/plan.json" --note "⚠️ Not applied: the plan made after the merge is not the reviewed plan (the groups, or a merge before this one, changed what it does). This comment now shows the new plan: read it, then re-run the apply job to apply exactly this plan.${GROUPCTL_RUN_URL:+ Run: $GROUPCTL_RUN_URL}" ||
      echo "::warning title=groupctl::could not post the new plan on the request"
    echo "::error title=groupctl::$commit not applied: its plan is not the reviewed one; see the request's comment"
    exit 1
  fi
  code=0
  groupctl apply "$work/at/$config/" --state "$state" --plan "$work/plan.json" --auto-approve --report "${GROUPCTL_REPORT:-apply-report.json}" "${extra[@]}" || code=$?
  # Pushed whether or not the apply succeeded: the groups it created must stay bound.
  "$here/push-state.sh" "$remote" "$branch" "$state" "$([ "$code" -eq 0 ] && echo "$commit")" || exit 1
  if [ "$code" -ne 0 ]; then
    groupctl comment --plan "$work/plan.json" --note "⚠️ The apply did not complete (exit $code).${GROUPCTL_RUN_URL:+ Run: $GROUPCTL_RUN_URL}" || true
    exit "$code"
  fi
done
