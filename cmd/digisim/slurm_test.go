package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/runstore"
	"github.com/digisim/digisim/workflow/slurm"
)

// fakeDigisim is where the scripts under test believe digisim lives.
const fakeDigisim = "/opt/digisim/bin/digisim"

// sbatchLines returns the #SBATCH directives of a script, and fails if one
// comes after the first command: sbatch stops reading them there.
func sbatchLines(t *testing.T, name, script string) []string {
	t.Helper()
	var directives []string
	commands := false
	for i, line := range strings.Split(script, "\n") {
		switch {
		case strings.HasPrefix(line, "#SBATCH"):
			if commands {
				t.Errorf("%s:%d: %q comes after the first command; sbatch ignores it", name, i+1, line)
			}
			directives = append(directives, strings.TrimSpace(strings.TrimPrefix(line, "#SBATCH")))
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			commands = true
		}
	}
	return directives
}

func slurmFiles(t *testing.T, out string) (array, merge, submit string) {
	t.Helper()
	dir := filepath.Join(out, "slurm")
	return string(readFile(t, filepath.Join(dir, "array.sbatch"))),
		string(readFile(t, filepath.Join(dir, "merge.sbatch"))),
		string(readFile(t, filepath.Join(dir, "submit.sh")))
}

// TestSlurmScripts: the array covers shards 0 to N-1, every setting lands
// in its #SBATCH line, and the command lines name the binary, the
// experiment and the output folder by absolute path.
func TestSlurmScripts(t *testing.T) {
	t.Setenv("DIGISIM", fakeDigisim)
	dir := t.TempDir()
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	for _, c := range []struct {
		tasks int
		args  []string
		want  []string // directives of the array job, beyond the common ones
	}{
		{1, nil, []string{"--array=0-0", "--time=01:00:00", "--cpus-per-task=1", "--mem=1G"}},
		{3, []string{"--partition", "short", "--time", "00:30:00", "--cpus", "4", "--mem", "2G"},
			[]string{"--array=0-2", "--partition=short", "--time=00:30:00", "--cpus-per-task=4", "--mem=2G"}},
		{4, []string{"--time", "2-00:00:00", "--mem", "500M"}, []string{"--array=0-3", "--time=2-00:00:00", "--mem=500M"}},
	} {
		t.Run(fmt.Sprintf("N=%d", c.tasks), func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprintf("out-%d", c.tasks))
			args := append([]string{"slurm", exp, "--tasks", fmt.Sprint(c.tasks), "--out", out}, c.args...)
			stdout := mustCLI(t, args...)
			if !strings.Contains(stdout, "sh "+filepath.Join(out, "slurm", "submit.sh")) {
				t.Errorf("output does not say how to submit:\n%s", stdout)
			}
			array, merge, submit := slurmFiles(t, out)
			logs := filepath.Join(out, "slurm", "logs")
			if st, err := os.Stat(logs); err != nil || !st.IsDir() {
				t.Errorf("no log folder %s: Slurm does not create it, and tasks would fail silently", logs)
			}

			got := sbatchLines(t, "array.sbatch", array)
			for _, w := range append(c.want, "--job-name=digisim-small", "--ntasks=1", "--output="+logs+"/array-%A_%a.out") {
				if !slices.Contains(got, w) {
					t.Errorf("array.sbatch lacks #SBATCH %s; has %q", w, got)
				}
			}
			if hasPartition := slices.ContainsFunc(got, func(d string) bool { return strings.HasPrefix(d, "--partition") }); hasPartition != slices.Contains(c.args, "--partition") {
				t.Errorf("array.sbatch: #SBATCH --partition present = %v, want %v", hasPartition, !hasPartition)
			}
			cpus := "1"
			if i := slices.Index(c.args, "--cpus"); i >= 0 {
				cpus = c.args[i+1]
			}
			for _, w := range []string{
				"#!/bin/bash\n",
				"\nset -euo pipefail\n",
				"if [ -z \"${DIGISIM:-}\" ]; then DIGISIM=" + fakeDigisim + "; fi\n",
				fmt.Sprintf("\nN=%d\n", c.tasks),
				"\nOUT=" + out + "\n",
				fmt.Sprintf(`exec "$DIGISIM" sweep %s --shard "$K/$N" --out "$OUT" --workers "${SLURM_CPUS_PER_TASK:-%s}" ${resume:+--resume}`, exp, cpus),
				fmt.Sprintf("sbatch --dependency=afterok:ARRAY_JOB_ID %s/slurm/merge.sbatch", out),
				fmt.Sprintf("sbatch --array=K %s/slurm/array.sbatch", out),
			} {
				if !strings.Contains(array, w) {
					t.Errorf("array.sbatch lacks %q", w)
				}
			}

			got = sbatchLines(t, "merge.sbatch", merge)
			for _, w := range []string{"--job-name=digisim-small-merge", "--kill-on-invalid-dep=yes", "--cpus-per-task=1",
				"--output=" + logs + "/merge-%j.out"} {
				if !slices.Contains(got, w) {
					t.Errorf("merge.sbatch lacks #SBATCH %s; has %q", w, got)
				}
			}
			for _, w := range []string{
				fmt.Sprintf(`exec "$DIGISIM" merge %s --experiment %s`, out, exp),
				fmt.Sprintf("sbatch --dependency=afterok:ARRAY_JOB_ID %s/slurm/merge.sbatch", out),
			} {
				if !strings.Contains(merge, w) {
					t.Errorf("merge.sbatch lacks %q", w)
				}
			}
			if slices.ContainsFunc(got, func(d string) bool { return strings.HasPrefix(d, "--array") }) {
				t.Error("merge.sbatch is an array job")
			}

			for _, w := range []string{
				fmt.Sprintf("array=$(sbatch --parsable %s/slurm/array.sbatch)", out),
				fmt.Sprintf(`merge=$(sbatch --parsable --dependency=afterok:"$array" %s/slurm/merge.sbatch)`, out),
			} {
				if !strings.Contains(submit, w) {
					t.Errorf("submit.sh lacks %q:\n%s", w, submit)
				}
			}
		})
	}
}

