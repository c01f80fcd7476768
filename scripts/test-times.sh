#!/usr/bin/env bash
# How long the test loop takes: the test cache cleared, the build cache
# warmed first (so that compiling is not counted), then go test ./... with
# the arguments given (default -short, the quick loop), timed. Prints the
# wall clock and the CPU time (user + sys, the go command and every test
# binary and child it waited for), the load average before and after (the
# machine may be shared: a wall time under load says little, the CPU time
# less so), the time the go command spent linking the test binaries and
# running them (from its -debug-trace: seconds of its -p slots, which
# other load stretches too), and the ten slowest links, packages and tests.
#
#   scripts/test-times.sh            # go test -short ./...  (the quick loop)
#   scripts/test-times.sh -count=1   # go test ./...         (the full one, as CI runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-short)
json=$(mktemp)
timing=$(mktemp)
trace=$(mktemp)
trap 'rm -f "$json" "$timing" "$trace"' EXIT
go test "${args[@]}" -run '^$' ./... >/dev/null # the build cache, warm
go clean -testcache
echo "load before: $(uptime | sed 's/.*load average: //')"
status=0
/usr/bin/time -f '%e %U %S' -o "$timing" go test "${args[@]}" -json -debug-trace="$trace" ./... >"$json" || status=$?
echo "load after:  $(uptime | sed 's/.*load average: //')"
read -r wall user sys <"$timing"
echo "go test ${args[*]} ./...: ${wall} s wall, $(awk "BEGIN{print $user + $sys}") s CPU (user $user, sys $sys), exit $status"
/usr/bin/python3 - "$json" "$(go list -m)/" "$trace" <<'EOF'
import json, sys
# The go command's trace: "Executing action (link M.test)" and
# "(test run M)" spans, begun (B) and ended (E) on one thread id.
begun, links, runs = {}, [], 0.0
for e in json.load(open(sys.argv[3])):
    name = e.get("name", "")
    if not name.startswith("Executing action ("):
        continue
    key = (name, e.get("tid"))
    if e.get("ph") == "B":
        begun[key] = e["ts"]
    elif e.get("ph") == "E" and key in begun:
        s = (e["ts"] - begun.pop(key)) / 1e6
        what = name[len("Executing action ("):-1]
        if what.startswith("link "):
            links.append((s, what[5:].removeprefix(sys.argv[2])))
        elif what.startswith("test run "):
            runs += s
print(f"linking {len(links)} test binaries: {sum(s for s, _ in links):.1f} s; running them: {runs:.1f} s (slot seconds)")
print("slowest links (wall s):")
for s, name in sorted(links, reverse=True)[:10]:
    print(f"  {s:7.2f}  {name}")
pkgs, tests = [], []
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("Action") not in ("pass", "fail", "skip") or "Elapsed" not in e:
        continue
    name = e["Package"].removeprefix(sys.argv[2])
    if not e.get("Test"):
        pkgs.append((e["Elapsed"], name, e["Action"]))
    elif "/" not in e["Test"]:
        tests.append((e["Elapsed"], name + " " + e["Test"], e["Action"]))
for title, rows in (("slowest packages (wall s)", pkgs), ("slowest tests (wall s)", tests)):
    print(title + ":")
    for el, name, act in sorted(rows, reverse=True)[:10]:
        print(f"  {el:7.2f}  {name}  {act}")
EOF
exit $status
