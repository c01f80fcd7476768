package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/testtmp"
)

// TestMain lets a test run the real main in a child process: the test
// binary re-executes itself with DIGISIM_RUN_MAIN set. The tests' output
// folders are in memory where the system allows (internal/testtmp).
func TestMain(m *testing.M) {
	if os.Getenv("DIGISIM_RUN_MAIN") == "1" {
		os.Args = append([]string{"digisim"}, strings.Fields(os.Getenv("DIGISIM_ARGS"))...)
		main()
		return
	}
	os.Exit(testtmp.Run(m))
}

// TestExitStatus runs main as a process: 0 on success, 1 on a failure, 2 on
// a usage error, with the error printed once on stderr.
func TestExitStatus(t *testing.T) {
	cases := []struct {
		args string
		code int
	}{
		{"version", 0},
		{"run no-such-scenario", 1},
		{"no-such-command", 2},
		{"run --bogus", 2},
	}
	for _, c := range cases {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "DIGISIM_RUN_MAIN=1", "DIGISIM_ARGS="+c.args)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code {
			t.Errorf("digisim %s: exit %d, want %d\n%s", c.args, code, c.code, stderr.String())
		}
		if c.code != 0 && strings.Count(stderr.String(), "digisim:") != 1 {
			t.Errorf("digisim %s: error not printed once:\n%s", c.args, stderr.String())
		}
	}
}