// TestSlurmQuoting: paths a shell would split are quoted on command lines.
func TestSlurmQuoting(t *testing.T) {
	bin := "/opt/it's here/digisim"
	t.Setenv("DIGISIM", bin)
	dir := filepath.Join(t.TempDir(), "my experiments")
	os.MkdirAll(dir, 0o755)
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	out := filepath.Join(t.TempDir(), "out")
	mustCLI(t, "slurm", exp, "--tasks", "2", "--out", out)
	array, merge, _ := slurmFiles(t, out)
	for _, w := range []string{`DIGISIM='/opt/it'\''s here/digisim'`, "sweep '" + exp + "' --shard"} {
		if !strings.Contains(array, w) {
			t.Errorf("array.sbatch lacks %q", w)
		}
	}
	if !strings.Contains(merge, "--experiment '"+exp+"'") {
		t.Errorf("merge.sbatch does not quote the experiment path %q", exp)
	}
}

// fakeCommand writes an executable shell script named name into dir.
func fakeCommand(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestSlurmScriptRunsTheShard runs array.sbatch as Slurm would start task
// 2, with a stand-in for digisim that records its arguments: the task runs
// shard 2/N with the task's CPUs as workers, and resumes an interrupted
// shard.
func TestSlurmScriptRunsTheShard(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the script with")
	}
	dir := t.TempDir()
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	bin := t.TempDir()
	record := filepath.Join(dir, "args")
	fakeCommand(t, bin, "digisim", `for a in "$@"; do printf '%s\n' "$a"; done >`+slurm.ShellQuote(record)+"\n")
	t.Setenv("DIGISIM", filepath.Join(bin, "digisim"))
	out := filepath.Join(dir, "out")
	mustCLI(t, "slurm", exp, "--tasks", "4", "--out", out, "--cpus", "2")

	runTask := func(script string, env ...string) []string {
		t.Helper()
		os.Remove(record)
		cmd := exec.Command(bash, filepath.Join(out, "slurm", script))
		cmd.Env = append(os.Environ(), env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("bash %s: %v\n%s", script, err, b)
		}
		return strings.Fields(string(readFile(t, record)))
	}
	env := []string{"SLURM_ARRAY_TASK_ID=2", "SLURM_ARRAY_TASK_COUNT=4", "SLURM_CPUS_PER_TASK=3", "SLURM_ARRAY_JOB_ID=77"}
	want := []string{"sweep", exp, "--shard", "2/4", "--out", out, "--workers", "3"}
	if got := runTask("array.sbatch", env...); !slices.Equal(got, want) {
		t.Errorf("task 2 ran digisim %q, want %q", got, want)
	}
	part := runstore.PartPath(out, 2, 4)
	os.MkdirAll(filepath.Dir(part), 0o755)
	os.WriteFile(part+".partial", []byte("run\n"), 0o644)
	os.WriteFile(part+".state.json", []byte("{}"), 0o644)
	if got := runTask("array.sbatch", env...); !slices.Equal(got, append(want, "--resume")) {
		t.Errorf("task 2 after an interruption ran digisim %q, want %q", got, append(want, "--resume"))
	}
	if got := runTask("array.sbatch", "SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=1"); !slices.Equal(got,
		[]string{"sweep", exp, "--shard", "1/4", "--out", out, "--workers", "2"}) {
		t.Errorf("task 1 re-run alone (sbatch --array=1) ran digisim %q, want shard 1/4 with 2 workers", got)
	}
	if got, want := runTask("merge.sbatch", "SLURM_JOB_ID=78"), []string{"merge", out, "--experiment", exp}; !slices.Equal(got, want) {
		t.Errorf("merge job ran digisim %q, want %q", got, want)
	}
	cmd := exec.Command(bash, filepath.Join(out, "slurm", "array.sbatch"))
	cmd.Env = append(os.Environ(), "SLURM_ARRAY_TASK_ID=")
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "run this script with sbatch") {
		t.Errorf("array.sbatch run outside an array: err %v, output %s; want a failure that says to use sbatch", err, b)
	}
}

