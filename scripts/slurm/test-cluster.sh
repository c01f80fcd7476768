#!/usr/bin/env bash
# test-cluster.sh: run a sharded sweep on a real, single-node Slurm cluster
# and check that the merged tables are byte-identical to one machine's.
#
# What it does (see docs/cluster.md):
#   1. installs slurmctld, slurmd, slurm-client and munge from Debian's
#      packages when they are missing (needs root and the package mirror);
#   2. starts munged (as user munge), slurmctld and slurmd with every file in
#      a scratch folder named by SLURM_CONF, and waits for the node to be idle;
#   3. builds digisim, runs scripts/slurm/cluster-test.toml (400 runs) once
#      with digisim sweep, and once as a 4-task array plus the merge job
#      through digisim slurm --submit;
#   4. waits for the jobs (polling squeue), checks the 4 part files and
#      compares runs.csv, runs.parquet and bands.csv with cmp.
# It stops only the daemons it started, by their recorded PIDs, from an EXIT
# trap, and prints PASS or FAIL; the exit status is 0 only on PASS.
#
# Usage: scripts/slurm/test-cluster.sh      (as root; KEEP=1 keeps the scratch folder)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
unset DIGISIM # the scripts must name the binary that wrote them
experiment="$repo/scripts/slurm/cluster-test.toml"
tasks=4
t0=$SECONDS

say() { printf '[test-cluster %3ds] %s\n' "$((SECONDS - t0))" "$*"; }
fail() {
	say "FAIL: $*"
	exit 1
}

[ "$(id -u)" = 0 ] || fail "run as root: it installs packages and starts the Slurm and munge daemons"

# --- 1. packages -------------------------------------------------------
missing=()
for pair in slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client munged:munge; do
	cmd=${pair%%:*} pkg=${pair#*:}
	if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ]; then
		missing+=("$pkg")
	fi
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || fail "apt-get update failed"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]} failed"
	say "installed"
fi
[ -r /etc/munge/munge.key ] || fail "/etc/munge/munge.key is missing: the munge package should create it (reinstall munge)"

# --- 2. the cluster, in a scratch folder -------------------------------
scratch=$(mktemp -d /tmp/digisim-slurm.XXXXXX)
chmod 0755 "$scratch"
mkdir -p "$scratch"/{state,spool,log,run,bin}
export SLURM_CONF="$scratch/slurm.conf"
pids=()        # daemons this script started, stopped in this order's reverse
names=()
ctld=
result=FAIL

# stopped PID: true once the process is gone or a zombie. The machine's
# first process does not reap orphans, so a stopped daemon that was not our
# child stays as a zombie (State: Z); kill -0 would still succeed on it.
stopped() {
	local state
	state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 0
	[ -z "$state" ] || [ "$state" = Z ]
}

