package badinput

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// The corpus: testdata/bad/cases.toml lists every case; the scenario,
// experiment, data and parts files it names are beside it. A case is
//
//	[[case]]
//	name = "set-out-of-range"             # unique, the subtest's name
//	item = 10                             # the group of bad input it belongs to, as cases.toml numbers them (0: none)
//	args = ["run", "agreement", "--set", "policy.business_engagement=2"]
//	exit = 1                              # the exit code wanted
//	want = ["policy.business_engagement", "2", "[0, 1]"]   # fragments of stdout+stderr ("!x": no x)
//	absent = ["out/agreement"]            # paths that must not exist afterwards
//	setup = [["sweep", "{bad}/experiments/tiny.toml", "--out", "t"]]  # commands run first, must exit 0
//	copy = ["parts/garbage", "m"]         # a folder of the corpus copied to the case's folder
//	write = [["m/parts/x.json", "{}"]]    # files written after setup ({bad}, {tmp} expanded)
//	generate = [["deep.toml", "a = ", "[", "3000000", ""]]  # head, unit x count, tail: a large file
//	replace = [["m/runs.csv", "0.", "x."]] # the first occurrence replaced after setup
//	remove = ["m/manifest.json"]          # files removed after setup
//	replace_re = [["m/runs.csv", "\\n0,[^,]*,", "\n0,x,"]]  # the first match of a regular expression replaced
//	present = ["o/runs.csv.partial"]      # paths that must exist afterwards
//	term = 0.5                            # seconds before SIGTERM is sent (a stopped command)
//	timeout = 5                           # seconds, for a known case that runs for hours today
//	known = "wrong today: ..."            # the case states the desired behaviour; today's differs
//
// Every command runs in its own empty temporary folder (so default output
// folders land there); {bad} in an argument is the corpus folder, {tmp}
// the case's folder, {long} 100,000 bytes of "k" (an argument may hold
// 128 KiB). A known case is run and reported as skipped with its
// reason; whether it now passes is said in the skip message, so that its
// known field can be removed with the fix.
type corpusCase struct {
	Name   string
	Item   int
	Args   []string
	Exit   int
	Want   []string
	Absent []string
	Setup  [][]string
	Copy   []string
	Write  [][]string // [path, text]: written after setup
	// Generate writes [path, head, unit, count, tail]: head, unit repeated
	// count times ({i} in it: the repetition's index), then tail (large
	// inputs the corpus cannot hold).
	Generate [][]string
	Replace  [][]string // [path, old, new]: the first old replaced after setup
	Remove   []string   // removed after setup
	// ReplaceRe is Replace with a regular expression: [path, re, new].
	ReplaceRe [][]string `toml:"replace_re"`
	Present   []string
	Term      float64 // seconds before the command gets SIGTERM (0: none)
	Timeout   int     // seconds before the command is killed (default 60)
	Known     string
}

var (
	verbose = flag.Bool("corpus.v", false, "print every case's output")
	binary  string
)

// TestMain builds digisim into a folder of the system's temporary
// directory named after this checkout and the build tags, and leaves it
// there: the next run's go build finds it up to date and does not link it
// again (about 4 s of CPU). go build renames the new binary into place, so
// a run still using the old one is not disturbed. The binary is built
// with this test's own tags (go test -tags purego tests a purego digisim;
// GOAMD64 and the like pass through the environment).
func TestMain(m *testing.M) {
	flag.Parse()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tags := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-tags" {
				tags = s.Value
			}
		}
	}
	sum := sha256.Sum256([]byte(root + "\x00" + tags))
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("digisim-badinput-%x", sum[:8]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "digisim")
	build := exec.Command("go", "build", "-tags", tags, "-o", binary, "github.com/digisim/digisim/cmd/digisim")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "badinput: building digisim:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func loadCases(t *testing.T) (string, []corpusCase) {
	t.Helper()
	bad, err := filepath.Abs(filepath.Join("..", "..", "testdata", "bad"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Case []corpusCase }
	md, err := toml.DecodeFile(filepath.Join(bad, "cases.toml"), &file)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Fatalf("cases.toml: unknown keys %v", u)
	}
	seen := map[string]bool{}
	for _, c := range file.Case {
		if c.Name == "" || seen[c.Name] || len(c.Args) == 0 || (c.Exit != 0 && len(c.Want) == 0) {
			t.Fatalf("cases.toml: case %q: want a unique name, args, and fragments for a failure", c.Name)
		}
		seen[c.Name] = true
	}
	return bad, file.Case
}

