package sweep

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShardFromEnvironment: the shard comes from Slurm's or Kubernetes'
// environment as well as from --shard, and --shard-count wins over
// SLURM_ARRAY_TASK_COUNT, which counts only the tasks of a re-run.
func TestShardFromEnvironment(t *testing.T) {
	for _, v := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"} {
		t.Setenv(v, "")
	}
	cases := []struct {
		env   map[string]string
		flag  string
		count int
		k, n  int
		ok    bool
		err   string
	}{
		{env: nil, ok: false},
		{flag: "2/5", k: 2, n: 5, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, k: 3, n: 4, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "1"}, count: 4, k: 3, n: 4, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "1"}, err: "give the number of shards with --shard-count N"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, flag: "1/2", k: 1, n: 2, ok: true},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "6"}, count: 7, k: 6, n: 7, ok: true},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "6"}, err: "--shard-count"},
		{flag: "4/4", err: "want K/N with 0 <= K < N"},
		{flag: "x", err: "want K/N"},
	}
	for _, c := range cases {
		for _, v := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"} {
			os.Unsetenv(v)
		}
		for k, v := range c.env {
			os.Setenv(k, v)
		}
		k, n, ok, err := ShardFromEnv(c.flag, c.count)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("env %v flag %q count %d: err %v, want %q", c.env, c.flag, c.count, err, c.err)
			}
		case err != nil || ok != c.ok || k != c.k || n != c.n:
			t.Errorf("env %v flag %q count %d: %d/%d ok=%v err=%v, want %d/%d ok=%v", c.env, c.flag, c.count, k, n, ok, err, c.k, c.n, c.ok)
		}
	}
}

const tiny = `scenario = "agreement"
design = "montecarlo"
runs = 3
seed = 2
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.05
max = 0.4
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`

// TestResumeProtocol: --resume needs the state file, and refuses one of
// another experiment; a finished sweep leaves no state or partial table.
func TestResumeProtocol(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "tiny.toml")
	if err := os.WriteFile(exp, []byte(tiny), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	o := Options{Experiment: exp, Out: out, Workers: 1}
	ro := o
	ro.Resume = true
	if err := Run(context.Background(), ro, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "nothing to resume") {
		t.Errorf("resume of nothing: %v", err)
	}
	if err := Run(context.Background(), o, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"runs.csv.partial", "runs.csv.state.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s left behind", f)
		}
	}
	b, _ := json.Marshal(State{Hash: "another", From: 0, To: 3})
	os.WriteFile(filepath.Join(out, "runs.csv.state.json"), b, 0o644)
	if err := Run(context.Background(), ro, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "another experiment") {
		t.Errorf("resume of another experiment: %v", err)
	}
}
