#!/usr/bin/env bash
# Commits the state file and pushes it to BRANCH of REMOTE, with a bounded `git pull --rebase`
# retry loop. Exits non-zero when the commit cannot land: a job that ran an apply must never end
# green with bindings unpushed (the next apply would create those groups again).
#
#   push-state.sh REMOTE BRANCH [STATE_FILE [APPLIED_SHA]]
#   APPLIED_SHA: the merge this apply completed, recorded as a "Groupctl-Applied:" trailer
#                (an empty commit if the state is unchanged) so apply-merged.sh knows where
#                the next apply starts
#   GROUPCTL_PUSH_ATTEMPTS  tries in all (default 5); GROUPCTL_PUSH_DELAY seconds times the
#                           attempt number between tries (default 2)
set -uo pipefail
remote="$1"
branch="$2"
state="${3:-groups/groupctl.state.json}"
applied="${4:-}"
attempts="${GROUPCTL_PUSH_ATTEMPTS:-5}"
delay="${GROUPCTL_PUSH_DELAY:-2}"

git config user.name >/dev/null || git config user.name "groupctl"
git config user.email >/dev/null || git config user.email "groupctl@localhost"
if [ -f "$state" ]; then git add -- "$state"; fi
if [ -n "$applied" ]; then
  git commit -q --allow-empty -m "groupctl: applied ${applied:0:12} [skip ci]" -m "Groupctl-Applied: $applied" || exit 1
elif git diff --cached --quiet; then
  echo "The state file is unchanged."
  exit 0
else
  git commit -q -m "groupctl: record group bindings [skip ci]" || exit 1
fi
for attempt in $(seq 1 "$attempts"); do
  if git push -q "$remote" "HEAD:refs/heads/$branch"; then
    echo "State file pushed to $branch (attempt $attempt)."
    exit 0
  fi
  [ "$attempt" -eq "$attempts" ] && break
  echo "Push refused (attempt $attempt of $attempts): pulling $branch with a rebase, trying again."
  sleep $((attempt * delay))
  # The state file is written by applies only, and applies run one at a time: a conflict here
  # means someone edited it by hand, and only a person can merge that.
  if ! git pull -q --rebase "$remote" "$branch"; then
    git rebase --abort 2>/dev/null
    echo "::error title=groupctl state::the state file conflicts with $branch; it is kept in this job's artifacts: commit it by hand"
    exit 1
  fi
done
echo "::error title=groupctl state::could not push the state file to $branch after $attempts attempts; it is kept in this job's artifacts: commit it by hand"
exit 1