// TestSlurmSubmit: --submit submits the array, then the merge with a
// dependency on the array's id, and prints both ids; so does submit.sh.
func TestSlurmSubmit(t *testing.T) {
	t.Setenv("DIGISIM", fakeDigisim)
	dir := t.TempDir()
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	bin := t.TempDir()
	calls := filepath.Join(dir, "calls")
	// The first call prints a bare id, the second "id;cluster", as
	// sbatch --parsable does on federated clusters.
	fakeCommand(t, bin, "sbatch", `echo "$*" >>`+slurm.ShellQuote(calls)+`
n=$(wc -l <`+slurm.ShellQuote(calls)+`)
if [ "$n" -eq 1 ]; then echo 4101; else echo "4102;cluster"; fi
`)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out := filepath.Join(dir, "out")
	stdout := mustCLI(t, "slurm", exp, "--tasks", "4", "--out", out, "--submit")
	for _, w := range []string{"array job 4101 (4 tasks)", "merge job 4102 ", "squeue -j 4101,4102",
		filepath.Join(out, "slurm", "logs", "array-4101_K.out")} {
		if !strings.Contains(stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, stdout)
		}
	}
	slurmDir := filepath.Join(out, "slurm")
	wantCalls := fmt.Sprintf("--parsable %s/array.sbatch\n--parsable --dependency=afterok:4101 %s/merge.sbatch\n", slurmDir, slurmDir)
	if got := string(readFile(t, calls)); got != wantCalls {
		t.Errorf("sbatch calls:\n%s\nwant:\n%s", got, wantCalls)
	}

	os.Remove(calls)
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to run submit.sh with")
	}
	b, err := exec.Command(sh, filepath.Join(slurmDir, "submit.sh")).CombinedOutput()
	if err != nil || !strings.Contains(string(b), "array job 4101 (4 tasks), merge job 4102") {
		t.Errorf("submit.sh: %v\n%s", err, b)
	}
	if got := string(readFile(t, calls)); got != wantCalls {
		t.Errorf("submit.sh's sbatch calls:\n%s\nwant:\n%s", got, wantCalls)
	}

	// sbatch failing, or missing, is a clear error.
	fakeCommand(t, bin, "sbatch", "echo 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n")
	_, _, code, err := cli(t, "slurm", exp, "--tasks", "4", "--out", out, "--submit")
	if code != 1 || err == nil || !strings.Contains(err.Error(), "invalid partition specified: nope") {
		t.Errorf("with a failing sbatch: exit %d, err %v; want exit 1 and sbatch's message", code, err)
	}
	t.Setenv("PATH", t.TempDir())
	_, _, code, err = cli(t, "slurm", exp, "--tasks", "4", "--out", out, "--submit")
	if code != 1 || err == nil || !strings.Contains(err.Error(), "sbatch is not on PATH") || !strings.Contains(err.Error(), "submit.sh") {
		t.Errorf("without sbatch: exit %d, err %v; want exit 1, \"sbatch is not on PATH\" and submit.sh", code, err)
	}
}

