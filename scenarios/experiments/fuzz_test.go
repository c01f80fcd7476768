package experiments

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: whatever the bytes of an experiment file, Parse
// returns an error with a message or an experiment that can run: at least
// one run, at least one replicate, design points = futures x policies,
// Check passes, and a name that is one file-name component (it names the
// output folder). It never panics. scripts/fuzz.sh runs it in CI.
func FuzzParse(f *testing.F) {
	for _, in := range List() {
		b, err := shippedFS.ReadFile("shipped/" + in.Name + ".toml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if b, err := os.ReadFile(filepath.Join("..", "..", "scripts", "faults", "faults.toml")); err == nil {
		f.Add(b)
	}
	f.Add([]byte("name = \"x\"\nscenario = \"agreement\"\ndesign = \"montecarlo\"\nruns = 4\n[[uncertainties]]\npath = \"policy.spillover\"\ndistribution = \"uniform\"\nmin = 0.1\nmax = 0.2\n[[outcomes]]\nname = \"g\"\nvariable = \"gmv\"\nyear = 2030\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		skipKnown(t, knownParse, data)
		e, err := Parse(filepath.Join("testdata", "fuzz.toml"), data)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("error with an empty message")
			}
			return
		}
		switch {
		case e.Run == nil:
			t.Fatal("no runnable experiment and no error")
		case e.Run.Runs() < 1 || e.Run.Replicates < 1:
			t.Fatalf("%d runs, %d replicates", e.Run.Runs(), e.Run.Replicates)
		case e.Run.Points != e.Futures*e.Policies:
			t.Fatalf("%d design points, %d futures x %d policies", e.Run.Points, e.Futures, e.Policies)
		case e.Name == "" || e.Name == "." || e.Name == ".." || strings.ContainsAny(e.Name, `/\`):
			t.Fatalf("name %q is not one file-name component", e.Name)
		}
		if err := e.Run.Check(); err != nil {
			t.Fatalf("loaded an experiment that cannot run: %v", err)
		}
	})
}

// Inputs that crash today, skipped until the fix.
var knownParse = map[string]string{}

// skipKnown skips an input that crashes today and is listed in known (by
// the first 12 hex digits of the SHA-256 of its arguments) with the issue
// item that will fix it, so that go test stays green while the fix is
// pending; remove the entry with the fix. DIGISIM_FUZZ_KEYS=1 prints the
// key of every input run.
func skipKnown(t *testing.T, known map[string]string, args ...any) {
	t.Helper()
	h := sha256.Sum256(fmt.Appendf(nil, "%q", args))
	key := hex.EncodeToString(h[:6])
	if why, ok := known[key]; ok {
		t.Skip("known crasher " + key + ": " + why)
	}
	if os.Getenv("DIGISIM_FUZZ_KEYS") != "" {
		fmt.Fprintf(os.Stderr, "%s: input key %s\n", t.Name(), key)
	}
}
