# Sourced by scripts/bench-ab.sh and scripts/bench-single.sh: checks that
# $rev (set by the caller, with $repo and $name, the script's name for
# errors) is a revision, and builds package sim's test binary of that
# revision and of this tree into $work (rev.test and tree.test), in a
# temporary folder and worktree removed on exit.
git -C "$repo" rev-parse --verify -q "$rev^{commit}" >/dev/null || {
	echo "$name: '$rev' is not a revision of $repo; give a commit, branch or tag (for example HEAD~3)" >&2
	exit 2
}
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/rev" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$repo" worktree add -q --detach "$work/rev" "$rev"
(cd "$work/rev" && go test -c -o "$work/rev.test" ./sim)
(cd "$repo" && go test -c -o "$work/tree.test" ./sim)
