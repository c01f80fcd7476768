package slurm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/runstore"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/workflow/sweep"
)

// Options are the flags of digisim slurm.
type Options struct {
	Experiment string
	Tasks      int
	Partition  string
	Time       string
	CPUs       int
	Mem        string
	Out        string
	Submit     bool
	Args       []string
}

// Each array task costs about 0.5-1.5 s of scheduling (docs/cluster.md), so
// a task must run a chunk of runs: fewer than minRunsPerTask is refused,
// fewer than fewRunsPerTask draws a warning.
const (
	minRunsPerTask = 10
	fewRunsPerTask = 100
	// maxArraySize is Slurm's default MaxArraySize: indices 0-1000.
	maxArraySize = 1001
)

var (
	slurmTimeRE      = regexp.MustCompile(`^(([0-9]+-)?[0-9]+(:[0-9]+){0,2}|UNLIMITED|INFINITE)$`)
	slurmMemRE       = regexp.MustCompile(`^[0-9]+[KMGT]?$`)
	slurmPartitionRE = regexp.MustCompile(`^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$`)
	jobNameRE        = regexp.MustCompile(`[^A-Za-z0-9._-]+`)
	shellSafeRE      = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)
)

// Check validates the options that end up in #SBATCH lines, which cannot
// be quoted.
func (o *Options) Check() error {
	var errs []error
	if o.Tasks < 1 {
		errs = append(errs, usage.Errorf("slurm: --tasks %d: give the number of array tasks, at least 1 (e.g. --tasks 100)", o.Tasks))
	}
	if o.CPUs < 1 {
		errs = append(errs, usage.Errorf("slurm: --cpus %d: want at least 1", o.CPUs))
	}
	if !slurmTimeRE.MatchString(o.Time) {
		errs = append(errs, usage.Errorf("slurm: --time %q: want minutes, HH:MM:SS or D-HH:MM:SS, e.g. 02:00:00", o.Time))
	}
	if !slurmMemRE.MatchString(o.Mem) {
		errs = append(errs, usage.Errorf("slurm: --mem %q: want a size such as 500M or 2G", o.Mem))
	}
	if o.Partition != "" && !slurmPartitionRE.MatchString(o.Partition) {
		errs = append(errs, usage.Errorf("slurm: --partition %q: want a partition name (letters, digits, . _ -), or a comma-separated list", o.Partition))
	}
	return errors.Join(errs...)
}

// Job is everything the scripts say: resolved, absolute paths and the
// experiment's size.
type Job struct {
	Name       string // experiment name
	JobName    string // name safe for --job-name
	Experiment string // as digisim takes it: a shipped name or an absolute path
	Digisim    string // absolute path of the binary
	Out        string // absolute output folder
	Dir        string // Out/slurm: the scripts
	Logs       string // Dir/logs
	Tasks      int
	Runs       int
	MinPerTask int
	MaxPerTask int
	Partition  string
	Time       string
	CPUs       int
	Mem        string
	Command    string // the digisim command line that wrote the scripts
}

// Throttle is an example limit of tasks at once, for the comments.
func (j Job) Throttle() int { return max(1, j.Tasks/4) }

// Last is the last array index.
func (j Job) Last() int { return j.Tasks - 1 }

// PartPattern is the path of task K's part, K as printf's %04d.
func (j Job) PartPattern() string {
	return filepath.Join(j.Out, runstore.PartsDir, fmt.Sprintf("part-%%04d-of-%04d.csv", j.Tasks))
}

// slurmScripts are the files digisim slurm writes into DIR/slurm.
type slurmScripts struct {
	Array, Merge, Submit string
}

// Script names inside DIR/slurm.
const (
	slurmArrayFile  = "array.sbatch"
	slurmMergeFile  = "merge.sbatch"
	slurmSubmitFile = "submit.sh"
)