// TestSlurmRefuses: bad settings and tasks too small for the scheduler are
// usage errors that name the fix, and write nothing.
func TestSlurmRefuses(t *testing.T) {
	t.Setenv("DIGISIM", fakeDigisim)
	dir := t.TempDir()
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	stale := filepath.Join(dir, "stale")
	mustCLI(t, "sweep", exp, "--shard", "0/2", "--out", stale)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--tasks", "0"}, 2, "--tasks 0: give the number of array tasks"},
		{nil, 2, "--tasks 0"},
		{[]string{"--tasks", "5"}, 2, "small has 40 runs, 8 runs a task"},
		{[]string{"--tasks", "40"}, 2, "use --tasks 4 or fewer"},
		{[]string{"--tasks", "2", "--time", "1 hour"}, 2, `--time "1 hour": want minutes, HH:MM:SS or D-HH:MM:SS`},
		{[]string{"--tasks", "2", "--mem", "lots"}, 2, `--mem "lots": want a size such as 500M or 2G`},
		{[]string{"--tasks", "2", "--partition", "a b"}, 2, `--partition "a b"`},
		{[]string{"--tasks", "2", "--cpus", "0"}, 2, "--cpus 0: want at least 1"},
		{[]string{"--tasks", "2", "--out", filepath.Join(dir, "my out")}, 2, "cannot hold spaces"},
		{[]string{"--tasks", "4", "--out", stale}, 1, "holds parts of a 2-shard sweep"},
	}
	for _, c := range cases {
		out := filepath.Join(dir, "out")
		args := append([]string{"slurm", exp}, c.args...)
		if !slices.Contains(c.args, "--out") {
			args = append(args, "--out", out)
		}
		_, _, code, err := cli(t, args...)
		if code != c.code || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("digisim %v: exit %d, err %v; want exit %d and %q", c.args, code, err, c.code, c.want)
		}
		for _, o := range []string{out, filepath.Join(dir, "my out"), filepath.Join(stale, "slurm")} {
			if _, err := os.Stat(o); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("digisim %v: wrote %s", c.args, o)
				os.RemoveAll(o)
			}
		}
	}
	// Few runs a task is allowed, with a warning.
	_, stderr, code, _ := cli(t, "slurm", exp, "--tasks", "4", "--out", filepath.Join(dir, "ok"))
	if code != 0 || !strings.Contains(stderr, "warning: 4 tasks of about 10 runs") {
		t.Errorf("--tasks 4 of 40 runs: exit %d, stderr %q; want 0 and a warning", code, stderr)
	}
}
