package experiment

import (
	"fmt"

	"github.com/digisim/digisim/sim"
)

// The caps of MODEL.md on a run's magnitudes (the schema's maxPersons,
// maxIncomePerHead, maxMoney): a scenario's inputs are checked against
// them when it loads, but income shocks can carry a run past them, where
// the numbers describe no economy (shocks.sd = 10 gave GMV of 2e78 USD).
const (
	capPersons       = 1e10 // population, per member
	capIncomePerHead = 1e7  // USD per person per year, per member
	capMoney         = 1e14 // GMV in USD per year, per member and segment
)

// CapError is an output of a run beyond its cap.
type CapError struct {
	Variable, Member, Segment string
	Time, Value, Cap          float64
}

func (e *CapError) Error() string {
	where := e.Member
	if e.Segment != "" {
		where += " in " + e.Segment
	}
	return fmt.Sprintf("%s of %s reaches %.3g at %.2f, beyond MODEL.md's cap of %.0e: the run left the range the model describes; "+
		"lower shocks.sd or the ranges of the rates", e.Variable, where, e.Value, e.Time, e.Cap)
}

// checkCaps returns a *CapError for the first output of res above its
// cap, in time order, or nil.
func checkCaps(res *sim.Result) error {
	S := len(res.Segments)
	for k := range res.Steps {
		st := &res.Steps[k]
		for i, m := range res.Members {
			if i < len(st.Population) && st.Population[i] > capPersons {
				return &CapError{Variable: "population", Member: m, Time: st.Time, Value: st.Population[i], Cap: capPersons}
			}
			if i < len(st.IncomePerHead) && st.IncomePerHead[i] > capIncomePerHead {
				return &CapError{Variable: "income_per_head", Member: m, Time: st.Time, Value: st.IncomePerHead[i], Cap: capIncomePerHead}
			}
			for s := range S {
				if j := i*S + s; j < len(st.GMV) && st.GMV[j] > capMoney {
					return &CapError{Variable: "gmv", Member: m, Segment: res.Segments[s], Time: st.Time, Value: st.GMV[j], Cap: capMoney}
				}
			}
		}
	}
	return nil
}