// Write resolves the options against the experiment and this binary,
// writes array.sbatch, merge.sbatch and submit.sh into <out>/slurm, and
// with o.Submit submits the array and the merge that waits for it.
func Write(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	e, err := experiments.Load(o.Experiment)
	if err != nil {
		return err
	}
	// Its outcomes and series, before an array is queued to find them wrong.
	if err := sweep.Check(ctx, e); err != nil {
		return err
	}
	job, warnings, err := newSlurmJob(o, e)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if err := staleParts(job.Out, job.Tasks); err != nil {
		return err
	}
	s, err := job.scripts()
	if err != nil {
		return err
	}
	// Slurm does not create the folder of --output: a task whose log
	// folder is missing fails without a word.
	if err := os.MkdirAll(job.Logs, 0o755); err != nil {
		return fmt.Errorf("slurm: %w", err)
	}
	for _, f := range []struct{ name, text string }{
		{slurmArrayFile, s.Array}, {slurmMergeFile, s.Merge}, {slurmSubmitFile, s.Submit},
	} {
		if err := atomicfile.WriteFile(filepath.Join(job.Dir, f.name), []byte(f.text)); err != nil {
			return fmt.Errorf("slurm: %w", err)
		}
	}
	os.Chmod(filepath.Join(job.Dir, slurmSubmitFile), 0o755) // convenience only
	arrayPath, mergePath := filepath.Join(job.Dir, slurmArrayFile), filepath.Join(job.Dir, slurmMergeFile)
	fmt.Fprintf(stdout, "%s: %d runs in %d tasks of %s runs each\n", job.Name, job.Runs, job.Tasks, job.perTask())
	fmt.Fprintf(stdout, "wrote %s\n      %s\n      %s\n", arrayPath, mergePath, filepath.Join(job.Dir, slurmSubmitFile))
	if !o.Submit {
		fmt.Fprintf(stdout, "edit them for your site if needed, then submit both with: sh %s\n(or run digisim slurm again with --submit)\n",
			filepath.Join(job.Dir, slurmSubmitFile))
		return nil
	}
	arrayID, err := sbatch(ctx, arrayPath)
	if err != nil {
		return err
	}
	mergeID, err := sbatch(ctx, "--dependency=afterok:"+arrayID, mergePath)
	if err != nil {
		return fmt.Errorf("%w\nthe array job %s was submitted; submit the merge by hand: sbatch --dependency=afterok:%s %s", err, arrayID, arrayID, mergePath)
	}
	fmt.Fprintf(stdout, "array job %s (%d tasks), logs %s\n", arrayID, job.Tasks, filepath.Join(job.Logs, "array-"+arrayID+"_K.out"))
	fmt.Fprintf(stdout, "merge job %s (starts when every task has succeeded), log %s\n", mergeID, filepath.Join(job.Logs, "merge-"+mergeID+".out"))
	fmt.Fprintf(stdout, "watch with: squeue -j %s,%s\n", arrayID, mergeID)
	return nil
}