// run runs digisim with args in dir and returns its exit code and output;
// a command still running after timeout is killed and reported as such.
func run(t *testing.T, dir string, args []string, timeout time.Duration, term ...time.Duration) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if len(term) > 0 && term[0] > 0 {
		timer := time.AfterFunc(term[0], func() { cmd.Process.Signal(syscall.SIGTERM) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return -1, out.String() + fmt.Sprintf("\n[still running after %v: killed]\n", timeout)
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String()
	case err != nil:
		t.Fatalf("digisim %s: %v", strings.Join(args, " "), err)
	}
	return 0, out.String()
}

func expand(args []string, bad, tmp string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.NewReplacer("{bad}", bad, "{tmp}", tmp, "{long}", strings.Repeat("k", 100_000)).Replace(a)
	}
	return out
}

// TestCorpus runs every case of testdata/bad/cases.toml: the exit code,
// the message fragments, no panic or stack trace, and nothing left where a
// failure must leave nothing. With -short it runs a representative subset
// (shortCases); without, every case, as CI does.
func TestCorpus(t *testing.T) {
	bad, cases := loadCases(t)
	if len(cases) < 150 {
		t.Errorf("%d cases, want at least 150", len(cases))
	}
	if testing.Short() {
		all := len(cases)
		cases = shortCases(cases)
		t.Logf("-short: %d of the %d cases, the first of each item; go test without -short runs them all, as CI does", len(cases), all)
	}
	var mu sync.Mutex
	var panics, knownPass []string
	knownCount := 0
	t.Cleanup(func() {
		t.Logf("%d cases, %d known wrong today (%d of them now pass), %d panics or stack traces in known cases",
			len(cases), knownCount, len(knownPass), len(panics))
		for _, p := range panics {
			t.Logf("  panic (known): %s", p)
		}
		for _, p := range knownPass {
			t.Logf("  known case now passes, remove its known field: %s", p)
		}
	})
	for _, c := range cases {
		if c.Known != "" {
			knownCount++
		}
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			tmp := t.TempDir()
			if len(c.Copy) == 2 {
				if err := os.CopyFS(filepath.Join(tmp, c.Copy[1]), os.DirFS(filepath.Join(bad, c.Copy[0]))); err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range c.Setup {
				// "@term=SECONDS" first: the command is stopped by SIGTERM then.
				term, want := time.Duration(0), 0
				if v, ok := strings.CutPrefix(s[0], "@term="); ok {
					secs, err := strconv.ParseFloat(v, 64)
					if err != nil {
						t.Fatalf("setup %v: %v", s, err)
					}
					term, want, s = time.Duration(secs*float64(time.Second)), 143, s[1:]
				}
				if code, out := run(t, tmp, expand(s, bad, tmp), time.Minute, term); code != want {
					t.Fatalf("setup digisim %s: exit %d, want %d\n%s", strings.Join(s, " "), code, want, out)
				}
			}
			for _, w := range c.Write {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(tmp, w[0])), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(tmp, w[0]), []byte(expand(w[1:2], bad, tmp)[0]), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, g := range c.Generate {
				n, err := strconv.Atoi(g[3])
				if len(g) != 5 || err != nil {
					t.Fatalf("generate %v: want [path, head, unit, count, tail]", g)
				}
				var text strings.Builder
				text.WriteString(g[1])
				for i := range n {
					text.WriteString(strings.ReplaceAll(g[2], "{i}", strconv.Itoa(i)))
				}
				text.WriteString(g[4])
				if err := os.WriteFile(filepath.Join(tmp, g[0]), []byte(text.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range c.Replace {
				path := filepath.Join(tmp, r[0])
				b, err := os.ReadFile(path)
				if err != nil || !bytes.Contains(b, []byte(r[1])) {
					t.Fatalf("replace in %s: %q not found (%v)", r[0], r[1], err)
				}
				if err := os.WriteFile(path, bytes.Replace(b, []byte(r[1]), []byte(r[2]), 1), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range c.ReplaceRe {
				path := filepath.Join(tmp, r[0])
				b, err := os.ReadFile(path)
				re := regexp.MustCompile(r[1])
				loc := re.FindIndex(b)
				if err != nil || loc == nil {
					t.Fatalf("replace_re in %s: %q not found (%v)", r[0], r[1], err)
				}
				b = append(append(append([]byte(nil), b[:loc[0]]...), re.ReplaceAll(b[loc[0]:loc[1]], []byte(r[2]))...), b[loc[1]:]...)
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range c.Remove {
				if err := os.RemoveAll(filepath.Join(tmp, r)); err != nil {
					t.Fatal(err)
				}
			}
			args := expand(c.Args, bad, tmp)
			timeout := time.Minute
			if c.Timeout > 0 {
				timeout = time.Duration(c.Timeout) * time.Second
			}
			code, out := run(t, tmp, args, timeout, time.Duration(c.Term*float64(time.Second)))
			if *verbose {
				t.Logf("digisim %s: exit %d\n%s", strings.Join(args, " "), code, out)
			}
			var problems []string
			panicked := strings.Contains(out, "panic:") || strings.Contains(out, "goroutine ") || strings.Contains(out, "fatal error:")
			if panicked {
				problems = append(problems, "a panic or stack trace")
			}
			if code != c.Exit {
				problems = append(problems, fmt.Sprintf("exit %d, want %d", code, c.Exit))
			}
			for _, w := range c.Want {
				w = expand([]string{w}, bad, tmp)[0]
				if not, ok := strings.CutPrefix(w, "!"); ok {
					if strings.Contains(out, not) {
						problems = append(problems, fmt.Sprintf("%q in the output", not))
					}
				} else if !strings.Contains(out, w) {
					problems = append(problems, fmt.Sprintf("no %q in the output", w))
				}
			}
			for _, a := range c.Absent {
				if _, err := os.Stat(filepath.Join(tmp, a)); err == nil {
					problems = append(problems, fmt.Sprintf("%s exists after the failure", a))
				}
			}
			for _, a := range c.Present {
				if _, err := os.Stat(filepath.Join(tmp, a)); err != nil {
					problems = append(problems, fmt.Sprintf("%s is missing", a))
				}
			}
			if c.Known != "" {
				mu.Lock()
				if panicked {
					panics = append(panics, c.Name)
				}
				if len(problems) == 0 {
					knownPass = append(knownPass, c.Name)
				}
				mu.Unlock()
				if len(problems) == 0 {
					t.Skipf("known (item %d: %s), but passes now: remove its known field", c.Item, c.Known)
				}
				t.Skipf("known (item %d): %s; today: %s", c.Item, c.Known, strings.Join(problems, "; "))
			}
			if len(problems) > 0 {
				t.Errorf("digisim %s:\n  %s\noutput:\n%s", strings.Join(args, " "), strings.Join(problems, "\n  "), clip(out))
			}
		})
	}
}

// shortCases returns the first case of each item (each group of bad
// input, as cases.toml numbers them), in the corpus's order. Each
// command's refusal of bad arguments is checked in-process by
// cmd/digisim's tests, with -short too.
func shortCases(cases []corpusCase) []corpusCase {
	var out []corpusCase
	seen := map[int]bool{}
	for _, c := range cases {
		if !seen[c.Item] {
			out = append(out, c)
			seen[c.Item] = true
		}
	}
	return out
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "\n[...]"
	}
	return s
}
