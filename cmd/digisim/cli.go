package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/suggest"
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

// exitCode prints err once and maps it to the exit status: 0 success, 2
// usage error, 130 interrupted, 1 any other failure.
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
		fmt.Fprintln(stderr, "digisim:", err)
		return 2
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "digisim: interrupted")
		return 130
	}
	fmt.Fprintln(stderr, "digisim:", err)
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

// outFlag adds --out DIR to fs, refusing an empty value.
func outFlag(fs *flag.FlagSet, p *string, help string) {
	fs.Func("out", help, func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("empty: give a folder, or leave --out out for the default")
		}
		*p = v
		return nil
	})
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
			return nil, &usageError{Msg: err.Error()}
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

// multiFlag collects a repeated string flag such as --set.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
