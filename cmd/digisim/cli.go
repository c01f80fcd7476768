package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/digisim/digisim/internal/outlock"
	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/internal/textsafe"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/sim"
)

// command is one subcommand: its one-line summary and the function that
// parses its arguments and does the work.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands holds every subcommand; each file registers its own in init,
// so that adding a command touches one file.
var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, args []string, stdout, stderr io.Writer) error) {
	if _, dup := commands[name]; dup {
		panic("digisim: command registered twice: " + name)
	}
	commands[name] = command{summary, run}
}

// usageError marks a mistake in how the command was called (exit status 2);
// library packages return the same type.
type usageError = usage.Error

var usagef = usage.Errorf

const usageHead = `digisim simulates the growth of a region's digital economy (e-commerce,
online travel, transport & food, media) under coordinated digital-commerce
policy across member states of uneven capacity. See README.md and MODEL.md.

Usage:
  digisim <command> [arguments]

Commands:
`

func printUsage(w io.Writer) {
	fmt.Fprint(w, usageHead)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, "\nRun \"digisim <command> --help\" for a command's arguments.\n")
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stderr)
		return usagef("no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run(ctx, []string{"--help"}, stdout, stderr)
			}
		}
		printUsage(stdout)
		return nil
	case "-version", "--version":
		name = "version" // what other tools take
	}
	c, ok := commands[name]
	if !ok {
		return usagef("unknown command %q%s; run \"digisim help\" for the list", name, suggest.DidYouMean(name, commandNames()))
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func commandNames() []string {
	var out []string
	for n := range commands {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// interrupt is the cause of a command's cancelled context: the signal
// that stopped it.
type interrupt struct{ sig os.Signal }

func (i interrupt) Error() string { return "interrupted by " + signalName(i.sig) }

func signalName(s os.Signal) string {
	switch s {
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return "SIGINT"
}

// exitCode prints err once and maps it to the exit status: 0 success, 2
// usage error, 128+N stopped by signal N (130 Ctrl-C, 143 SIGTERM, 129
// SIGHUP, as a shell reports a process the signal killed), 1 any other
// failure.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var u *usageError
	switch {
	case errors.As(err, &u):
		fmt.Fprintln(stderr, "digisim:", textsafe.Terminal(clipLines(err.Error())))
		return 2
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		var i interrupt
		if errors.As(context.Cause(ctx), &i) {
			fmt.Fprintf(stderr, "digisim: interrupted (%s)\n", signalName(i.sig))
			if s, ok := i.sig.(syscall.Signal); ok {
				return 128 + int(s)
			}
		} else {
			fmt.Fprintln(stderr, "digisim: interrupted")
		}
		return 130
	}
	fmt.Fprintln(stderr, "digisim:", textsafe.Terminal(clipLines(err.Error())))
	return 1
}

// newFlags returns a flag set that reports errors instead of exiting and
// prints its usage with a one-line synopsis.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package's own error line is not printed: exitCode prints
	// the error once.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: digisim %s %s\n\n", name, synopsis)
		printDefaults(stderr, fs)
	}
	return fs
}

// printDefaults lists the flags as the usage line writes them (--out,
// not -out), each with its argument, help and default.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, help := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		line += "\n    \t" + strings.ReplaceAll(help, "\n", "\n    \t")
		switch d := f.DefValue; {
		case d == "" || d == "0" || d == "false" || d == "[]":
		case arg == "string":
			line += fmt.Sprintf(" (default %q)", d)
		default:
			line += fmt.Sprintf(" (default %v)", d)
		}
		fmt.Fprintln(w, line)
	})
}

// maxStepsFlag adds --max-steps, which sets *limit, the sim.Params.StepLimit
// of the command's runs: the most integration steps a run may take before
// it is refused (left at 0, the default sim.MaxSteps).
func maxStepsFlag(fs *flag.FlagSet, limit *int) {
	fs.Func("max-steps", fmt.Sprintf("allow runs of up to N integration steps ((horizon - base_year) / time.dt; default %d, 0: no bound)", sim.MaxSteps),
		func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("%q: want a whole number >= 0", v)
			}
			*limit = n
			if n == 0 {
				*limit = sim.NoStepLimit
			}
			return nil
		})
}

// outFlag adds --out DIR to fs, refusing an empty value, and
// --allow-existing; once the flags are parsed, parse checks the folder
// (checkOut).
func outFlag(fs *flag.FlagSet, p *string, help string) {
	o := &outValue{dir: p, allow: new(bool)}
	fs.Var(o, "out", help)
	// plot's charts folder holds only charts, which plot replaces by name:
	// it takes no --allow-existing.
	if fs.Name() != "plot" {
		fs.BoolVar(o.allow, "allow-existing", false, "write into an --out folder that exists and holds files digisim did not write")
	}
}

// outValue is the value of --out: the folder, and --allow-existing, which
// checkOut needs once every flag is parsed.
type outValue struct {
	dir   *string
	allow *bool
}

func (o *outValue) String() string {
	if o.dir == nil {
		return ""
	}
	return *o.dir
}

