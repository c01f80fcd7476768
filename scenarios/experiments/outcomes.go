package experiments

import (
	"slices"
	"strings"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/experiment"
)

// resolveGroup copies an outcome's group of members and its ratio into
// out, reporting what can be known wrong before any run: a group with a
// single member beside it, a member the base scenario does not have, a
// ratio without a counterfactual. (Whether the variable adds up over
// members is checked when the sweep compiles its outcomes.)
func resolveGroup(pr *problems, key string, o Outcome, base *sim.Params, out *experiment.Outcome) {
	out.Members, out.Ratio = o.Members, o.Ratio
	if len(o.Members) > 0 && o.Member != "" {
		pr.add(key+".members", "%v beside member = %q: name one member, or a group in members", o.Members, o.Member)
	}
	var known []string
	for _, m := range base.Members {
		known = append(known, m.ID)
	}
	for j, m := range o.Members {
		if !slices.Contains(known, m) {
			pr.add(key+".members", "unknown member %q (known: %s)", m, strings.Join(known, ", "))
		} else if slices.Contains(o.Members[:j], m) {
			pr.add(key+".members", "%q is listed twice", m)
		}
	}
	if o.Ratio && o.Against == "" {
		pr.add(key+".ratio", "a ratio is this run over a counterfactual: name one with against")
	}
}
