package series

import (
	"strings"

	"github.com/digisim/digisim/sim"
)

// Output is what a reader needs of an output variable, whatever its
// level: its name, a label for charts and reports, its unit (as in
// Variables) and whether values of members or segments may be summed.
type Output struct {
	Name     string
	Label    string
	Unit     string
	Additive bool
}

// outputs holds the label and additivity of every variable name; units
// come from Variables, so that a name has one unit at every level.
var outputs = map[string]Output{
	"users":                {Label: "Users", Additive: true},
	"spend_per_user":       {Label: "Spend per user"},
	"gmv":                  {Label: "Digital GMV", Additive: true},
	"gmv_seller":           {Label: "Digital GMV by seller's country", Additive: true},
	"cross_border_share":   {Label: "Share bought across borders"},
	"potential_users":      {Label: "Potential users", Additive: true},
	"readiness":            {Label: "Readiness"},
	"transactions_per_day": {Label: "Transactions per day", Additive: true},
	"capacity":             {},
	"capacity_mean":        {Label: "Mean capacity"},
	"coordination_mean":    {Label: "Effective coordination"},
	"online_share":         {Label: "Share of population online"},
	"population":           {Label: "Population"},
	"income_per_head":      {Label: "Income per head"},
	"gmv_per_head":         {Label: "Digital GMV per head"},
	"gini_gmv_per_head":    {Label: "Gini of GMV per head"},
	"cv_gmv_per_head":      {Label: "Coefficient of variation of GMV per head"},
	"capacity_gap":         {Label: "Capacity gap (max - min)"},
}

// Describe returns the Output of a variable name; ok is false for a name
// that is no output. A variable without a label of its own is labelled by
// its name with spaces for underscores.
func Describe(name string) (o Output, ok bool) {
	o, ok = outputs[name]
	o.Name = name
	if o.Label == "" {
		o.Label = strings.ReplaceAll(name, "_", " ")
	}
	for _, v := range Variables {
		if v.Name == name {
			o.Unit = v.Unit
			break
		}
	}
	return o, ok
}

// Find returns the variable of a name at a level, or nil.
func Find(name string, level Level) *Variable {
	for i := range Variables {
		if Variables[i].Name == name && Variables[i].Level == level {
			return &Variables[i]
		}
	}
	return nil
}

// At returns the variable's value at flat index idx of a snapshot (for
// MemberSegment, member i and segment s are i*S+s; for RegionSegment, -1
// is the total over segments).
func (v *Variable) At(sn *sim.Snapshot, idx int) float64 { return v.value(sn, idx) }