// newSlurmJob resolves the options against the experiment and the
// binary, and returns the job with warnings for the user.
func newSlurmJob(o Options, e *experiments.Experiment) (Job, []string, error) {
	var warnings []string
	runs := e.Run.Runs()
	if o.Tasks > 1 && runs/o.Tasks < minRunsPerTask {
		most := max(runs/minRunsPerTask, 1)
		return Job{}, nil, usage.Errorf("slurm: --tasks %d: %s has %d runs, %s a task; each task costs about a second of scheduling, "+
			"so give each at least %d runs: use --tasks %d or fewer", o.Tasks, e.Name, runs, plural(runs/o.Tasks, "run"), minRunsPerTask, most)
	}
	if o.Tasks > 1 && runs/o.Tasks < fewRunsPerTask {
		warnings = append(warnings, fmt.Sprintf("%d tasks of about %d runs: each task costs about a second of scheduling; "+
			"fewer, larger tasks (--tasks %d or fewer) usually finish sooner", o.Tasks, runs/o.Tasks, max(runs/fewRunsPerTask, 1)))
	}
	if o.Tasks > maxArraySize {
		warnings = append(warnings, fmt.Sprintf("%d tasks exceed Slurm's default MaxArraySize (%d); check your site's with: scontrol show config | grep MaxArraySize",
			o.Tasks, maxArraySize))
	}

	out := o.Out
	if out == "" {
		out = filepath.Join("out", e.Name)
	}
	out, err := filepath.Abs(out)
	if err != nil {
		return Job{}, nil, fmt.Errorf("slurm: --out: %w", err)
	}
	// Paths in #SBATCH lines cannot be quoted, and % starts a pattern.
	if strings.ContainsAny(out, " \t\n\r\"'%\\$`") {
		return Job{}, nil, usage.Errorf("slurm: --out %q: Slurm's #SBATCH lines cannot hold spaces, quotes, %%, $ or backslashes in paths; choose another folder", out)
	}

	expRef := o.Experiment
	if strings.HasSuffix(expRef, ".toml") || strings.ContainsRune(expRef, filepath.Separator) {
		// A file: tasks start in another folder, maybe on another node.
		if expRef, err = filepath.Abs(expRef); err != nil {
			return Job{}, nil, fmt.Errorf("slurm: experiment %s: %w", o.Experiment, err)
		}
	}

	bin, how := os.Getenv("DIGISIM"), "the DIGISIM environment variable"
	if bin == "" {
		if bin, err = os.Executable(); err != nil {
			return Job{}, nil, fmt.Errorf("slurm: cannot find the path of this digisim binary (%w); set DIGISIM to it", err)
		}
		how = "this binary"
	}
	if bin, err = filepath.Abs(bin); err != nil {
		return Job{}, nil, fmt.Errorf("slurm: DIGISIM: %w", err)
	}
	if strings.Contains(bin, string(filepath.Separator)+"go-build") {
		warnings = append(warnings, fmt.Sprintf("%s (%s) is a temporary build of go run, gone when it exits: "+
			"build digisim with go build -o PATH, on a file system the nodes see, and set DIGISIM=PATH", bin, how))
	}

	jobName := jobNameRE.ReplaceAllString(e.Name, "_")
	var cmd []string
	for _, a := range append([]string{"digisim"}, o.Args...) {
		cmd = append(cmd, ShellQuote(a))
	}
	dir := filepath.Join(out, "slurm")
	return Job{
		Name:       e.Name,
		JobName:    "digisim-" + jobName,
		Experiment: expRef,
		Digisim:    bin,
		Out:        out,
		Dir:        dir,
		Logs:       filepath.Join(dir, "logs"),
		Tasks:      o.Tasks,
		Runs:       runs,
		MinPerTask: runs / o.Tasks,
		MaxPerTask: (runs + o.Tasks - 1) / o.Tasks,
		Partition:  o.Partition,
		Time:       o.Time,
		CPUs:       o.CPUs,
		Mem:        o.Mem,
		Command:    strings.Join(cmd, " "),
	}, warnings, nil
}

// staleParts refuses an output folder that holds parts of another shard
// count: merge would refuse to mix them, after the whole array has run.
func staleParts(out string, tasks int) error {
	infos, _ := filepath.Glob(filepath.Join(out, runstore.PartsDir, "part-*-of-*.json"))
	want := fmt.Sprintf("-of-%04d.json", tasks)
	for _, p := range infos {
		if !strings.HasSuffix(p, want) {
			_, of, _ := strings.Cut(strings.TrimSuffix(filepath.Base(p), ".json"), "-of-")
			return fmt.Errorf("slurm: %s holds parts of a %s-shard sweep (%s), and merge will not mix them with %d new ones: "+
				"remove them (rm %s) or choose another --out", filepath.Join(out, runstore.PartsDir), strings.TrimLeft(of, "0"), filepath.Base(p), tasks,
				filepath.Join(out, runstore.PartsDir, "part-*-of-"+of+".*"))
		}
	}
	return nil
}