cleanup() {
	local status=$?
	set +e
	# Cancel our jobs first, so that no job step outlives slurmd.
	if [ -n "$ctld" ] && ! stopped "$ctld"; then
		jobs=$(squeue -h -o %i 2>/dev/null)
		[ -n "$jobs" ] && scancel $jobs 2>/dev/null
	fi
	local i pid n
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		pid=${pids[i]}
		stopped "$pid" && continue
		kill -TERM "$pid" 2>/dev/null
		for ((n = 0; n < 100; n++)); do
			stopped "$pid" && break
			sleep 0.1
		done
		if ! stopped "$pid"; then
			say "${names[i]} (pid $pid) did not stop on TERM; killing it"
			kill -KILL "$pid" 2>/dev/null
			sleep 0.2
		fi
		wait "$pid" 2>/dev/null # reaps our own children (slurmctld, slurmd)
		if ! stopped "$pid"; then
			say "${names[i]} (pid $pid) is still running"
			status=1
		fi
	done
	local zombies=()
	for ((i = 0; i < ${#pids[@]}; i++)); do
		if [ "$(awk '/^State:/ {print $2}' "/proc/${pids[i]}/status" 2>/dev/null)" = Z ]; then
			zombies+=("${names[i]}:${pids[i]}")
		fi
	done
	[ ${#zombies[@]} -gt 0 ] && say "stopped; left as zombies for want of a reaping init (harmless): ${zombies[*]}"
	if [ "$result" = PASS ] && [ "$status" = 0 ] && [ -z "${KEEP:-}" ]; then
		rm -rf "$scratch"
	else
		say "scratch folder kept: $scratch"
	fi
	if [ "$result" = PASS ] && [ "$status" = 0 ]; then
		say "PASS ($((SECONDS - t0)) s)"
		exit 0
	fi
	if [ "$result" = PASS ]; then
		say "FAIL: the checks passed but the daemons could not be stopped cleanly"
	else
		say "FAIL"
		for f in "$scratch"/log/*.log; do
			[ -s "$f" ] && { echo "--- last lines of $f"; tail -n 15 "$f"; }
		done
	fi
	exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpus=$(nproc)
mem_mb=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 / 2)) # half the memory, so slurmd never finds less
cat >"$SLURM_CONF" <<EOF
# Single-node cluster of scripts/slurm/test-cluster.sh; every path is in $scratch.
ClusterName=digisim-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$scratch/state
SlurmdSpoolDir=$scratch/spool
SlurmctldPidFile=$scratch/run/slurmctld.pid
SlurmdPidFile=$scratch/run/slurmd.pid
SlurmctldLogFile=$scratch/log/slurmctld.log
SlurmdLogFile=$scratch/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
MailProg=/bin/true
# Without it, small arrays take three times as long.
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

t_start=$SECONDS
install -d -o munge -g munge -m 0755 /run/munge
munge_pidfile=/run/munge/munged.pid
if [ -s "$munge_pidfile" ] && ! stopped "$(cat "$munge_pidfile")" && munge -n </dev/null >/dev/null 2>&1; then
	say "munged already running (pid $(cat "$munge_pidfile")); using it and leaving it running"
else
	rm -f "$munge_pidfile"
	runuser -u munge -- /usr/sbin/munged || fail "munged did not start (see /var/log/munge/munged.log)"
	for ((n = 0; n < 50; n++)); do
		[ -s "$munge_pidfile" ] && break
		sleep 0.1
	done
	[ -s "$munge_pidfile" ] || fail "munged wrote no $munge_pidfile"
	pids+=("$(cat "$munge_pidfile")")
	names+=(munged)
fi
munge -n </dev/null | unmunge >/dev/null || fail "munge does not work: munge -n | unmunge failed"

/usr/sbin/slurmctld -D -c >"$scratch/log/slurmctld.out" 2>&1 &
ctld=$!
pids+=($!)
names+=(slurmctld)
/usr/sbin/slurmd -D -N localhost >"$scratch/log/slurmd.out" 2>&1 &
pids+=($!)
names+=(slurmd)

state=
for ((n = 0; n < 300; n++)); do
	state=$(sinfo -h -N -o %T 2>/dev/null || true)
	[ "$state" = idle ] && break
	for ((i = 1; i < ${#pids[@]}; i++)); do
		stopped "${pids[i]}" && fail "${names[i]} exited at start (log: $scratch/log/${names[i]}.log)"
	done
	sleep 0.1
done
[ "$state" = idle ] || fail "the node is not idle after 30 s (state: ${state:-none}); see $scratch/log"
say "cluster up: node idle $((SECONDS - t_start)) s after starting the daemons ($cpus CPUs, ${mem_mb} MB)"

# --- 3. the sweeps -----------------------------------------------------
cd "$repo"
go build -o "$scratch/bin/digisim" ./cmd/digisim || fail "go build ./cmd/digisim failed"
digisim="$scratch/bin/digisim"
say "built $digisim"

"$digisim" sweep "$experiment" --out "$scratch/one" --workers "$cpus" >"$scratch/log/one.log" 2>&1 ||
	fail "one-machine sweep failed: $(tail -n 5 "$scratch/log/one.log")"
say "one-machine sweep done"

t_jobs=$SECONDS
submitted=$("$digisim" slurm "$experiment" --tasks "$tasks" --cpus 1 --mem 256M --time 00:10:00 \
	--out "$scratch/cluster" --submit 2>&1) || fail "digisim slurm --submit failed: $submitted"
echo "$submitted" | sed 's/^/    /'
array_id=$(echo "$submitted" | awk '$1 == "array" && $2 == "job" {print $3}')
merge_id=$(echo "$submitted" | awk '$1 == "merge" && $2 == "job" {print $3}')
[ -n "$array_id" ] && [ -n "$merge_id" ] || fail "no job ids in the output of digisim slurm --submit"
grep -q -- "--array=0-$((tasks - 1))$" "$scratch/cluster/slurm/array.sbatch" || fail "array.sbatch has no --array=0-$((tasks - 1))"

# --- 4. wait and check -------------------------------------------------
# Every job in this private cluster is ours: wait until the queue is empty.
for ((n = 0; n < 1200; n++)); do
	queue=$(squeue -h -o '%i %T' 2>&1) || fail "squeue failed: $queue"
	[ -z "$queue" ] && break
	sleep 0.1
done
[ -z "$queue" ] && say "array $array_id and merge $merge_id left the queue after $((SECONDS - t_jobs)) s" ||
	fail "jobs still queued after 120 s: $queue"

merge_state=$(scontrol show job -o "$merge_id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' || true)
for ((k = 0; k < tasks; k++)); do
	part=$(printf '%s/cluster/parts/part-%04d-of-%04d' "$scratch" "$k" "$tasks")
	if [ ! -s "$part.csv" ] || [ ! -s "$part.json" ]; then
		for f in "$scratch"/cluster/slurm/logs/*; do echo "--- $f"; cat "$f"; done
		fail "task $k left no part ($part.csv); see its log above"
	fi
done
say "all $tasks parts written"
if [ ! -s "$scratch/cluster/manifest.json" ]; then
	for f in "$scratch"/cluster/slurm/logs/merge-*; do echo "--- $f"; cat "$f"; done
	fail "the merge job wrote no manifest.json (${merge_state:-state unknown})"
fi
for f in runs.csv runs.parquet bands.csv; do
	cmp "$scratch/one/$f" "$scratch/cluster/$f" || fail "$f of the Slurm array differs from the one-machine sweep's"
done
say "runs.csv, runs.parquet and bands.csv are byte-identical to the one-machine sweep (${merge_state:-merge done})"
result=PASS