func (o *outValue) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("empty: give a folder, or leave --out out for the default")
	}
	*o.dir = v
	return nil
}

// checkOutFlag checks the --out folder of fs, if it has one and it was
// given (the default, out/NAME, is digisim's own).
func checkOutFlag(fs *flag.FlagSet) error {
	f := fs.Lookup("out")
	if f == nil {
		return nil
	}
	o, ok := f.Value.(*outValue)
	if !ok || *o.dir == "" {
		return nil
	}
	return checkOut(fs.Name(), *o.dir, *o.allow)
}

// digisimFiles are names that mark a folder digisim wrote: a finished
// folder's manifest, a sweep's lock, partial table or parts, the slurm scripts, a plot's
// charts folder.
var digisimFiles = []string{"manifest.json", ".lock", "runs.csv", "runs.csv.partial", "runs.csv.state.json", "parts", "charts", "series.csv", "slurm"}

// checkOut refuses an --out folder whose files digisim would overwrite or
// mix with: the root, the home folder (never), and an existing folder
// holding files and none of digisim's (unless --allow-existing).
func checkOut(cmd, dir string, allow bool) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return usagef("%s: --out %s: %w", cmd, textsafe.QuotePath(dir), err)
	}
	home, _ := os.UserHomeDir()
	switch {
	case abs == filepath.VolumeName(abs)+string(filepath.Separator):
		return usagef("%s: --out %s is the root folder: give a folder of its own, e.g. --out out/run1", cmd, textsafe.QuotePath(dir))
	case home != "" && abs == filepath.Clean(home):
		return usagef("%s: --out %s is your home folder: give a folder of its own, e.g. --out ~/digisim/run1", cmd, textsafe.QuotePath(dir))
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil // made when written (a parent that cannot be made is reported then)
	}
	if !st.IsDir() {
		return usagef("%s: --out %s is a file, not a folder: give a folder", cmd, textsafe.QuotePath(dir))
	}
	if allow || cmd == "plot" {
		return nil
	}
	entries, err := os.ReadDir(abs)
	if err != nil || len(entries) == 0 {
		return nil
	}
	for _, e := range entries {
		if slices.Contains(digisimFiles, e.Name()) || strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".tmp-") {
			return nil // digisim's, or what a killed atomic write of digisim's left
		}
	}
	return usagef("%s: --out %s exists and holds %d files or folders that digisim did not write (%s, ...): "+
		"digisim would overwrite any of the same name; give a new folder, or add --allow-existing", cmd, textsafe.QuotePath(dir), len(entries), textsafe.Quote(entries[0].Name()))
}

// parse parses flags and positional arguments in any order (so that
// "digisim run agreement --out x" works) and checks the positional count.
func parse(fs *flag.FlagSet, args []string, minPos, maxPos int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%w", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if err := checkOutFlag(fs); err != nil {
		return nil, err
	}
	if len(pos) < minPos || (maxPos >= 0 && len(pos) > maxPos) {
		fs.Usage()
		switch {
		case len(pos) < minPos:
			return nil, usagef("%s: missing arguments", fs.Name())
		default:
			return nil, usagef("%s: unexpected arguments: %s", fs.Name(), strings.Join(pos[maxPos:], " "))
		}
	}
	return pos, nil
}

// maxLine bounds a line of an error message: a value quoted whole by
// some library (a 50 MB key) is cut, not echoed.
const maxLine = 2000

// clipLines cuts each line of msg to maxLine bytes.
func clipLines(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		if len(l) > maxLine {
			cut := maxLine
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut--
			}
			lines[i] = fmt.Sprintf("%s... (a line of %d bytes, cut)", l[:cut], len(l))
		}
	}
	return strings.Join(lines, "\n")
}

// isSet reports whether flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// workersPerCPU bounds --workers: runs are CPU-bound, so workers beyond
// a few per CPU wait for a CPU, each holding its run's memory (1e5
// workers held 0.9 GB, 1e7 ran out of memory). A bigger machine gets a
// larger bound with its CPUs.
const workersPerCPU = 8

// checkWorkers refuses a --workers value below 1 or above the bound.
func checkWorkers(cmd string, n int) error {
	if n < 1 {
		return usagef("%s: --workers %d: want at least 1", cmd, n)
	}
	if max := workersPerCPU * runtime.NumCPU(); n > max {
		return usagef("%s: --workers %d: at most %d here (%d per CPU, %d CPUs): more workers only wait for a CPU and hold memory; "+
			"the bound grows with the machine's CPUs", cmd, n, max, workersPerCPU, runtime.NumCPU())
	}
	return nil
}

// lockFolder takes the lock of a folder a command writes into (analyze,
// discover, brief, plot), which also removes the temporary files a
// killed command left there; call the release when done.
func lockFolder(dir, what string) (release func(), err error) {
	_, statErr := os.Stat(dir)
	lock, err := outlock.Acquire(dir, what)
	if err != nil {
		return nil, err
	}
	return func() {
		lock.Release()
		if statErr != nil {
			os.Remove(dir) // made for the lock, and left empty by a failure: removed (only if empty)
		}
	}, nil
}

// multiFlag collects a repeated string flag such as --set.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