func (j Job) perTask() string {
	if j.MinPerTask == j.MaxPerTask {
		return strconv.Itoa(j.MinPerTask)
	}
	return fmt.Sprintf("%d-%d", j.MinPerTask, j.MaxPerTask)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// scripts renders the three files.
func (j Job) scripts() (slurmScripts, error) {
	var s slurmScripts
	for _, f := range []struct {
		dst  *string
		tmpl *template.Template
	}{{&s.Array, arrayTemplate}, {&s.Merge, mergeTemplate}, {&s.Submit, submitTemplate}} {
		var b bytes.Buffer
		if err := f.tmpl.Execute(&b, j); err != nil {
			return s, fmt.Errorf("slurm: writing %s: %w", f.tmpl.Name(), err)
		}
		*f.dst = b.String()
	}
	return s, nil
}

// ShellQuote quotes s for a POSIX shell when it needs it.
func ShellQuote(s string) string {
	if s != "" && shellSafeRE.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var slurmFuncs = template.FuncMap{"q": ShellQuote}

// The #SBATCH lines carry their explanation on the lines above: sbatch
// reads directives only up to the first command, and text after a
// directive on the same line is not a comment everywhere.
var arrayTemplate = template.Must(template.New(slurmArrayFile).Funcs(slurmFuncs).Parse(`#!/bin/bash
# Slurm job array: the digisim sweep of experiment {{.Name}}, in shards.
#
# {{.Runs}} runs in {{.Tasks}} array tasks. Task K runs shard K/{{.Tasks}}: a contiguous
# chunk of {{.MinPerTask}}{{if ne .MinPerTask .MaxPerTask}}-{{.MaxPerTask}}{{end}} runs. Each writes its part atomically to
#   {{.Out}}/parts/part-KKKK-of-{{printf "%04d" .Tasks}}.csv
# and merge.sbatch, once every task has succeeded, merges the parts into
# runs.csv, runs.parquet, bands.csv and manifest.json in {{.Out}}:
# the same tables, byte for byte, as one machine's digisim sweep.
#
# Written by: {{.Command}}
#
# Submit the array and the merge (which waits for the whole array):
#   sh {{.Dir}}/submit.sh
# or by hand:
#   sbatch --parsable {{.Dir}}/array.sbatch    # prints the array job id
#   sbatch --dependency=afterok:ARRAY_JOB_ID {{.Dir}}/merge.sbatch
# Re-run failed task K alone (the other parts are kept; a task cut short
# by its time limit continues where it stopped), then merge again:
#   sbatch --array=K {{.Dir}}/array.sbatch
#   sbatch --dependency=afterok:NEW_JOB_ID {{.Dir}}/merge.sbatch
#
# What to edit for your site: the #SBATCH lines below, each explained
# above it (partition, time, memory, CPUs; uncomment --account or --qos if
# your site needs them). Do not edit --array or the shard count N below
# by hand: run digisim slurm again with another --tasks instead. The
# digisim binary, the experiment and {{.Out}} must be on a
# file system that every compute node sees.
#
# Name shown by squeue.
#SBATCH --job-name={{.JobName}}
# One task per shard, indices 0 to N-1. Append %P (e.g. --array=0-{{.Last}}%{{.Throttle}})
# to run at most P tasks at once.
#SBATCH --array=0-{{.Last}}
# Partition (queue) to run in; {{if .Partition}}sinfo lists them.
#SBATCH --partition={{.Partition}}{{else}}without one the cluster's default is used;
# sinfo lists them. Uncomment and set to choose one.
##SBATCH --partition=PARTITION{{end}}
# Account and quality of service, where your site asks for them.
##SBATCH --account=ACCOUNT
##SBATCH --qos=QOS
# Wall-clock limit of each task (D-HH:MM:SS). A task that reaches it is
# killed; re-run it with sbatch --array=K and it resumes.
#SBATCH --time={{.Time}}
# One process per task, on one node.
#SBATCH --ntasks=1
# CPUs of each task: digisim runs this many runs at once (--workers).
#SBATCH --cpus-per-task={{.CPUs}}
# Memory of each task: a shard streams its rows to disk, so this hardly
# grows with the number of runs; raise it for very long series.
#SBATCH --mem={{.Mem}}
# Log (stdout and stderr) of task K of array job J: logs/array-J_K.out.
#SBATCH --output={{.Logs}}/array-%A_%a.out

set -euo pipefail

# The digisim binary that wrote this script; set DIGISIM (sbatch passes on
# the environment it is run in) to use another one.
if [ -z "${DIGISIM:-}" ]; then DIGISIM={{q .Digisim}}; fi
N={{.Tasks}}
OUT={{q .Out}}
K=${SLURM_ARRAY_TASK_ID:?run this script with sbatch: it is a job array}

# A task run again after a time limit, preemption or node failure
# continues its interrupted shard instead of starting it over.
part=$(printf {{q .PartPattern}} "$K")
resume=
if [ -e "$part.state.json" ] && [ -e "$part.partial" ]; then resume=yes; fi

echo "digisim shard $K/$N of {{.Name}}: job ${SLURM_ARRAY_JOB_ID:-?}_$K on $(hostname), ${SLURM_CPUS_PER_TASK:-{{.CPUs}}} CPUs${resume:+, resuming}"
exec "$DIGISIM" sweep {{q .Experiment}} --shard "$K/$N" --out "$OUT" --workers "${SLURM_CPUS_PER_TASK:-{{.CPUs}}}" ${resume:+--resume}
`))

var mergeTemplate = template.Must(template.New(slurmMergeFile).Funcs(slurmFuncs).Parse(`#!/bin/bash
# Slurm job: merge the {{.Tasks}} parts of the digisim sweep of experiment {{.Name}}
# into runs.csv, runs.parquet, bands.csv and manifest.json in
#   {{.Out}}
# digisim merge checks that every part is of this experiment (its hash),
# that no shard is missing or there twice, and that no part is cut short;
# if any is, it says which shard to re-run and writes nothing.
#
# Written by: {{.Command}}
#
# Submit it to start once every task of the array has succeeded:
#   sbatch --dependency=afterok:ARRAY_JOB_ID {{.Dir}}/merge.sbatch
# (sh {{.Dir}}/submit.sh submits both.) If a task fails, Slurm
# drops this job (--kill-on-invalid-dep below): re-run the failed task
# with sbatch --parsable --array=K {{.Dir}}/array.sbatch and submit this
# again with --dependency=afterok:NEW_JOB_ID; or, once every part is
# there, run the merge anywhere that sees {{.Out}}:
#   {{q .Digisim}} merge {{q .Out}} --experiment {{q .Experiment}}
#
# Name shown by squeue.
#SBATCH --job-name={{.JobName}}-merge
# Leave the queue when the array fails instead of waiting forever.
#SBATCH --kill-on-invalid-dep=yes
# Partition (queue) to run in; {{if .Partition}}sinfo lists them.
#SBATCH --partition={{.Partition}}{{else}}without one the cluster's default is used.
##SBATCH --partition=PARTITION{{end}}
# Account and quality of service, where your site asks for them.
##SBATCH --account=ACCOUNT
##SBATCH --qos=QOS
# Wall-clock limit: the merge reads every run once, in a fraction of the
# time of the sweep.
#SBATCH --time={{.Time}}
# One process, one CPU: the merge reads the parts one after another.
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
# Memory: the band table holds every run's series values at once, about
# runs x series x output times x 8 bytes.
#SBATCH --mem={{.Mem}}
# Log (stdout and stderr) of merge job J: logs/merge-J.out.
#SBATCH --output={{.Logs}}/merge-%j.out

set -euo pipefail

# The digisim binary that wrote this script; set DIGISIM to use another one.
if [ -z "${DIGISIM:-}" ]; then DIGISIM={{q .Digisim}}; fi

echo "digisim merge of {{.Name}}: job ${SLURM_JOB_ID:-?} on $(hostname)"
exec "$DIGISIM" merge {{q .Out}} --experiment {{q .Experiment}}
`))

var submitTemplate = template.Must(template.New(slurmSubmitFile).Funcs(slurmFuncs).Parse(`#!/bin/sh
# Submits the job array of the digisim sweep of experiment {{.Name}} and the
# merge job that waits for it; prints both job ids.
# Written by: {{.Command}}
set -eu
array=$(sbatch --parsable {{q .Dir}}/array.sbatch)
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" {{q .Dir}}/merge.sbatch)
merge=${merge%%;*}
echo "array job $array ({{.Tasks}} tasks), merge job $merge"
echo "watch with: squeue -j $array,$merge"
`))

// sbatch submits a script with sbatch --parsable and returns the job id.
func sbatch(ctx context.Context, args ...string) (string, error) {
	path, err := exec.LookPath("sbatch")
	if err != nil {
		return "", fmt.Errorf("slurm: sbatch is not on PATH: run this on a Slurm login node, or submit the scripts there with sh %s",
			filepath.Join(filepath.Dir(args[len(args)-1]), slurmSubmitFile))
	}
	cmd := exec.CommandContext(ctx, path, append([]string{"--parsable"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("slurm: sbatch %s: %s", strings.Join(args, " "), msg)
	}
	// --parsable prints "ID" or "ID;CLUSTER".
	id, _, _ := strings.Cut(strings.TrimSpace(out.String()), ";")
	if _, err := strconv.Atoi(id); err != nil {
		return "", fmt.Errorf("slurm: sbatch %s printed %q, not a job id", strings.Join(args, " "), strings.TrimSpace(out.String()))
	}
	return id, nil
}
