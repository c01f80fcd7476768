package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/digisim/digisim/scenarios"
)

// strictFlag adds --strict: plausibility warnings stop the command.
func strictFlag(fs *flag.FlagSet, p *bool) {
	fs.BoolVar(p, "strict", false, "treat plausibility warnings (figures no country shows: likely unit slips) as errors")
}

// warn prints the plausibility warnings of the scenarios on w (deduplicated:
// a twin repeats its base's); with strict, any warning is an error.
func warn(w io.Writer, strict bool, scs ...*scenarios.Scenario) error {
	seen := map[string]bool{}
	n := 0
	for _, sc := range scs {
		for _, e := range sc.Warnings {
			line := e.Error()
			if seen[line] {
				continue
			}
			seen[line] = true
			n++
			fmt.Fprintf(w, "warning: %s\n", line)
		}
	}
	if strict && n > 0 {
		return fmt.Errorf("%d plausibility warnings and --strict: fix the figures, or run without --strict", n)
	}
	return nil
}
